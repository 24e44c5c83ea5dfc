package dev.baton.scheduler.differential;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One generated cluster, configuration and status, as plain immutable parts: what {@link CibGenerator} makes,
 * {@link CibXml} renders for crm_simulate -x, {@link Tags} names and {@link Minimizer} takes apart.
 * Lists keep their order, so the same parts always render the same XML.
 */
record Cib(long now, boolean quorum, List<Nv> properties, List<Nv> rscDefaults, List<Node> nodes,
           List<Rsc> resources, List<Constraint> constraints, List<HistoryOp> history) {

    /** A name=value pair of a property set, meta attributes or node attributes. */
    record Nv(String name, String value) {
    }

    /** A cluster node: {@code attributes} are permanent (config), {@code transients} the status section's. */
    record Node(int id, String name, boolean online, List<Nv> attributes, List<Nv> transients) {
    }

    /** A recurring or one-shot operation definition of a primitive. */
    record Op(String name, int intervalSeconds, String role, String onFail) {
    }

    sealed interface Rsc permits Primitive, Group, Clone {
        String id();

        List<Nv> meta();

        /** The primitives inside, in document order. */
        List<Primitive> primitives();
    }

    /** ocf:pacemaker:Stateful when {@code stateful} (the child of a promotable clone), else ocf:pacemaker:Dummy. */
    record Primitive(String id, boolean stateful, List<Nv> meta, List<Op> ops) implements Rsc {
        public List<Primitive> primitives() {
            return List.of(this);
        }

        String type() {
            return stateful ? "Stateful" : "Dummy";
        }
    }

    record Group(String id, List<Primitive> members, List<Nv> meta) implements Rsc {
        public List<Primitive> primitives() {
            return members;
        }
    }

    record Clone(String id, Rsc child, boolean promotable, List<Nv> meta) implements Rsc {
        public List<Primitive> primitives() {
            return child.primitives();
        }
    }

    /** A constraint: the resources and nodes it names, so dropping one of those drops it too. */
    sealed interface Constraint permits Location, RuleLocation, Colocation, Order {
        String id();

        Set<String> resources();

        default Set<String> nodes() {
            return Set.of();
        }
    }

    record Location(String id, String rsc, String node, String score, String role) implements Constraint {
        public Set<String> resources() {
            return Set.of(rsc);
        }

        public Set<String> nodes() {
            return Set.of(node);
        }
    }

    /** One rule: {@code score} or, when {@code scoreAttribute} is set, the node attribute of that name. */
    record RuleLocation(String id, String rsc, String role, String score, String scoreAttribute, String booleanOp,
                        List<Expression> expressions) implements Constraint {
        public Set<String> resources() {
            return Set.of(rsc);
        }
    }

    /** An expression of a rule, already in XML (the id is filled in when rendered); {@code tag} names its kind. */
    record Expression(String tag, String xml) {
    }

    record Colocation(String id, String rsc, String withRsc, String score, String rscRole, String withRole)
            implements Constraint {
        public Set<String> resources() {
            return new LinkedHashSet<>(List.of(rsc, withRsc));
        }
    }

    record Order(String id, String first, String then, String kind, String firstAction, String thenAction,
                 Boolean symmetrical) implements Constraint {
        public Set<String> resources() {
            return new LinkedHashSet<>(List.of(first, then));
        }
    }

    /**
     * One lrm_rsc_op: {@code status} is the op-status (0 done, -1 pending, 2 timed out, 4 error), {@code expected}
     * the rc the transition key asked for, {@code id} the history entry's id (rsc_last_0, rsc_last_failure_0,
     * rsc_monitor_10000).
     */
    record HistoryOp(String node, String rsc, boolean stateful, String id, String operation, int intervalMs, int rc,
                     int status, int expected, int callId, long lastRcChange) {
        boolean pending() {
            return status == -1;
        }

        boolean probe() {
            return operation.equals("monitor") && intervalMs == 0;
        }

        /** Whether the result differs from what was asked (a probe may find the resource in any state). */
        boolean failed() {
            if (pending()) {
                return false;
            }
            if (status != 0) {
                return true;
            }
            return probe() ? rc != 0 && rc != 7 && rc != 8 : rc != expected;
        }
    }

    /** Every primitive, in document order. */
    List<Primitive> primitives() {
        List<Primitive> out = new ArrayList<>();
        resources.forEach(r -> out.addAll(r.primitives()));
        return out;
    }

    /** Every resource id: top-level resources and everything inside them. */
    Set<String> resourceIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Rsc r : resources) {
            ids.add(r.id());
            if (r instanceof Clone c) {
                ids.add(c.child().id());
            }
            r.primitives().forEach(p -> ids.add(p.id()));
        }
        return ids;
    }

    Cib withNodes(List<Node> n) {
        return new Cib(now, quorum, properties, rscDefaults, n, resources, constraints, history);
    }

    Cib withResources(List<Rsc> r) {
        return new Cib(now, quorum, properties, rscDefaults, nodes, r, constraints, history);
    }

    Cib withConstraints(List<Constraint> c) {
        return new Cib(now, quorum, properties, rscDefaults, nodes, resources, c, history);
    }

    Cib withHistory(List<HistoryOp> h) {
        return new Cib(now, quorum, properties, rscDefaults, nodes, resources, constraints, h);
    }

    Cib withProperties(List<Nv> p, boolean q) {
        return new Cib(now, q, p, rscDefaults, nodes, resources, constraints, history);
    }

    Cib withRscDefaults(List<Nv> d) {
        return new Cib(now, quorum, properties, d, nodes, resources, constraints, history);
    }

    /**
     * The same cluster without what refers to nodes or resources that are gone: constraints naming them, their
     * history and their fail-count attributes. Keeps every minimization step a valid CIB.
     */
    Cib pruned() {
        Set<String> rscs = resourceIds();
        Set<String> nodeNames = new LinkedHashSet<>();
        nodes.forEach(n -> nodeNames.add(n.name()));
        List<Constraint> cs = new ArrayList<>();
        for (Constraint c : constraints) {
            if (rscs.containsAll(c.resources()) && nodeNames.containsAll(c.nodes())) {
                cs.add(c);
            }
        }
        List<HistoryOp> hs = new ArrayList<>();
        for (HistoryOp h : history) {
            if (rscs.contains(h.rsc()) && nodeNames.contains(h.node())) {
                hs.add(h);
            }
        }
        List<Node> ns = new ArrayList<>();
        for (Node n : nodes) {
            List<Nv> t = new ArrayList<>();
            for (Nv a : n.transients()) {
                String r = failureAttributeResource(a.name());
                if (r == null || rscs.contains(r)) {
                    t.add(a);
                }
            }
            ns.add(new Node(n.id(), n.name(), n.online(), n.attributes(), t));
        }
        return new Cib(now, quorum, properties, rscDefaults, ns, resources, cs, hs);
    }

    /** "fail-count-r3#start_0" and "last-failure-r3#start_0" → "r3"; "master-r3" → "r3"; else null. */
    static String failureAttributeResource(String name) {
        for (String prefix : List.of("fail-count-", "last-failure-", "master-")) {
            if (name.startsWith(prefix)) {
                String rest = name.substring(prefix.length());
                int hash = rest.indexOf('#');
                return hash < 0 ? rest : rest.substring(0, hash);
            }
        }
        return null;
    }
}
