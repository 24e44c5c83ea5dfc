package dev.baton.scheduler.importer;

import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.ResourceHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * A cluster node's membership as Pacemaker 2.1.5 reads it from its {@code node_state} (unpack's
 * determine_online_status): online, pending (a member that has not joined yet: it runs nothing), or unclean, with
 * the reason it must be fenced. Without fencing a node is only online when fully joined, and unclean only when it
 * is unexpectedly down; with fencing, a node that left the membership, whose controller died, that failed the
 * join, that asked to be terminated or that was never seen (startup-fencing) is unclean. {@code suicide}
 * (no-quorum-policy=suicide in effect while quorum is lost) makes every online node unclean.
 */
record NodeStates(boolean online, boolean pending, String unclean) {
    private static final NodeStates OFFLINE = new NodeStates(false, false, null);

    /**
     * @param state the node's {@code node_state}, null if the status has none
     * @param attributes its node attributes (transient ones included): terminate, shutdown
     */
    static NodeStates of(Element state, Map<String, String> attributes, boolean stonith, boolean startupFencing,
                         boolean suicide) {
        if (state == null) {
            // never seen in this cluster's lifetime: its state is unknown unless startup-fencing is off
            return new NodeStates(false, false, startupFencing ? "node is unclean" : null);
        }
        NodeStates s = stonith ? fencing(state, attributes) : noFencing(state, attributes);
        if (suicide && s.online && s.unclean == null) {
            return new NodeStates(true, s.pending, "cluster does not have quorum");
        }
        return s;
    }

    /**
     * The node states whose resource history Pacemaker reads: all of them with fencing or shutdown-lock, else only
     * the online nodes' (what an offline node ran without fencing is not known to run there any more).
     */
    static Map<String, Element> unpacked(Map<String, Element> states, Map<String, NodeStates> membership,
                                         boolean all) {
        Map<String, Element> out = new LinkedHashMap<>();
        states.forEach((node, state) -> {
            NodeStates m = membership.get(node);
            if (all || m == null || m.online) {
                out.put(node, state);
            }
        });
        return out;
    }

    /**
     * With fencing, what the history says makes more nodes unclean (unpack's process_rsc_state): a managed resource
     * active on a node that is offline and not in maintenance ("R is thought to be active there"), and a failure
     * whose on-fail is fence ("R failed there"). A node that is unclean already keeps its first reason.
     */
    static List<Node> implied(List<Node> nodes, Map<String, NodeStates> membership, List<ResourceHistory> history,
                              FailurePolicy policy, RemoteNodes remotes) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.unclean() != null) {
                reasons.put(n.name(), n.unclean());
            }
        }
        Map<String, Node> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        for (ResourceHistory h : history) {
            Node n = byName.get(h.node());
            NodeStates m = membership.get(h.node());
            // a guest node is not fenced but recovered with its container
            if (n == null || m == null || reasons.containsKey(n.name()) || remotes.isGuest(n.name())) {
                continue;
            }
            if (h.role().active() && !m.online && !n.maintenance() && policy.managed(h.resource())) {
                reasons.put(n.name(), remotes.revocable(n.name()) ? Node.activeOnRemote(h.resource())
                        : h.resource() + " is thought to be active there");
            } else if (h.onFail() == OnFail.FENCE) {
                reasons.put(n.name(), Node.failedThere(h.resource()));
            }
        }
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            String why = reasons.get(n.name());
            out.add(why == null || why.equals(n.unclean()) ? n : new Node(n.name(), n.online(), n.standby(),
                    n.maintenance(), n.shutdown(), n.attributes(), n.utilization(), why));
        }
        return out;
    }

    private static NodeStates noFencing(Element state, Map<String, String> attributes) {
        if (!truthy(state.getAttribute("in_ccm"))) {
            return OFFLINE;
        }
        if (peer(state)) {
            boolean joined = state.getAttribute("join").equalsIgnoreCase("member");
            return joined ? new NodeStates(true, false, null) : OFFLINE;
        }
        boolean expectedUp = !shuttingDown(attributes) && state.getAttribute("expected").equalsIgnoreCase("member");
        return expectedUp ? new NodeStates(false, false, "peer is unexpectedly down") : OFFLINE;
    }

    private static NodeStates fencing(Element state, Map<String, String> attributes) {
        boolean terminate = terminate(attributes.get("terminate"));
        boolean inCluster = truthy(state.getAttribute("in_ccm"));
        boolean peer = peer(state);
        String join = state.getAttribute("join");
        String expected = state.hasAttribute("expected") ? state.getAttribute("expected") : "down";
        if (shuttingDown(attributes)) {
            return new NodeStates(peer, false, null); // a node shutting down is online while its controller is
        }
        if (!state.hasAttribute("in_ccm")) {
            return new NodeStates(false, false, "peer has not been seen by the cluster");
        }
        if (join.equalsIgnoreCase("nack")) {
            return new NodeStates(inCluster, false, "peer failed Pacemaker membership criteria");
        }
        if (!terminate && expected.equalsIgnoreCase("down")) {
            // not expected up: coming up (pending) or down, either way clean
            return inCluster || peer ? new NodeStates(inCluster, true, null) : OFFLINE;
        }
        if (terminate && join.equalsIgnoreCase("down") && !inCluster && !peer) {
            return OFFLINE; // just shot
        }
        if (!inCluster) {
            return new NodeStates(false, false, "peer is no longer part of the cluster");
        }
        if (!peer) {
            return new NodeStates(true, false, "peer process is no longer available");
        }
        if (terminate) {
            return new NodeStates(true, false, "termination was requested");
        }
        if (join.equalsIgnoreCase("member")) {
            return new NodeStates(true, false, null);
        }
        if (join.equalsIgnoreCase("pending") || join.equalsIgnoreCase("down")) {
            return new NodeStates(true, true, null);
        }
        return new NodeStates(true, false, "peer was in an unknown state");
    }

    private static boolean shuttingDown(Map<String, String> attributes) {
        String shutdown = attributes.get("shutdown");
        return shutdown != null && !shutdown.isEmpty() && !shutdown.equals("0");
    }

    /** The controller's peer state: "online" (older CIBs: a member's "true" or join id). */
    private static boolean peer(Element state) {
        String crmd = state.getAttribute("crmd");
        return crmd.equalsIgnoreCase("online") || crmd.equals("true") || crmd.matches("[1-9][0-9]*");
    }

    /** The terminate attribute: true, or a time (a number not starting with 0). */
    private static boolean terminate(String v) {
        return v != null && (dev.baton.scheduler.model.ClusterProperties.truthy(v)
                || !v.isEmpty() && v.charAt(0) != '0' && Character.isDigit(v.charAt(0)));
    }

    private static boolean truthy(String v) {
        return dev.baton.scheduler.model.ClusterProperties.truthy(v) || v.equals("online")
                || v.matches("[1-9][0-9]*");
    }
}
