package dev.baton.cib;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterStatus;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.MetaAttributes;
import dev.baton.api.v1alpha1.PlacementStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Transition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What crm_mon shows, computed from the API objects of one namespace: {@code kubectl baton status} renders it as
 * text, JSON or YAML, the operator's web console as a page.
 */
public record ClusterStatus(String cluster, String namespace, TransitionInfo transition, List<NodeInfo> nodes,
                           List<ResourceInfo> resources, List<FailCount> failCounts, List<FailedAction> failedActions,
                           List<MoveConstraint> moveConstraints, List<HAClusterStatus.FenceEvent> fencing,
                           List<TicketInfo> tickets) {

    /**
     * state: online, offline, standby or maintenance; online tells whether the node is a member now; the agent's
     * lease: when it was last renewed and for how long a renewal holds (null without a lease).
     */
    public record NodeInfo(String name, String state, boolean online, String leaseRenewed,
                           Integer leaseDurationSeconds) {
    }

    /** kind: primitive, group or clone; members for groups and clones. */
    public record ResourceInfo(String name, String kind, String agent, String state, String node, String role,
                               List<String> activeOn, boolean managed, boolean promotable,
                               List<ResourceInfo> members) {
    }

    public record TransitionInfo(String name, String phase, String reason, Integer actionsTotal,
                                 Integer actionsSucceeded, Integer actionsFailed) {
    }

    public record FailCount(String node, String resource, int failCount, String migrationThreshold,
                            String lastFailure) {
    }

    /** source: the node's operation history (HANode status) or a ResourceAction. */
    public record FailedAction(String resource, String operation, String interval, String node, Integer rc,
                               String rcText, String status, String exitReason, Long callId, String lastRun,
                               Long durationMs, String source) {
    }

    /** A ticket as crm_mon --tickets lists it; lastGranted is null for one never seen granted. */
    public record TicketInfo(String name, boolean granted, boolean standby, String lastGranted) {
    }

    public record MoveConstraint(String name, String resource, String node, String score, String expires,
                                 boolean expired) {
    }

    /**
     * Collects the status of a snapshot whose cluster may be null (no HACluster object); the transition shown is the
     * one the HACluster names as current, if the snapshot has it.
     */
    public static ClusterStatus of(String namespace, Snapshot s, Instant now) {
        HACluster hc = s.cluster();
        String current = hc == null || hc.getStatus() == null ? null : hc.getStatus().currentTransition;
        Optional<Transition> running = s.transitions().stream()
                .filter(t -> t.getMetadata().getName().equals(current)).findFirst();
        return new ClusterStatus(hc == null ? null : hc.getMetadata().getName(), namespace,
                running.map(ClusterStatus::transition).orElse(null), nodes(s, now), resources(s),
                failCounts(s), failedActions(s), moveConstraints(s, now),
                hc == null || hc.getStatus() == null || hc.getStatus().fencing == null ? List.of()
                        : List.copyOf(hc.getStatus().fencing), tickets(s));
    }

    /**
     * Every Ticket, and every ticket a TicketConstraint names that has no Ticket (revoked: as Pacemaker lists a
     * ticket a constraint names but the status does not have), by name.
     */
    private static List<TicketInfo> tickets(Snapshot s) {
        Map<String, TicketInfo> out = new java.util.TreeMap<>();
        for (dev.baton.api.v1alpha1.Ticket t : s.tickets()) {
            var spec = t.getSpec();
            out.put(t.getMetadata().getName(), new TicketInfo(t.getMetadata().getName(),
                    spec != null && Boolean.TRUE.equals(spec.granted), spec != null && Boolean.TRUE.equals(spec.standby),
                    t.getStatus() == null ? null : t.getStatus().lastGranted));
        }
        s.ticketConstraints().stream().map(c -> c.getSpec().ticket).filter(java.util.Objects::nonNull)
                .forEach(t -> out.putIfAbsent(t, new TicketInfo(t, false, false, null)));
        return List.copyOf(out.values());
    }

    private static TransitionInfo transition(Transition t) {
        var s = t.getStatus();
        return new TransitionInfo(t.getMetadata().getName(), s == null ? null : s.phase,
                t.getSpec() == null ? null : t.getSpec().reason, s == null ? null : s.actionsTotal,
                s == null ? null : s.actionsSucceeded, s == null ? null : s.actionsFailed);
    }

    private static List<NodeInfo> nodes(Snapshot o, Instant now) {
        Set<String> online = online(o.cluster(), o.leases(), now);
        Map<String, Lease> leases = new HashMap<>();
        o.leases().forEach(l -> leases.put(l.getMetadata().getName(), l));
        List<NodeInfo> out = new ArrayList<>();
        for (HANode n : o.nodes()) {
            String name = n.getMetadata().getName();
            boolean isOnline = online.contains(name);
            boolean standby = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().standby);
            boolean maintenance = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().maintenance);
            String state = !isOnline ? "offline" : maintenance ? "maintenance" : standby ? "standby" : "online";
            var lease = leases.containsKey(name) ? leases.get(name).getSpec() : null;
            out.add(new NodeInfo(name, state, isOnline,
                    lease == null || lease.getRenewTime() == null ? null : lease.getRenewTime().toInstant().toString(),
                    lease == null ? null : lease.getLeaseDurationSeconds()));
        }
        return out;
    }

    /**
     * The nodes that are members now: those the operator last reported online, and those whose lease
     * (renewed by their agent) still holds.
     */
    public static Set<String> online(HACluster cluster, List<Lease> leases, Instant now) {
        Set<String> out = new HashSet<>();
        if (cluster != null && cluster.getStatus() != null && cluster.getStatus().onlineNodes != null) {
            out.addAll(cluster.getStatus().onlineNodes);
        }
        leases.stream().filter(l -> renewed(l, now)).forEach(l -> out.add(l.getMetadata().getName()));
        return out;
    }

    /** A lease holds while its last renewal is younger than its duration. */
    static boolean renewed(Lease l, Instant now) {
        var spec = l.getSpec();
        if (spec == null || spec.getRenewTime() == null || spec.getLeaseDurationSeconds() == null) {
            return false;
        }
        return spec.getRenewTime().toInstant().plusSeconds(spec.getLeaseDurationSeconds()).isAfter(now);
    }

    private static List<ResourceInfo> resources(Snapshot o) {
        Set<String> nested = new HashSet<>();
        o.groups().forEach(g -> nested.addAll(members(g)));
        o.clones().forEach(c -> nested.add(c.getSpec().resource));
        List<ResourceInfo> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        o.primitives().forEach(p -> names.add(p.getMetadata().getName()));
        o.groups().forEach(g -> names.add(g.getMetadata().getName()));
        o.clones().forEach(c -> names.add(c.getMetadata().getName()));
        names.stream().filter(n -> !nested.contains(n)).sorted().forEach(n -> out.add(resource(o, n, false)));
        return out;
    }

    private static ResourceInfo resource(Snapshot o, String name, boolean inherited) {
        MetaAttributes defaults = resourceDefaults(o);
        Optional<Primitive> p = named(o.primitives(), name);
        if (p.isPresent()) {
            PrimitiveStatus s = p.get().getStatus();
            boolean managed = managed(p.get().getSpec().meta, defaults) && !inherited;
            return new ResourceInfo(name, "primitive", OperationHistory.agent(p.get()), s == null || s.state == null ? "Stopped" : s.state,
                    s == null ? null : s.node, s == null ? null : s.role, s == null || s.activeOn == null ? List.of() : s.activeOn,
                    managed, false, List.of());
        }
        Optional<ResourceGroup> g = named(o.groups(), name);
        if (g.isPresent()) {
            boolean unmanaged = inherited || !managed(g.get().getSpec().meta, defaults);
            List<ResourceInfo> ms = members(g.get()).stream().map(m -> resource(o, m, unmanaged)).toList();
            return placed(name, "group", g.get().getStatus(), !unmanaged, false, ms);
        }
        Clone c = named(o.clones(), name).orElseThrow();
        boolean unmanaged = !managed(c.getSpec().meta, defaults);
        ResourceInfo child = resource(o, c.getSpec().resource, unmanaged);
        return placed(name, "clone", c.getStatus(), !unmanaged, Boolean.TRUE.equals(c.getSpec().promotable), List.of(child));
    }

    private static ResourceInfo placed(String name, String kind, PlacementStatus s, boolean managed, boolean promotable,
                                       List<ResourceInfo> members) {
        return new ResourceInfo(name, kind, null, s == null || s.state == null ? "Stopped" : s.state,
                s == null ? null : s.node, null, s == null || s.activeOn == null ? List.of() : s.activeOn,
                managed, promotable, members);
    }

    private static <T extends HasMetadata> Optional<T> named(List<T> objects, String name) {
        return objects.stream().filter(x -> name.equals(x.getMetadata().getName())).findFirst();
    }

    /** rsc_defaults; none without an HACluster. */
    private static MetaAttributes resourceDefaults(Snapshot o) {
        HACluster c = o.cluster();
        return c != null && c.getSpec() != null && c.getSpec().resourceDefaults != null ? c.getSpec().resourceDefaults
                : new MetaAttributes();
    }

    private static boolean managed(MetaAttributes meta, MetaAttributes defaults) {
        Boolean own = meta == null ? null : meta.isManaged;
        Boolean isManaged = own != null ? own : defaults.isManaged;
        Boolean maintenance = meta != null && meta.maintenance != null ? meta.maintenance : defaults.maintenance;
        return !Boolean.FALSE.equals(isManaged) && !Boolean.TRUE.equals(maintenance);
    }

    static List<String> members(ResourceGroup g) {
        return g.getSpec() == null || g.getSpec().members == null ? List.of() : g.getSpec().members;
    }

    private static List<FailCount> failCounts(Snapshot o) {
        List<FailCount> out = new ArrayList<>();
        for (Primitive p : o.primitives()) {
            PrimitiveStatus s = p.getStatus();
            if (s == null || s.failCounts == null) {
                continue;
            }
            MetaAttributes meta = p.getSpec().meta;
            var threshold = meta != null && meta.migrationThreshold != null ? meta.migrationThreshold
                    : resourceDefaults(o).migrationThreshold;
            s.failCounts.forEach((node, count) -> {
                if (count != null && count > 0) {
                    String last = s.lastFailure != null && node.equals(s.lastFailure.node) ? s.lastFailure.time : null;
                    out.add(new FailCount(node, p.getMetadata().getName(), count,
                            threshold == null ? "INFINITY" : Values.text(threshold), last));
                }
            });
        }
        out.sort(Comparator.comparing(FailCount::node).thenComparing(FailCount::resource));
        return out;
    }

    private static List<FailedAction> failedActions(Snapshot o) {
        Map<String, FailedAction> byKey = new LinkedHashMap<>();
        for (HANode n : o.nodes()) {
            HANodeStatus s = n.getStatus();
            if (s == null || s.resources == null) {
                continue;
            }
            for (HANodeStatus.ResourceHistory h : s.resources) {
                for (HANodeStatus.OperationRecord r : h.results()) { // the last failure, though a success followed it
                    if (r.failed()) {
                        FailedAction f = new FailedAction(h.resource, r.operation, r.interval == null ? "0" : r.interval,
                                n.getMetadata().getName(), r.rc, r.rcText, r.status, r.exitReason, r.callId, r.lastRun,
                                r.durationMs, "HANode/" + n.getMetadata().getName());
                        byKey.put(key(f), f);
                    }
                }
            }
        }
        for (ResourceAction a : o.actions()) {
            var s = a.getStatus();
            if (s == null || !("Failed".equals(s.phase) || "TimedOut".equals(s.phase))) {
                continue;
            }
            var spec = a.getSpec();
            FailedAction f = new FailedAction(spec.resource, spec.action.toString().replace('_', '-'),
                    spec.interval == null ? "0" : spec.interval, spec.node, s.rc, s.rcText,
                    "TimedOut".equals(s.phase) ? "timeout" : "error", s.exitReason, null,
                    s.completionTime != null ? s.completionTime : s.startTime, s.durationMs,
                    "ResourceAction/" + a.getMetadata().getName());
            // the node's own history is the fuller record of the same failure
            byKey.putIfAbsent(key(f), f);
        }
        List<FailedAction> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(FailedAction::node).thenComparing(FailedAction::resource)
                .thenComparing(FailedAction::operation));
        return out;
    }

    private static String key(FailedAction f) {
        return f.resource() + "/" + f.operation() + "/" + intervalMs(f.interval()) + "/" + f.node();
    }


    private static List<MoveConstraint> moveConstraints(Snapshot o, Instant now) {
        return o.locations().stream().filter(MoveConstraints::isMoveConstraint)
                .sorted(Comparator.comparing(l -> l.getMetadata().getName()))
                .map(l -> new MoveConstraint(l.getMetadata().getName(), l.getSpec().resource, l.getSpec().node,
                        Values.text(l.getSpec().score), l.getSpec().expires, MoveConstraints.expired(l, now)))
                .toList();
    }

    /** Pacemaker's operation keys carry the interval in milliseconds (www_monitor_10000). */
    public static long intervalMs(String interval) {
        try {
            return dev.baton.scheduler.importer.Durations.toMillis(interval);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
