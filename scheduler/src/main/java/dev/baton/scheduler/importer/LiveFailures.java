package dev.baton.scheduler.importer;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.ResourceHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For a live cluster's model what {@link CibImporter} does for a CIB's status: each failure that counts gets the
 * on-fail response the configuration gives it ({@link FailurePolicy}: the op's own, op_defaults, Pacemaker's
 * default — a failed stop is fenced where stonith is enabled, blocked where not), and a node where a failure's
 * response is fence becomes unclean ({@link Node#failedThere}), to be fenced before what ran there runs elsewhere.
 */
public final class LiveFailures {
    /** The interval (ms) of the operation whose failure a history records. */
    public interface Intervals {
        long of(String resource, String node);
    }

    private LiveFailures() {
    }

    public static ClusterModel resolve(ClusterModel m, Intervals intervals) {
        boolean stonith = m.properties().stonithEnabled();
        FailurePolicy policy = new FailurePolicy(m.resources(), m.resourceDefaults(), m.operationDefaults(), stonith,
                m.properties().maintenanceMode(), m.haveQuorum() || m.properties().noQuorumPolicy().equals("ignore"));
        Map<String, String> unclean = new LinkedHashMap<>();
        List<ResourceHistory> history = m.history().stream().map(h -> {
            if (!h.failed() || h.failedOperation() == null) {
                return h;
            }
            OnFail f = policy.onFail(h.resource(), h.failedOperation(), intervals.of(h.resource(), h.node()));
            if (f == OnFail.FENCE) {
                unclean.putIfAbsent(h.node(), Node.failedThere(h.resource()));
            }
            return f == OnFail.IGNORE ? h : h.withOnFail(f);
        }).toList();
        List<Node> nodes = m.nodes().stream().map(n -> !unclean.containsKey(n.name()) || n.unclean() != null ? n
                : new Node(n.name(), n.online(), n.standby(), n.maintenance(), n.shutdown(), n.attributes(),
                n.utilization(), unclean.get(n.name()))).toList();
        return new ClusterModel(nodes, m.resources(), m.locations(), m.colocations(), m.orders(), m.properties(),
                m.resourceDefaults(), m.operationDefaults(), history, m.haveQuorum(), m.now(), m.ticketConstraints(),
                m.tickets());
    }
}
