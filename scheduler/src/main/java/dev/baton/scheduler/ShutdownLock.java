package dev.baton.scheduler;

import dev.baton.scheduler.importer.Durations;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.ResourceHistory;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * shutdown-lock: a primitive (alone or in a group, not cloned, not a fencing device or remote connection) is locked
 * to the node it was active on when that node shut down cleanly, and banned from every other node until the node
 * comes back or shutdown-lock-limit (0: no limit) has passed since the lock was taken. The lock is taken now when
 * the resource is active only on a node that is shutting down, or was taken before (the history's shutdown-lock
 * time on that node); a recorded lock is void once the resource is active anywhere, or expired.
 */
final class ShutdownLock {
    private ShutdownLock() {
    }

    static void apply(WorkingSet ws) {
        ClusterProperties props = ws.model.properties();
        if (!props.flag("shutdown-lock", false)) {
            return;
        }
        long limit = Durations.pacemaker(props.get("shutdown-lock-limit", "0")) / 1000;
        Map<Rsc, Integer> recorded = new IdentityHashMap<>();
        for (ResourceHistory h : ws.model.history()) {
            Rsc p = ws.byId.get(h.resource());
            Integer node = ws.nodeIndex.get(h.node());
            boolean expired = limit > 0 && ws.model.now() > h.shutdownLock() + limit;
            if (h.shutdownLock() != 0 && p != null && node != null && !expired) {
                recorded.put(p, node);
            }
        }
        for (Map.Entry<String, Rsc> e : ws.byId.entrySet()) {
            Rsc p = e.getValue();
            if (!e.getKey().equals(p.id) || !lockable(p)) {
                continue;
            }
            Integer lockNode = p.runningOn.isEmpty() ? recorded.get(p) : null;
            if (p.runningOn.size() == 1 && ws.nodes.get(p.runningOn.get(0)).shutdown()) {
                lockNode = p.runningOn.get(0);
            }
            if (lockNode == null) {
                continue;
            }
            for (int n = 0; n < ws.nodes.size(); n++) {
                if (n != lockNode) {
                    ws.hardErrors.add(new WorkingSet.HardBan(p, n, "shutdown-lock"));
                }
            }
        }
    }

    private static boolean lockable(Rsc p) {
        if (p.kind != Rsc.Kind.PRIMITIVE || p.owningClone() != null) {
            return false;
        }
        String agent = p.primitive.agent();
        return !"stonith".equals(p.primitive.resourceClass()) && !"ocf:pacemaker:remote".equals(agent);
    }
}
