package dev.baton.cli;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.importer.Durations;
import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Operation;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.Ticket;
import dev.baton.scheduler.model.TicketConstraint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts between the scheduler's model and Baton's custom resources (baton.dev/v1alpha1) as plain YAML
 * documents. Pacemaker ids that are not Kubernetes names (DNS-1123) are renamed; {@link #renames()} lists them.
 */
final class BatonYaml {
    static final String API_VERSION = "baton.dev/v1alpha1";

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final List<String> renames = new ArrayList<>();

    List<String> renames() {
        return List.copyOf(renames);
    }

    /** "vip_and_www" → "vip-and-www": lower case, only [a-z0-9.-], starting and ending alphanumeric. */
    static String dns1123(String id) {
        String s = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "")
                .replaceAll("[^a-z0-9]+$", "");
        if (s.isEmpty()) {
            s = "x";
        }
        return s.length() > 253 ? s.substring(0, 253).replaceAll("[^a-z0-9]+$", "") : s;
    }

    private String name(String kindPrefix, String id) {
        return names.computeIfAbsent(kindPrefix + "/" + id, k -> {
            String base = dns1123(id);
            String n = base;
            for (int i = 2; !used.add(kindPrefix + "/" + n); i++) {
                n = base + "-" + i;
            }
            if (!n.equals(id)) {
                renames.add(id + " -> " + n);
            }
            return n;
        });
    }

    private String rsc(String id) {
        return name("resource", id);
    }

    List<Map<String, Object>> write(ClusterModel model, String clusterName) {
        return write(model, clusterName, List.of());
    }

    /** The objects of {@code model}, the HACluster with the configuration's fencing topology. */
    List<Map<String, Object>> write(ClusterModel model, String clusterName,
                                    List<dev.baton.scheduler.importer.FencingLevel> fencingTopology) {
        List<Map<String, Object>> docs = new ArrayList<>();
        Map<String, Object> props = new LinkedHashMap<>();
        model.properties().values().forEach((k, v) -> props.put(camel(k), typed(v)));
        Map<String, Object> cluster = new LinkedHashMap<>();
        putNonEmpty(cluster, "properties", props);
        putNonEmpty(cluster, "resourceDefaults", typed(model.resourceDefaults()));
        putNonEmpty(cluster, "operationDefaults", typed(model.operationDefaults()));
        List<Map<String, Object>> levels = new ArrayList<>();
        for (var l : fencingTopology) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("index", l.index());
            if (l.target() != null) {
                level.put("target", name("node", l.target()));
            } else if (l.pattern() != null) {
                level.put("targetPattern", l.pattern());
            } else {
                level.put("targetAttribute", l.attribute());
                level.put("targetValue", l.value());
            }
            level.put("devices", l.devices().stream().map(this::rsc).toList());
            levels.add(level);
        }
        putNonEmpty(cluster, "fencingTopology", levels);
        docs.add(doc("HACluster", name("cluster", clusterName), cluster));
        for (Node n : model.nodes()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            putTrue(spec, "standby", n.standby());
            putTrue(spec, "maintenance", n.maintenance());
            putNonEmpty(spec, "attributes", new LinkedHashMap<>(n.attributes()));
            putNonEmpty(spec, "utilization", typed(n.utilization()));
            docs.add(doc("HANode", name("node", n.name()), spec));
        }
        for (Resource r : model.resources()) {
            resource(r, docs);
        }
        for (LocationConstraint l : model.locations()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("resource", rsc(l.resource()));
            spec.put("node", name("node", l.node()));
            spec.put("score", score(l.score()));
            if (l.role() != null) {
                spec.put("role", l.role().label());
            }
            docs.add(doc("LocationConstraint", name("location", l.id()), spec));
        }
        for (ColocationConstraint c : model.colocations()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("resource", rsc(c.resource()));
            spec.put("withResource", rsc(c.withResource()));
            spec.put("score", score(c.score()));
            if (c.role() != null) {
                spec.put("role", c.role().label());
            }
            if (c.withRole() != null) {
                spec.put("withRole", c.withRole().label());
            }
            docs.add(doc("ColocationConstraint", name("colocation", c.id()), spec));
        }
        for (OrderConstraint o : model.orders()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("first", rsc(o.first()));
            spec.put("then", rsc(o.then()));
            String kind = o.kind().name();
            spec.put("kind", kind.charAt(0) + kind.substring(1).toLowerCase(Locale.ROOT));
            // the API's defaults (start, then as first, symmetrical) are left out, as one writes them by hand
            if (!"start".equals(o.firstAction())) {
                spec.put("firstAction", o.firstAction());
            }
            if (o.thenAction() != null && !o.thenAction().equals(o.firstAction())) {
                spec.put("thenAction", o.thenAction());
            }
            if (!o.symmetrical()) {
                spec.put("symmetrical", false);
            }
            if (!o.requireAll()) {
                spec.put("requireAll", false);
            }
            docs.add(doc("OrderConstraint", name("order", o.id()), spec));
        }
        tickets(model, docs);
        return docs;
    }

    /**
     * A Ticket for every ticket of the status and every one a constraint names (granted: false where the status has
     * none, which is how Pacemaker reads an absent ticket), so that {@code kubectl baton ticket grant} finds it; a
     * TicketConstraint per rsc_ticket (or resource set): its members as {@code resources}, one as {@code resource}.
     */
    private void tickets(ClusterModel model, List<Map<String, Object>> docs) {
        Map<String, Ticket> states = new LinkedHashMap<>(model.tickets());
        model.ticketConstraints().forEach(c -> states.putIfAbsent(c.ticket(), new Ticket(c.ticket(), false, false)));
        for (Ticket t : states.values()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("granted", t.granted());
            putTrue(spec, "standby", t.standby());
            docs.add(doc("Ticket", name("ticket", t.id()), spec));
        }
        // the importers give one constraint per member, under the rsc_ticket's (or its set's) id
        Map<List<Object>, List<String>> byConstraint = new LinkedHashMap<>();
        model.ticketConstraints().forEach(c -> byConstraint.computeIfAbsent(
                java.util.Arrays.asList(c.id(), c.ticket(), c.role(), c.lossPolicy()), k -> new ArrayList<>())
                .add(c.resource()));
        byConstraint.forEach((key, members) -> {
            Role role = (Role) key.get(2);
            TicketConstraint.LossPolicy loss = (TicketConstraint.LossPolicy) key.get(3);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("ticket", name("ticket", (String) key.get(1)));
            if (members.size() == 1) {
                spec.put("resource", rsc(members.get(0)));
            } else {
                spec.put("resources", members.stream().map(this::rsc).toList());
            }
            if (role != null) {
                spec.put("role", role.label());
            }
            // Pacemaker treats demote on a role other than Promoted as stop; the API refuses it, so it is written so
            if (loss != null) {
                spec.put("lossPolicy", loss == TicketConstraint.LossPolicy.DEMOTE && role != Role.PROMOTED ? "stop"
                        : loss.name().toLowerCase(Locale.ROOT));
            }
            docs.add(doc("TicketConstraint", name("ticket-constraint", (String) key.get(0)), spec));
        });
    }

    private void resource(Resource r, List<Map<String, Object>> docs) {
        if (r instanceof Primitive p) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("class", p.resourceClass());
            if (p.provider() != null) {
                spec.put("provider", p.provider());
            }
            spec.put("type", p.type());
            Map<String, Object> params = new LinkedHashMap<>();
            // params are int-or-string: a number stays a number, "true" stays a string
            p.params().forEach((k, v) -> params.put(k, v.matches("-?\\d{1,9}") ? Integer.parseInt(v) : v));
            putNonEmpty(spec, "params", params);
            // the CIB importer gives instance attributes as a fallback for meta names (Pacemaker reads old CIBs so);
            // written back as meta they would be refused (meta.ip is no meta attribute): they stay params only
            Map<String, String> meta = new LinkedHashMap<>(p.meta());
            meta.entrySet().removeIf(e -> e.getValue().equals(p.params().get(e.getKey())));
            putNonEmpty(spec, "meta", typed(meta));
            List<Map<String, Object>> ops = new ArrayList<>();
            for (Operation op : p.operations()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("name", op.name());
                o.put("interval", duration(op.intervalMs()));
                if (op.timeout() != null) {
                    o.put("timeout", op.timeout());
                }
                if (op.role() != null) {
                    o.put("role", op.role().label());
                }
                if (op.onFail() != null) {
                    o.put("onFail", op.onFail());
                }
                ops.add(o);
            }
            putNonEmpty(spec, "operations", ops);
            docs.add(doc("Primitive", rsc(p.id()), spec));
        } else if (r instanceof Group g) {
            g.members().forEach(m -> resource(m, docs));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("members", g.members().stream().map(m -> rsc(m.id())).toList());
            putNonEmpty(spec, "meta", typed(g.meta()));
            docs.add(doc("ResourceGroup", rsc(g.id()), spec));
        } else {
            Clone c = (Clone) r;
            resource(c.child(), docs);
            Map<String, String> meta = new LinkedHashMap<>(c.meta());
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("resource", rsc(c.child().id()));
            putTrue(spec, "promotable", c.promotable());
            option(meta, spec, "cloneMax", "clone-max");
            option(meta, spec, "cloneNodeMax", "clone-node-max");
            option(meta, spec, "promotedMax", "promoted-max", "master-max");
            option(meta, spec, "promotedNodeMax", "promoted-node-max", "master-node-max");
            option(meta, spec, "interleave", "interleave");
            option(meta, spec, "ordered", "ordered");
            meta.remove("promotable");
            putNonEmpty(spec, "meta", typed(meta));
            docs.add(doc("Clone", rsc(c.id()), spec));
        }
    }

    private static void option(Map<String, String> meta, Map<String, Object> spec, String field, String... names) {
        for (String n : names) {
            String v = meta.remove(n);
            if (v != null) {
                spec.put(field, typed(v));
            }
        }
    }

    /** Empty maps and lists are left out of the YAML: the API reads a missing field as empty. */
    private static void putNonEmpty(Map<String, Object> spec, String field, Map<String, ?> value) {
        if (!value.isEmpty()) {
            spec.put(field, value);
        }
    }

    private static void putNonEmpty(Map<String, Object> spec, String field, List<?> value) {
        if (!value.isEmpty()) {
            spec.put(field, value);
        }
    }

    /** Flags that default to false are written only when set. */
    private static void putTrue(Map<String, Object> spec, String field, boolean value) {
        if (value) {
            spec.put(field, true);
        }
    }

    private static Map<String, Object> typed(Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, typed(String.valueOf(v))));
        return out;
    }

    /** A score as the API's int-or-string takes it: 200 as a number, INFINITY as a string. */
    private static Object score(int score) {
        return typed(Score.format(score));
    }

    private static Object typed(String v) {
        if (v.matches("-?\\d{1,9}")) {
            return Integer.parseInt(v);
        }
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("true") || l.equals("false")) {
            return Boolean.parseBoolean(l);
        }
        return v;
    }

    private static String duration(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** "no-quorum-policy" → "noQuorumPolicy". */
    static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-' || c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** "noQuorumPolicy" → "no-quorum-policy". */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> doc(String kind, String name, Map<String, Object> spec) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("apiVersion", API_VERSION);
        d.put("kind", kind);
        d.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
        d.put("spec", spec);
        return d;
    }

    /** Reads Baton objects (any order; other kinds ignored) into a model with every node online and nothing running. */
    static ClusterModel read(List<Map<String, Object>> docs) {
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> rscDefaults = new LinkedHashMap<>();
        Map<String, String> opDefaults = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        Map<String, Primitive> primitives = new LinkedHashMap<>();
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        Map<String, Map<String, Object>> clones = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        List<LocationConstraint> locations = new ArrayList<>();
        List<ColocationConstraint> colocations = new ArrayList<>();
        List<OrderConstraint> orders = new ArrayList<>();
        Map<String, Ticket> tickets = new LinkedHashMap<>();
        List<TicketConstraint> ticketConstraints = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            if (d == null || !API_VERSION.equals(d.get("apiVersion"))) {
                continue;
            }
            String kind = String.valueOf(d.get("kind"));
            String name = String.valueOf(map(d.get("metadata")).get("name"));
            Map<String, Object> spec = map(d.get("spec"));
            switch (kind) {
                case "HACluster" -> {
                    map(spec.get("properties")).forEach((k, v) -> props.put(kebab(k), String.valueOf(v)));
                    strings(spec.get("resourceDefaults")).forEach(rscDefaults::put);
                    strings(spec.get("operationDefaults")).forEach(opDefaults::put);
                }
                case "HANode" -> nodes.add(new Node(name, true, bool(spec.get("standby")),
                        bool(spec.get("maintenance")), false, strings(spec.get("attributes")),
                        strings(spec.get("utilization"))));
                case "Primitive" -> {
                    List<Operation> ops = new ArrayList<>();
                    for (Object o : list(spec.get("operations"))) {
                        Map<String, Object> op = map(o);
                        ops.add(new Operation(String.valueOf(op.get("name")),
                                Durations.toMillis(str(op.get("interval"), "0")), str(op.get("timeout"), null),
                                Role.parse(str(op.get("role"), null)), str(op.get("onFail"), null)));
                    }
                    primitives.put(name, new Primitive(name, str(spec.get("class"), "ocf"),
                            str(spec.get("provider"), null), str(spec.get("type"), ""), strings(spec.get("params")),
                            strings(spec.get("meta")), ops));
                    order.add(name);
                }
                case "ResourceGroup" -> {
                    groups.put(name, spec);
                    order.add(name);
                }
                case "Clone" -> {
                    clones.put(name, spec);
                    order.add(name);
                }
                case "LocationConstraint" -> locations.add(new LocationConstraint(name, str(spec.get("resource"), ""),
                        str(spec.get("node"), ""), Score.parse(str(spec.get("score"), "0")),
                        Role.parse(str(spec.get("role"), null))));
                case "ColocationConstraint" -> colocations.add(new ColocationConstraint(name,
                        str(spec.get("resource"), ""), str(spec.get("withResource"), ""),
                        Score.parse(str(spec.get("score"), "0")), Role.parse(str(spec.get("role"), null)),
                        Role.parse(str(spec.get("withRole"), null))));
                case "OrderConstraint" -> orders.add(new OrderConstraint(name, str(spec.get("first"), ""),
                        str(spec.get("then"), ""), OrderConstraint.kindOf(str(spec.get("kind"), "Mandatory"), null),
                        str(spec.get("firstAction"), "start"), str(spec.get("thenAction"), null),
                        spec.get("symmetrical") == null || bool(spec.get("symmetrical")),
                        spec.get("requireAll") == null || bool(spec.get("requireAll"))));
                case "Ticket" -> tickets.put(name, new Ticket(name, bool(spec.get("granted")), bool(spec.get("standby"))));
                case "TicketConstraint" -> {
                    List<?> members = spec.get("resources") != null ? list(spec.get("resources"))
                            : List.of(str(spec.get("resource"), ""));
                    Role role = Role.parse(str(spec.get("role"), null));
                    String loss = str(spec.get("lossPolicy"), null);
                    members.forEach(m -> ticketConstraints.add(new TicketConstraint(name, String.valueOf(m),
                            str(spec.get("ticket"), ""), role == Role.STARTED ? null : role, loss == null ? null
                            : TicketConstraint.LossPolicy.valueOf(loss.toUpperCase(Locale.ROOT)))));
                }
                default -> { }
            }
        }
        Set<String> contained = new HashSet<>();
        groups.values().forEach(g -> list(g.get("members")).forEach(m -> contained.add(String.valueOf(m))));
        clones.values().forEach(c -> contained.add(str(c.get("resource"), "")));
        List<Resource> resources = new ArrayList<>();
        for (String id : order) {
            if (!contained.contains(id)) {
                Resource r = build(id, primitives, groups, clones);
                if (r != null) {
                    resources.add(r);
                }
            }
        }
        return new ClusterModel(nodes, resources, locations, colocations, orders, new ClusterProperties(ClusterProperties.ofHACluster(props)),
                rscDefaults, opDefaults, List.of(), true, 0, ticketConstraints, tickets);
    }

    private static Resource build(String id, Map<String, Primitive> primitives, Map<String, Map<String, Object>> groups,
                                  Map<String, Map<String, Object>> clones) {
        if (primitives.containsKey(id)) {
            return primitives.get(id);
        }
        if (groups.containsKey(id)) {
            Map<String, Object> g = groups.get(id);
            List<Primitive> members = new ArrayList<>();
            for (Object m : list(g.get("members"))) {
                Primitive p = primitives.get(String.valueOf(m));
                if (p == null) {
                    throw new IllegalArgumentException("group " + id + ": unknown member " + m);
                }
                members.add(p);
            }
            return new Group(id, members, strings(g.get("meta")));
        }
        Map<String, Object> c = clones.get(id);
        if (c == null) {
            return null;
        }
        Resource child = build(str(c.get("resource"), ""), primitives, groups, clones);
        if (child == null) {
            throw new IllegalArgumentException("clone " + id + ": unknown resource " + c.get("resource"));
        }
        Map<String, String> meta = new LinkedHashMap<>(strings(c.get("meta")));
        Map<String, String> fields = Map.of("cloneMax", "clone-max", "cloneNodeMax", "clone-node-max",
                "promotedMax", "promoted-max", "promotedNodeMax", "promoted-node-max", "interleave", "interleave",
                "ordered", "ordered");
        fields.forEach((field, metaName) -> {
            if (c.get(field) != null) {
                meta.put(metaName, String.valueOf(c.get(field)));
            }
        });
        return new Clone(id, child, bool(c.get("promotable")), meta);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        map(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static String str(Object o, String fallback) {
        return o == null ? fallback : String.valueOf(o);
    }

    private static boolean bool(Object o) {
        return o != null && ClusterProperties.truthy(String.valueOf(o));
    }
}
