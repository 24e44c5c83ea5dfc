package dev.baton.scheduler.importer;

import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.Operation;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.Role;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the configuration says about a recorded operation's failure: its on-fail response (the op's own, else
 * op_defaults, else Pacemaker's default) and the resource's failure-timeout (meta attributes inherited from
 * rsc_defaults and the enclosing clone and group).
 */
final class FailurePolicy {
    private record Configured(Primitive primitive, Map<String, String> meta, boolean cloned) {
    }

    private final Map<String, Configured> byId = new HashMap<>();
    private final Map<String, String> opDefaults;
    private final boolean stonith;
    private final boolean maintenanceMode;
    /** The cluster has quorum, or no-quorum-policy=ignore: fencing needs no membership of the target. */
    private final boolean fenceAnywhere;
    private boolean haveDevice;

    FailurePolicy(List<Resource> resources, Map<String, String> rscDefaults, Map<String, String> opDefaults,
                  boolean stonith, boolean maintenanceMode, boolean fenceAnywhere) {
        this.opDefaults = opDefaults;
        this.stonith = stonith;
        this.maintenanceMode = maintenanceMode;
        this.fenceAnywhere = fenceAnywhere;
        for (Resource r : resources) {
            add(r, rscDefaults, false);
        }
    }

    /**
     * Whether the cluster could fence the node: fencing enabled, a fencing device configured, and quorum (or
     * no-quorum-policy=ignore, or the node is online, in the membership) [pe_can_fence].
     */
    boolean canFence(boolean nodeOnline) {
        return stonith && haveDevice && (fenceAnywhere || nodeOnline);
    }

    private void add(Resource r, Map<String, String> inherited, boolean cloned) {
        Map<String, String> meta = new LinkedHashMap<>(inherited);
        meta.putAll(r.meta());
        if (r instanceof Primitive p) {
            byId.put(p.id(), new Configured(p, meta, cloned));
            haveDevice |= "stonith".equals(p.resourceClass());
        } else if (r instanceof Group g) {
            g.members().forEach(m -> add(m, meta, cloned));
        } else {
            add(((Clone) r).child(), meta, true);
        }
    }

    /** Whether the resource is (in) a clone. */
    boolean cloned(String historyId) {
        Configured c = find(historyId);
        return c != null && c.cloned();
    }

    private Configured find(String historyId) {
        Configured c = byId.get(historyId);
        int colon = historyId.lastIndexOf(':');
        return c != null || colon < 0 ? c : byId.get(historyId.substring(0, colon));
    }

    /** Whether the cluster manages the resource (is-managed, its maintenance, the cluster's maintenance-mode). */
    boolean managed(String historyId) {
        Configured c = find(historyId);
        if (c == null || maintenanceMode) {
            return !maintenanceMode;
        }
        String isManaged = c.meta().get("is-managed");
        return (isManaged == null || dev.baton.scheduler.model.ClusterProperties.truthy(isManaged))
                && !dev.baton.scheduler.model.ClusterProperties.truthy(c.meta().get("maintenance"));
    }

    /** failure-timeout in whole seconds, 0 when failures never expire (or the resource is not configured). */
    long failureTimeoutSeconds(String historyId) {
        Configured c = find(historyId);
        String t = c == null ? null : c.meta().get("failure-timeout");
        return t == null ? 0 : Durations.pacemaker(t) / 1000;
    }

    /**
     * The response to a failure of {@code task} (interval in ms) as Pacemaker resolves it: the matching op's
     * on-fail, else op_defaults'; values an action may not have fall back to the default; a failed stop is
     * fenced (blocked without fencing); a demote takes the promoted monitor's on-fail; fence without fencing
     * means stop.
     */
    OnFail onFail(String historyId, String task, long intervalMs) {
        Configured c = find(historyId);
        List<Operation> ops = c == null ? List.of() : c.primitive().operations();
        String value = null;
        boolean found = false;
        for (Operation op : ops) {
            if (op.name().equals(task) && op.intervalMs() == intervalMs) {
                value = op.onFail();
                found = true;
            }
        }
        if (!found || value == null) {
            value = opDefaults.get("on-fail");
        }
        OnFail f = OnFail.parse(value);
        if (task.equals("stop") && (f == OnFail.STANDBY || f == OnFail.DEMOTE || f == OnFail.STOP)) {
            f = null;
        } else if (task.equals("demote") && value == null) {
            f = promotedMonitorOnFail(ops);
        } else if (f == OnFail.DEMOTE && !task.equals("promote") && !promotedMonitor(ops, task, intervalMs)) {
            f = null;
        }
        if (f == OnFail.FENCE && !stonith) {
            f = OnFail.STOP;
        }
        // inside a container (meta attribute container) a failure restarts the container, by default too
        String container = c == null ? null : c.meta().get("container");
        boolean contained = container != null && !container.equals(c.primitive().id()) && byId.containsKey(container);
        if (f == OnFail.RESTART_CONTAINER && !contained) {
            f = null;
        }
        if (f == null && contained) {
            f = OnFail.RESTART_CONTAINER;
        }
        if (f == null) {
            f = task.equals("stop") ? stonith ? OnFail.FENCE : OnFail.BLOCK : OnFail.RESTART;
        }
        return f;
    }

    /** Whether the configured op itself says on-fail=block (which makes its failures outlast failure-timeout). */
    boolean blocks(String historyId, String task, long intervalMs) {
        Configured c = find(historyId);
        return c != null && c.primitive().operations().stream().anyMatch(op -> op.name().equals(task)
                && op.intervalMs() == intervalMs && OnFail.parse(op.onFail()) == OnFail.BLOCK);
    }

    private static boolean promotedMonitor(List<Operation> ops, String task, long intervalMs) {
        return task.equals("monitor") && intervalMs > 0 && ops.stream().anyMatch(op -> op.name().equals("monitor")
                && op.intervalMs() == intervalMs && op.role() == Role.PROMOTED);
    }

    private static OnFail promotedMonitorOnFail(List<Operation> ops) {
        for (Operation op : ops) {
            OnFail f = OnFail.parse(op.onFail());
            if (op.name().equals("monitor") && op.role() == Role.PROMOTED && op.intervalMs() > 0 && f != null
                    && f != OnFail.DEMOTE) {
                return f;
            }
        }
        return null;
    }
}
