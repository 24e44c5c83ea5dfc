package dev.baton.scheduler;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fencing ("Fencing" in Pacemaker Explained; the scheduler's pe_fence_node and pe_can_fence in 2.1.5). An unclean
 * node (its state is unknown: see {@link Node#unclean()}, or a ticket with loss-policy=fence was lost while a
 * dependent resource ran there) runs nothing. It is fenced when fencing can be done: stonith-enabled, a fencing
 * device (a stonith-class primitive) is configured, some resource is managed, and the cluster has quorum,
 * no-quorum-policy is ignore, or the node is still in the membership (online). What ran on a fenced node is then
 * stopped by the fencing itself and may start elsewhere. What runs on an unclean node that cannot be fenced
 * cannot be stopped: it stays where it is, its stop blocked. The fence action is stonith-action (reboot; poweroff
 * is off).
 * <p>
 * Unfencing ("Unfencing" in Pacemaker Explained) is in use when a resource's meta attributes (or rsc_defaults) say
 * provides=unfencing or requires=unfencing. Then fencing devices, and the resources that require unfencing
 * (requires=unfencing, the default for all but fencing devices), are probed or started on a node only after it was
 * unfenced ("Fence (on)"): once, for a clean online node that is not shutting down and has no nonzero
 * {@code #node-unfenced} attribute yet.
 */
final class Fencing {
    private final WorkingSet ws;
    /** Unclean nodes and why, in node order of discovery. */
    private final Map<Integer, String> unclean = new LinkedHashMap<>();
    private final boolean possible;
    private final boolean unfencing;

    Fencing(WorkingSet ws, boolean haveManaged, boolean haveDevice) {
        this.ws = ws;
        ClusterModel m = ws.model;
        possible = m.properties().stonithEnabled() && haveDevice && haveManaged;
        unfencing = "unfencing".equals(m.resourceDefaults().get("requires")) || ws.byId.values().stream()
                .anyMatch(r -> "unfencing".equals(r.meta.get("provides")) || "unfencing".equals(r.meta.get("requires")));
        for (int n = 0; n < ws.nodes.size(); n++) {
            if (ws.nodes.get(n).unclean() != null) {
                unclean.put(n, ws.nodes.get(n).unclean());
            }
        }
    }

    /** Guest nodes reset by recovering their container: guest name → container id. */
    private final Map<String, String> guests = new LinkedHashMap<>();

    /**
     * Fences a guest node by recovering its container ("Fence (reboot) guest (resource: container)"): the guest is
     * not unclean, it may run resources again in this transition once its container is back.
     */
    void fenceGuest(String guest, String container) {
        guests.putIfAbsent(guest, container);
    }

    /** Makes {@code node} unclean for {@code reason} (the first reason given stays). */
    void fence(int node, String reason) {
        unclean.putIfAbsent(node, reason);
        ws.canRun[node] = false;
    }

    /** The node is clean after all (a remote node whose connection can be established again). */
    void revoke(int node) {
        unclean.remove(node);
    }

    boolean unclean(int node) {
        return unclean.containsKey(node);
    }

    /** Whether the node is unclean and will be fenced in this transition. */
    boolean fenced(int node) {
        return unclean(node) && canFence(node);
    }

    /** Whether what runs on the node is stuck there: it is unclean and cannot be fenced. */
    boolean stuck(int node) {
        return unclean(node) && !canFence(node);
    }

    private boolean canFence(int node) {
        ClusterModel m = ws.model;
        return possible && (m.haveQuorum() || m.properties().noQuorumPolicy().equals("ignore")
                || ws.nodes.get(node).online());
    }

    /** The fence actions of the transition summary, as crm_simulate lists them. */
    List<Action> actions() {
        List<Action> out = new ArrayList<>();
        unclean.forEach((n, why) -> {
            if (canFence(n)) {
                out.add(Action.fence(ws.nodes.get(n).name(), kind(), why));
            }
        });
        guests.forEach((guest, container) -> out.add(Action.fence(guest + " (resource: " + container + ")", kind(),
                "guest is unclean")));
        return out;
    }

    /** The graph operation fencing the node ("fence/reboot node3"), null if it is not fenced. */
    String operation(int node) {
        return fenced(node) ? "fence/" + kind() + " " + ws.nodes.get(node).name() : null;
    }

    /** Whether {@code p} may be probed or started on a node only once the node is unfenced. */
    boolean needsUnfencing(Rsc p) {
        if (!unfencing || !ws.model.properties().stonithEnabled()) {
            return false;
        }
        if ("stonith".equals(p.primitive.resourceClass())) {
            return true; // fencing devices that unfence need the node unfenced even to probe it
        }
        String requires = p.meta.get("requires");
        return requires == null || !java.util.Set.of("nothing", "quorum", "fencing").contains(requires);
    }

    /** Whether the node is still to be unfenced before such a resource may be probed or started there. */
    boolean mayUnfence(int node) {
        Node n = ws.nodes.get(node);
        String unfenced = n.attributes().get("#node-unfenced");
        return unfencing && n.online() && !unclean(node) && !n.shutdown() && (unfenced == null || unfenced.equals("0"))
                && canFence(node);
    }

    private String kind() {
        String kind = ws.model.properties().get("stonith-action", "reboot");
        return kind.equals("poweroff") ? "off" : kind;
    }
}
