package dev.baton.scheduler;

import dev.baton.scheduler.importer.Durations;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Role;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pacemaker 2.1.5's priority-fencing-delay (pe_fence_op, node_priority_fencing_delay): the fence of a node that
 * left the cluster is delayed when that node runs the resources of the highest total priority, so that in a split
 * the side with the more important resources fences the other first and wins. A node's priority is the sum of the
 * {@code priority} meta of the resources active there (a promoted instance one more), failed ones left out. No
 * delay when the property is 0 or unset, the target is online (fenced for a failure, not for leaving), more than
 * half the nodes are online, all nodes have the same priority, or the target's is not the highest. It changes when
 * a node is fenced, not the plan: the operator applies it when it dispatches the fence.
 */
public final class PriorityFencing {
    private PriorityFencing() {
    }

    /** The delay, in milliseconds, before fencing {@code target}. */
    public static long delayMs(ClusterModel model, String target) {
        long delay;
        try {
            delay = Durations.toMillis(model.properties().get("priority-fencing-delay", "0"));
        } catch (IllegalArgumentException e) {
            return 0;
        }
        WorkingSet ws = new WorkingSet(model);
        Integer t = ws.nodeIndex.get(target);
        if (delay <= 0 || t == null || ws.nodes.get(t).online() || ws.remotes.isRemote(t)) {
            return 0;
        }
        Map<Integer, Integer> priority = priorities(ws);
        int members = 0;
        int online = 0;
        int top = Integer.MIN_VALUE;
        int lowest = Integer.MAX_VALUE;
        for (int n = 0; n < ws.nodes.size(); n++) {
            if (ws.remotes.isRemote(n)) {
                continue;
            }
            members++;
            online += ws.nodes.get(n).online() ? 1 : 0;
            top = Math.max(top, priority.getOrDefault(n, 0));
            lowest = Math.min(lowest, priority.getOrDefault(n, 0));
        }
        if (online > members / 2 || lowest == top || priority.getOrDefault(t, 0) < top) {
            return 0;
        }
        return delay;
    }

    /**
     * Each node's priority: what is active there, as native_add_running adds it up. What failed there does not count
     * (its history's failure, not ignored: the working set forgets failures on an unclean node, Pacemaker's
     * unpack does not).
     */
    static Map<Integer, Integer> priorities(WorkingSet ws) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        ws.byId.values().stream().filter(r -> r.kind == Rsc.Kind.PRIMITIVE).distinct()
                .filter(r -> r.priority() != 0)
                .forEach(r -> r.runningOn.stream().filter(n -> !failedThere(ws, r, n)).forEach(n -> out.merge(n,
                        r.priority() + (r.role == Role.PROMOTED ? 1 : 0), Integer::sum)));
        return out;
    }

    private static boolean failedThere(WorkingSet ws, Rsc r, int node) {
        String id = r.historyNames.getOrDefault(node, r.id);
        return ws.model.history().stream().anyMatch(h -> h.node().equals(ws.nodes.get(node).name())
                && h.resource().equals(id) && h.failed() && !h.failureIgnored());
    }
}
