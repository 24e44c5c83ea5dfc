package dev.baton.scheduler;

import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.Operation;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.Ticket;
import dev.baton.scheduler.model.TicketConstraint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small builder for scheduler tests: nodes, resources, constraints and what runs where. */
final class Cluster {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<LocationConstraint> locations = new ArrayList<>();
    private final List<ColocationConstraint> colocations = new ArrayList<>();
    private final List<OrderConstraint> orders = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>(Map.of("stonith-enabled", "false"));
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final List<ResourceHistory> history = new ArrayList<>();
    private long now;
    private boolean quorum = true;
    private final List<TicketConstraint> ticketConstraints = new ArrayList<>();
    private final Map<String, Ticket> tickets = new LinkedHashMap<>();

    static Cluster of(String... nodeNames) {
        Cluster c = new Cluster();
        for (String n : nodeNames) {
            c.nodes.add(Node.online(n));
        }
        return c;
    }

    Cluster node(Node n) {
        nodes.removeIf(x -> x.name().equals(n.name()));
        nodes.add(n);
        return this;
    }

    Cluster standby(String name) {
        return node(new Node(name, true, true, false, false, Map.of(), Map.of()));
    }

    /** The node is unclean for {@code reason}; {@code online}: still in the membership. */
    Cluster unclean(String name, boolean online, String reason) {
        return node(new Node(name, online, false, false, false, Map.of(), Map.of(), reason));
    }

    /** stonith-enabled with a fencing device (a stonith primitive "fencer"). */
    Cluster fencingDevice() {
        properties.put("stonith-enabled", "true");
        resources.add(new Primitive("fencer", "stonith", null, "fence_dummy", Map.of(), Map.of(), List.of()));
        return this;
    }

    Cluster nodeAttribute(String name, String attr, String value) {
        Node old = nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
        Map<String, String> attrs = new LinkedHashMap<>(old.attributes());
        attrs.put(attr, value);
        return node(new Node(name, old.online(), old.standby(), old.maintenance(), old.shutdown(), attrs,
                old.utilization()));
    }

    static Primitive dummy(String id, String... meta) {
        return new Primitive(id, "ocf", "pacemaker", "Dummy", Map.of(), pairs(meta),
                List.of(new Operation("monitor", 10_000, null, null, null)));
    }

    Cluster primitive(String id, String... meta) {
        resources.add(dummy(id, meta));
        return this;
    }

    Cluster add(Resource r) {
        resources.add(r);
        return this;
    }

    Cluster group(String id, String... members) {
        List<Primitive> ps = new ArrayList<>();
        for (String m : members) {
            ps.add(dummy(m));
        }
        resources.add(new Group(id, ps, Map.of()));
        return this;
    }

    Cluster clone(String id, String primitive, boolean promotable, String... meta) {
        resources.add(new Clone(id, dummy(primitive), promotable, pairs(meta)));
        return this;
    }

    Cluster location(String rsc, String node, int score) {
        locations.add(new LocationConstraint("loc-" + rsc + "-" + node, rsc, node, score, null));
        return this;
    }

    Cluster locationWithRole(String rsc, String node, int score, Role role) {
        locations.add(new LocationConstraint("loc-" + rsc + "-" + node + "-" + role, rsc, node, score, role));
        return this;
    }

    Cluster location(String rsc, String node, int score, LocationConstraint.Discovery discovery) {
        locations.add(new LocationConstraint("loc-" + rsc + "-" + node, rsc, node, score, null, discovery));
        return this;
    }

    Cluster colocation(String rsc, String with, int score) {
        colocations.add(new ColocationConstraint(rsc + "-with-" + with, rsc, with, score, null, null));
        return this;
    }

    Cluster colocation(String rsc, Role role, String with, Role withRole, int score) {
        colocations.add(new ColocationConstraint(rsc + "-with-" + with, rsc, with, score, role, withRole));
        return this;
    }

    Cluster order(String first, String then, OrderConstraint.Kind kind) {
        return order(first, "start", then, "start", kind);
    }

    /** A symmetrical order between the given actions. */
    Cluster order(String first, String firstAction, String then, String thenAction, OrderConstraint.Kind kind) {
        return order(first, firstAction, then, thenAction, kind, true);
    }

    Cluster order(String first, String firstAction, String then, String thenAction, OrderConstraint.Kind kind,
                  boolean symmetrical) {
        orders.add(new OrderConstraint(first + "-then-" + then, first, then, kind, firstAction, thenAction,
                symmetrical, true));
        return this;
    }

    Cluster property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    Cluster resourceDefault(String name, String value) {
        defaults.put(name, value);
        return this;
    }

    Cluster running(String rsc, String node) {
        return running(rsc, node, Role.STARTED);
    }

    Cluster running(String rsc, String node, Role role) {
        history.add(new ResourceHistory(rsc, node, role, false, null, 0, 0, false, ResourceHistory.HardError.NONE, null));
        return this;
    }

    /** Known to be stopped on node (a probe found it not running). */
    Cluster stoppedOn(String rsc, String node) {
        return running(rsc, node, Role.STOPPED);
    }

    Cluster failed(String rsc, String node, int failCount) {
        history.add(new ResourceHistory(rsc, node, Role.STARTED, true, "monitor", failCount, 1, false,
                ResourceHistory.HardError.NONE, null));
        return this;
    }

    /** A fail-count on node where the resource has no operation history. */
    Cluster failCountOnly(String rsc, String node, int failCount) {
        history.add(ResourceHistory.failCountOnly(rsc, node, failCount, 1));
        return this;
    }

    /** Running on node, its stop failed there: blocked without fencing, and banned from the node. */
    Cluster stopFailed(String rsc, String node) {
        history.add(new ResourceHistory(rsc, node, Role.STARTED, true, "stop", 0, 0, false,
                ResourceHistory.HardError.INSTANCE, null));
        return this;
    }

    /** Running on node, failed there (a monitor), with the given on-fail response. */
    Cluster failedWith(String rsc, String node, OnFail onFail) {
        return failedWithRole(rsc, node, Role.STARTED, onFail);
    }

    /** Active in role on node, failed there (a monitor), with the given on-fail response. */
    Cluster failedWithRole(String rsc, String node, Role role, OnFail onFail) {
        history.add(new ResourceHistory(rsc, node, role, true, "monitor", 1, 1, false,
                ResourceHistory.HardError.NONE, null, onFail, false));
        return this;
    }

    /** Running on node with a failure there that on-fail=ignore ignored. */
    Cluster failureIgnored(String rsc, String node, int failCount) {
        history.add(new ResourceHistory(rsc, node, Role.STARTED, false, null, failCount, 1, false,
                ResourceHistory.HardError.NONE, null, null, true));
        return this;
    }

    /** Stopped on node, locked to it since epoch second lockedAt by shutdown-lock when the node shut down. */
    Cluster shutdownLocked(String rsc, String node, long lockedAt) {
        history.add(new ResourceHistory(rsc, node, Role.STOPPED, false, null, 0, 0, false,
                ResourceHistory.HardError.NONE, null, null, false, lockedAt, null, false));
        return this;
    }

    /** The cluster has lost quorum. */
    Cluster withoutQuorum() {
        quorum = false;
        return this;
    }

    /** Stopped on node after failCount failures, the last at epoch second lastFailure. */
    Cluster failedThere(String rsc, String node, int failCount, long lastFailure) {
        history.add(new ResourceHistory(rsc, node, Role.STOPPED, false, null, failCount, lastFailure, false,
                ResourceHistory.HardError.NONE, null));
        return this;
    }

    /** "now", in epoch seconds. */
    Cluster at(long epochSecond) {
        now = epochSecond;
        return this;
    }

    /** rsc depends on ticket (in role; null = any) with loss-policy (null = default). */
    Cluster ticket(String rsc, String ticket, Role role, TicketConstraint.LossPolicy lossPolicy) {
        ticketConstraints.add(new TicketConstraint("t" + ticketConstraints.size(), rsc, ticket, role, lossPolicy));
        return this;
    }

    Cluster ticketState(String ticket, boolean granted, boolean standby) {
        tickets.put(ticket, new Ticket(ticket, granted, standby));
        return this;
    }

    ClusterModel model() {
        return new ClusterModel(nodes, resources, locations, colocations, orders, new ClusterProperties(properties),
                defaults, Map.of(), history, quorum, now, ticketConstraints, tickets);
    }

    Decision schedule() {
        return Scheduler.schedule(model());
    }

    private static Map<String, String> pairs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
