package dev.baton.scheduler;

import dev.baton.scheduler.model.Node;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Remote and guest nodes in the scheduler ("Pacemaker Remote" in Pacemaker Explained; 2.1.5's
 * pcmk__allocate_resources and remote_connection_assigned). A node whose name is the id of an
 * {@code ocf:pacemaker:remote} primitive is reached through that connection resource (a guest node's connection is
 * inside its container). Connections, fencing devices and guests' containers cannot run on remote nodes; a
 * connection may live-migrate unless allow-migrate says otherwise. Connections are assigned before every other
 * resource (preferring a partial migration's target); the remote node then runs resources in this transition only
 * if its connection was assigned a node and is not to stop, and what it runs otherwise has to leave. A remote node
 * that is unclean only because resources are thought active on it while its connection has not failed is not
 * fenced when the connection can be established again; one whose connection will run nowhere while it is failed
 * or on an unclean cluster node is fenced if anything is active on it (or, when it is not failed, if some resource
 * would have to be probed there).
 */
final class RemoteNodes {
    private static final String AGENT = "ocf:pacemaker:remote";
    private final WorkingSet ws;
    /** Remote node index → its connection resource. */
    private final Map<Integer, Rsc> connections = new LinkedHashMap<>();

    RemoteNodes(WorkingSet ws) {
        this.ws = ws;
        for (Rsc r : ws.byId.values()) {
            Integer node = ws.nodeIndex.get(r.id);
            if (r.kind == Rsc.Kind.PRIMITIVE && r.primitive != null && AGENT.equals(r.primitive.agent())
                    && node != null && r.id.equals(r.baseId())) {
                connections.put(node, r);
                // remote nodes float between cluster nodes without stopping what they run
                r.meta.putIfAbsent("allow-migrate", "true");
            }
        }
    }

    boolean isRemote(int node) {
        return connections.containsKey(node);
    }

    /** Bans connections, fencing devices and guests' containers from remote nodes. */
    void ban() {
        for (Rsc r : ws.byId.values()) {
            if (r.kind != Rsc.Kind.PRIMITIVE || r.primitive == null) {
                continue;
            }
            String why = AGENT.equals(r.primitive.agent()) ? "a connection cannot run on a remote node"
                    : "stonith".equals(r.primitive.resourceClass()) ? "a fencing device cannot run on a remote node"
                    : isContainer(r) ? "a guest's container cannot run on a remote node" : null;
            if (why != null) {
                for (int n : connections.keySet()) {
                    r.scores.set(n, Score.MINUS_INFINITY, why);
                }
            }
        }
    }

    private boolean isContainer(Rsc r) {
        return connections.values().stream().anyMatch(c -> r.id.equals(c.meta.get("container")));
    }

    /**
     * Guest nodes that must be reset (Pacemaker fences a guest by recovering its container): a guest whose container
     * runs on an unclean node, or that is down (so too on such a host) while something is active on it. In the
     * latter case the container and what is active on the guest count as failed (they are recovered). The reset
     * needs the container's nodes to be up or fenced [determine_remote_online_status, pe_fence_node, pe_can_fence].
     */
    void resetGuests() {
        connections.forEach((node, c) -> {
            Rsc container = containerOf(c);
            if (container == null) {
                return;
            }
            boolean hostUnclean = container.runningOn.stream().anyMatch(ws.fencing::unclean);
            boolean recover = (hostUnclean || !ws.nodes.get(node).online()) && activeOn(node);
            if (!hostUnclean && !recover) {
                return;
            }
            boolean reachable = container.runningOn.stream()
                    .allMatch(h -> ws.nodes.get(h).online() || ws.fencing.fenced(h));
            if (!reachable || !container.managed()) {
                return;
            }
            ws.fencing.fenceGuest(ws.nodes.get(node).name(), container.id);
            if (!recover) {
                return;
            }
            if (!container.runningOn.isEmpty()) {
                container.failed = true;
            }
            for (Rsc r : ws.byId.values()) {
                if (r.kind == Rsc.Kind.PRIMITIVE && r.runningOn.contains(node)) {
                    r.failed = true;
                }
            }
        });
    }

    private Rsc containerOf(Rsc connection) {
        String id = connection.meta.get("container");
        return id == null ? null : ws.find(id);
    }

    /** Assigns the connections first, then says which remote nodes may run resources in this transition. */
    void assignConnections(Allocator allocator) {
        connections.forEach((node, c) -> allocator.assignPrimitive(c, c.partialTarget));
        connections.forEach((node, c) -> {
            Node n = ws.nodes.get(node);
            boolean up = c.next >= 0 && c.nextRole != null && c.nextRole.active();
            if (up && n.fencingRevocable()) {
                ws.fencing.revoke(node);
            }
            ws.canRun[node] = up && !n.standby() && !n.maintenance() && !n.shutdown() && !ws.fencing.unclean(node);
        });
    }

    /**
     * Once everything is assigned: a remote node whose connection will run nowhere, and is failed or on a cluster
     * node that is unclean, cannot be reached to stop what is active on it: it is fenced [get_remote_node_state,
     * remote_state_failed].
     */
    void fenceUnreachable() {
        connections.forEach((node, c) -> {
            boolean runsNowhere = c.next < 0 || c.nextRole == null || !c.nextRole.active();
            int host = c.currentNode();
            boolean unrecoverable = c.failed || host >= 0 && ws.fencing.unclean(host);
            if (!runsNowhere || !unrecoverable || ws.fencing.unclean(node)) {
                return;
            }
            if (activeOn(node)) {
                ws.fencing.fence(node, "resources are active but connection is unrecoverable");
            } else if (ws.nodes.get(node).online() && !c.failed && unknownOn(node)) {
                // the node would be probed for them, and cannot be
                ws.fencing.fence(node, "resources are in unknown state and connection is unrecoverable");
            }
        });
    }

    /** Whether some resource that may run there has no history on the node (its state there is unknown). */
    private boolean unknownOn(int node) {
        String name = ws.nodes.get(node).name();
        Set<String> known = new HashSet<>();
        ws.model.history().stream().filter(h -> h.node().equals(name)).forEach(h -> known.add(baseId(h.resource())));
        return ws.byId.values().stream().anyMatch(r -> r.kind == Rsc.Kind.PRIMITIVE && r.primitive != null
                && !r.orphan && !AGENT.equals(r.primitive.agent()) && !"stonith".equals(r.primitive.resourceClass())
                && !known.contains(r.baseId()) && ws.discovery.probes(r, node));
    }

    private static String baseId(String id) {
        int colon = id.lastIndexOf(':');
        return colon < 0 ? id : id.substring(0, colon);
    }

    /**
     * Once everything is assigned: what stays on a guest whose container stops and starts again (moves, restarts)
     * restarts with it, since it runs inside the container.
     */
    void restartWithContainers() {
        connections.forEach((node, c) -> {
            Rsc container = containerOf(c);
            if (container == null || container.runningOn.isEmpty() || !ws.canRun[node]) {
                return;
            }
            int host = container.currentNode();
            if (container.next == host && !container.restart && !container.failed) {
                return;
            }
            for (Rsc r : ws.byId.values()) {
                if (r.kind == Rsc.Kind.PRIMITIVE && r.runningOn.contains(node) && r.next == node) {
                    r.restart = true;
                }
            }
        });
    }

    private boolean activeOn(int node) {
        return ws.byId.values().stream().anyMatch(r -> r.kind == Rsc.Kind.PRIMITIVE && r.runningOn.contains(node));
    }
}
