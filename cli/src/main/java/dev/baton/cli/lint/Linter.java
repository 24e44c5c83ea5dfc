package dev.baton.cli.lint;

import dev.baton.agent.check.MetaData;
import dev.baton.agent.exec.AgentRef;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.MetaAttributes;
import dev.baton.api.v1alpha1.Operation;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cib.Values;
import dev.baton.cli.lint.Finding.Severity;
import dev.baton.cib.MoveConstraints;
import dev.baton.scheduler.Score;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** The field report's mistakes, found in a configuration before they cost a failover. */
public final class Linter {
    /** Agents that hold a virtual IP: the resource every service must follow. */
    private static final Set<String> VIP_AGENTS = Set.of("IPaddr2", "IPaddr", "IPv6addr");

    private final BatonObjects o;
    private final Function<AgentRef, Optional<MetaData>> metadata;
    private final List<Finding> findings = new ArrayList<>();

    private Linter(BatonObjects o, Function<AgentRef, Optional<MetaData>> metadata) {
        this.o = o;
        this.metadata = metadata;
    }

    public static List<Finding> lint(BatonObjects o, Function<AgentRef, Optional<MetaData>> metadata) {
        Linter l = new Linter(o, metadata);
        l.servicesNotTiedToTheVip();
        l.failBack();
        l.primitives();
        l.mandatoryOrdersWithoutColocation();
        l.twoNodesWithoutQuorumOrFencing();
        l.moveConstraintsLeftBehind();
        l.durationsWithoutUnit();
        l.ticketConstraints();
        return l.findings;
    }

    private void add(Severity s, String object, String reason, String fix) {
        findings.add(new Finding(s, object, reason, fix));
    }

    private static String name(io.fabric8.kubernetes.api.model.HasMetadata h) {
        return h.getMetadata().getName();
    }

    // ---- which resources run together: groups, clones and positive colocations join them
    private Map<String, Set<String>> together() {
        Map<String, Set<String>> g = new HashMap<>();
        for (ResourceGroup rg : o.groups()) {
            for (String m : rg.getSpec().members) {
                link(g, name(rg), m);
            }
        }
        for (Clone c : o.clones()) {
            link(g, name(c), c.getSpec().resource);
        }
        for (ColocationConstraint c : o.colocations()) {
            if (Score.parse(Values.text(c.getSpec().score)) > 0) {
                link(g, c.getSpec().resource, c.getSpec().withResource);
            }
        }
        return g;
    }

    private static void link(Map<String, Set<String>> g, String a, String b) {
        g.computeIfAbsent(a, k -> new HashSet<>()).add(b);
        g.computeIfAbsent(b, k -> new HashSet<>()).add(a);
    }

    private static Set<String> reachable(Map<String, Set<String>> g, String from) {
        Set<String> seen = new HashSet<>(Set.of(from));
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String n : g.getOrDefault(todo.remove(todo.size() - 1), Set.of())) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        return seen;
    }

    /** The seed's nova-network: it fails, and the VIP stays where it is, because nothing ties the two. */
    private void servicesNotTiedToTheVip() {
        List<Primitive> vips = o.primitives().stream().filter(p -> VIP_AGENTS.contains(p.getSpec().type)).toList();
        if (vips.isEmpty()) {
            return;
        }
        Map<String, Set<String>> g = together();
        Set<String> withVip = new HashSet<>();
        vips.forEach(v -> withVip.addAll(reachable(g, name(v))));
        for (Primitive p : o.primitives()) {
            String n = name(p);
            boolean cloned = o.cloneOf(n).isPresent() || o.groupOf(n).flatMap(rg -> o.cloneOf(name(rg))).isPresent();
            if (withVip.contains(n) || cloned || p.getSpec().resourceClass == PrimitiveSpec.ResourceClass.stonith) {
                continue;
            }
            String vip = name(vips.get(0));
            add(Severity.warning, "Primitive/" + n, "its failure will not move the VIP " + vip
                            + ": no group or colocation ties it to " + vip + ", so it shares " + vip
                            + "'s node only by chance (the scheduler may as well place it on the other node)",
                    "put " + n + " in a ResourceGroup with the services that follow " + vip
                            + ", or add a ColocationConstraint {resource: " + n + ", withResource: " + vip + ", score: INFINITY}");
        }
    }

    /** Preferences that differ by more than the stickiness pull a resource back after a failover. */
    private void failBack() {
        List<String> nodes = o.nodes().stream().map(Linter::name).toList();
        Map<String, Map<String, Integer>> prefs = new TreeMap<>();
        for (LocationConstraint l : o.locations()) {
            if (MoveConstraints.isMoveConstraint(l)) {
                continue;
            }
            int s = Score.parse(Values.text(l.getSpec().score));
            if (s > Score.MINUS_INFINITY) {
                prefs.computeIfAbsent(l.getSpec().resource, k -> new TreeMap<>()).merge(l.getSpec().node, s, Score::add);
            }
        }
        prefs.forEach((rsc, byNode) -> {
            Map<String, Integer> all = new TreeMap<>(byNode);
            nodes.forEach(n -> all.putIfAbsent(n, 0));
            if (all.size() < 2) {
                return;
            }
            String best = all.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
            String worst = all.entrySet().stream().min(Map.Entry.comparingByValue()).get().getKey();
            int gap = Score.add(all.get(best), -all.get(worst));
            int stickiness = effectiveStickiness(rsc, new HashSet<>());
            if (gap > 0 && gap >= stickiness) {
                boolean promotable = o.clone(rsc).map(c -> Boolean.TRUE.equals(c.getSpec().promotable)).orElse(false);
                add(promotable ? Severity.error : Severity.warning, kindOf(rsc) + "/" + rsc,
                        rsc + " prefers " + best + " over " + worst + " by " + Score.format(gap)
                                + " but its effective resource-stickiness is " + stickiness
                                + ": after a failover to " + worst + " it moves back as soon as " + best + " returns"
                                + (promotable ? " and the old primary is promoted again over newer writes (the field report lost data this way)"
                                : " (automatic fail-back, a second outage)"),
                        "set resource-stickiness above " + Score.format(gap) + " (on " + rsc
                                + " or in the HACluster's resourceDefaults), or make the location scores equal");
            }
        });
    }

    /** Own stickiness plus that of everything that must run with it (group members, INFINITY dependents). */
    private int effectiveStickiness(String rsc, Set<String> seen) {
        if (!seen.add(rsc)) {
            return 0;
        }
        int total = stickiness(rsc);
        Optional<ResourceGroup> g = o.group(rsc);
        if (g.isPresent()) {
            for (String m : g.get().getSpec().members) {
                total = Score.add(total, stickiness(m));
            }
        }
        for (ColocationConstraint c : o.colocations()) {
            if (rsc.equals(c.getSpec().withResource) && Score.parse(Values.text(c.getSpec().score)) == Score.INFINITY) {
                total = Score.add(total, effectiveStickiness(c.getSpec().resource, seen));
            }
        }
        return total;
    }

    private int stickiness(String rsc) {
        MetaAttributes own = o.primitive(rsc).map(p -> p.getSpec().meta)
                .or(() -> o.group(rsc).map(g -> g.getSpec().meta))
                .or(() -> o.clone(rsc).map(c -> c.getSpec().meta)).orElse(null);
        IntOrString v = own != null && own.resourceStickiness != null ? own.resourceStickiness
                : o.resourceDefaults().resourceStickiness;
        if (v != null) {
            return Score.parse(Values.text(v));
        }
        return o.clone(rsc).isPresent() ? 1 : 0; // Pacemaker's default: 1 for clones, else 0
    }

    private String kindOf(String rsc) {
        return o.primitive(rsc).isPresent() ? "Primitive" : o.group(rsc).isPresent() ? "ResourceGroup" : "Clone";
    }

    private void primitives() {
        for (Primitive p : o.primitives()) {
            String obj = "Primitive/" + name(p);
            PrimitiveSpec s = p.getSpec();
            List<Operation> ops = s.operations == null ? List.of() : s.operations;
            if (ops.stream().noneMatch(op -> op.name == Operation.Name.monitor)) {
                add(Severity.warning, obj, "no monitor operation: a failure is noticed only when someone looks",
                        "add operations: [{name: monitor, interval: 10s, timeout: 20s}]");
            }
            if (s.resourceClass == PrimitiveSpec.ResourceClass.lsb && s.params != null && !s.params.isEmpty()) {
                add(Severity.error, obj, "LSB init scripts take no parameters, but it sets " + String.join(", ", s.params.keySet()),
                        "remove params, or use an OCF agent that takes them");
            }
            if (s.resourceClass == PrimitiveSpec.ResourceClass.ocf) {
                parameters(obj, s);
            }
        }
    }

    /** Parameters against the agent's own meta-data, when the agent is installed where lint runs. */
    private void parameters(String obj, PrimitiveSpec s) {
        AgentRef ref = new AgentRef(dev.baton.agent.exec.AgentClass.OCF, s.provider, s.type);
        Optional<MetaData> md;
        try {
            md = metadata.apply(ref);
        } catch (RuntimeException e) {
            add(Severity.warning, obj, "cannot check its parameters: " + e.getMessage(), "fix or reinstall the agent " + ref);
            return;
        }
        if (md.isEmpty()) {
            return;
        }
        Map<String, IntOrString> params = s.params == null ? Map.of() : s.params;
        for (String k : new java.util.TreeSet<>(params.keySet())) {
            if (md.get().parameter(k).isEmpty()) {
                add(Severity.error, obj, ref + " has no parameter '" + k + "' (its meta-data does not define it)",
                        "remove it or correct the name ('kubectl baton ra meta " + ref + "' lists the parameters)");
            }
        }
        for (MetaData.Parameter p : md.get().parameters()) {
            if (p.required() && !params.containsKey(p.name())) {
                add(Severity.error, obj, "required parameter '" + p.name() + "' of " + ref + " is missing",
                        "set params." + p.name() + " (" + p.shortdesc() + ")");
            }
        }
    }

    /** An order that restarts its then-resource wherever it is, without bringing the two together. */
    private void mandatoryOrdersWithoutColocation() {
        Map<String, Set<String>> g = together();
        for (OrderConstraint ord : o.orders()) {
            var s = ord.getSpec();
            if (s.kind != null && s.kind != dev.baton.api.v1alpha1.OrderConstraintSpec.Kind.Mandatory) {
                continue;
            }
            if (!reachable(g, s.first).contains(s.then)) {
                add(Severity.warning, "OrderConstraint/" + name(ord), s.then + " must start after " + s.first
                                + " and restarts when " + s.first + " does, but nothing makes them run on the same node",
                        "add a ColocationConstraint {resource: " + s.then + ", withResource: " + s.first
                                + ", score: INFINITY}, group them, or make the order kind: Optional");
            }
        }
    }

    private void twoNodesWithoutQuorumOrFencing() {
        if (o.cluster() == null || o.nodes().size() != 2) {
            return;
        }
        HAClusterSpec.ClusterProperties p = o.cluster().getSpec() == null ? null : o.cluster().getSpec().properties;
        boolean ignore = p != null && p.noQuorumPolicy == HAClusterSpec.ClusterProperties.NoQuorumPolicy.ignore;
        boolean noFencing = p != null && Boolean.FALSE.equals(p.stonithEnabled);
        // a fencing device configured says the author means to fence (and turns it on next): no error then
        boolean device = o.primitives().stream()
                .anyMatch(d -> d.getSpec() != null && d.getSpec().resourceClass == PrimitiveSpec.ResourceClass.stonith);
        // so does a watchdog (stonithWatchdogTimeout: the agents' watchdogs fence without a device)
        boolean watchdog = p != null && dev.baton.cib.Durations.millis(p.stonithWatchdogTimeout, 0) > 0;
        if (ignore && noFencing && !device && !watchdog) {
            add(Severity.error, "HACluster/" + name(o.cluster()),
                    "two nodes, no-quorum-policy ignore and stonith disabled: a node cut off from the other keeps"
                            + " its resources while the other starts them too (two nodes holding the VIP)",
                    "set noQuorumPolicy: stop (the node that loses its lease stops its resources), or add a fencing (stonith)"
                            + " resource, or set stonithWatchdogTimeout with a watchdog on every node");
        }
    }

    private void moveConstraintsLeftBehind() {
        for (LocationConstraint l : o.locations()) {
            if (MoveConstraints.isMoveConstraint(l)) {
                add(Severity.warning, "LocationConstraint/" + name(l), "left behind by a move or ban: it "
                                + (Score.parse(Values.text(l.getSpec().score)) < 0 ? "keeps " + l.getSpec().resource + " off "
                                : "pins " + l.getSpec().resource + " to ") + l.getSpec().node
                                + " (" + Values.text(l.getSpec().score) + ")"
                                + (l.getSpec().expires == null ? " until someone removes it" : ", expires " + l.getSpec().expires),
                        "kubectl baton resource clear " + l.getSpec().resource);
            }
        }
    }

    /** Pacemaker reads a bare number as seconds; agents differ (the field report's lesson): always write the unit. */
    private void durationsWithoutUnit() {
        for (Primitive p : o.primitives()) {
            for (Operation op : p.getSpec().operations == null ? List.<Operation>of() : p.getSpec().operations) {
                unit("Primitive/" + name(p), "operation " + op.name + " interval", op.interval);
                unit("Primitive/" + name(p), "operation " + op.name + " timeout", op.timeout);
            }
            if (p.getSpec().meta != null) {
                unit("Primitive/" + name(p), "meta failure-timeout", p.getSpec().meta.failureTimeout);
            }
        }
        if (o.cluster() != null && o.cluster().getSpec() != null) {
            HAClusterSpec s = o.cluster().getSpec();
            String obj = "HACluster/" + name(o.cluster());
            if (s.properties != null) {
                unit(obj, "defaultActionTimeout", s.properties.defaultActionTimeout);
            }
            if (s.operationDefaults != null) {
                unit(obj, "operationDefaults timeout", s.operationDefaults.timeout);
            }
        }
    }

    /**
     * What a TicketConstraint does that its author may not mean: a resource that does not exist (the operator leaves
     * the constraint out), a ticket no Ticket object holds (not granted: its resources never start), and
     * lossPolicy fence without fencing (Pacemaker then stops instead).
     */
    private void ticketConstraints() {
        Set<String> resources = new HashSet<>();
        o.primitives().forEach(p -> resources.add(name(p)));
        o.groups().forEach(g -> resources.add(name(g)));
        o.clones().forEach(c -> resources.add(name(c)));
        Set<String> tickets = new HashSet<>();
        o.tickets().forEach(t -> tickets.add(name(t)));
        HAClusterSpec.ClusterProperties p = o.cluster() == null || o.cluster().getSpec() == null ? null
                : o.cluster().getSpec().properties;
        boolean noFencing = p != null && Boolean.FALSE.equals(p.stonithEnabled);
        for (dev.baton.api.v1alpha1.TicketConstraint t : o.ticketConstraints()) {
            var s = t.getSpec();
            String obj = "TicketConstraint/" + name(t);
            List<String> members = s.resources != null ? s.resources : s.resource != null ? List.of(s.resource) : List.of();
            members.stream().filter(m -> !resources.contains(m)).forEach(m -> add(Severity.error, obj,
                    "resource " + m + " is not a Primitive, ResourceGroup or Clone: the constraint is left out",
                    "correct the name in spec." + (s.resources != null ? "resources" : "resource")));
            if (!tickets.contains(s.ticket)) {
                add(Severity.warning, obj, "no Ticket " + s.ticket + ": a ticket no one granted is not granted, so "
                                + String.join(", ", members) + " never start" + (members.size() == 1 ? "s" : ""),
                        "grant it when this site should run them: kubectl baton ticket grant " + s.ticket + " --force");
            }
            if (s.lossPolicy == dev.baton.api.v1alpha1.TicketConstraintSpec.LossPolicy.fence && noFencing) {
                add(Severity.warning, obj, "lossPolicy fence with stonith disabled: losing " + s.ticket
                                + " stops the resources instead of fencing their nodes",
                        "enable fencing (stonithEnabled: true with a fence device), or write lossPolicy: stop");
            }
        }
    }

    private void unit(String obj, String what, IntOrString v) {
        String text = Values.text(v);
        if (text != null && text.strip().matches("[0-9]+") && Long.parseLong(text.strip()) != 0) {
            add(Severity.warning, obj, what + " is " + text + " without a unit (Pacemaker reads seconds; some agents' own"
                    + " parameters mean milliseconds)", "write " + text.strip() + "s (or the unit you mean: ms, min)");
        }
    }
}
