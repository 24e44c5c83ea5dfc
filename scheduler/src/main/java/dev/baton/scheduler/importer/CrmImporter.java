package dev.baton.scheduler.importer;

import dev.baton.scheduler.Score;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads crm shell configuration syntax ({@code crm configure}): node, property, rsc_defaults, op_defaults,
 * primitive (params/meta/op), group, clone, ms, location, colocation, order. Resource sets and rules are
 * reported in {@link #unsupported()}. Nodes not declared with {@code node} can be supplied by the caller.
 */
public final class CrmImporter {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> rscDefaults = new LinkedHashMap<>();
    private final Map<String, String> opDefaults = new LinkedHashMap<>();
    private final Map<String, Primitive> primitives = new LinkedHashMap<>();
    private final Map<String, Resource> containers = new LinkedHashMap<>();
    private final Set<String> contained = new LinkedHashSet<>();
    private final List<LocationConstraint> locations = new ArrayList<>();
    private final List<ColocationConstraint> colocations = new ArrayList<>();
    private final List<OrderConstraint> orders = new ArrayList<>();
    private final Set<String> nodes = new LinkedHashSet<>();
    private final List<String> unsupported = new ArrayList<>();
    /** Resource ids in declaration order. */
    private final List<String> order = new ArrayList<>();

    public static ClusterModel parse(String text, List<String> extraNodes) {
        CrmImporter p = new CrmImporter();
        p.read(text);
        return p.model(extraNodes);
    }

    public List<String> unsupported() {
        return List.copyOf(unsupported);
    }

    public void read(String text) {
        for (String line : logicalLines(text)) {
            List<String> t = tokens(line);
            if (!t.isEmpty()) {
                command(t);
            }
        }
    }

    public ClusterModel model(List<String> extraNodes) {
        Set<String> all = new LinkedHashSet<>(nodes);
        all.addAll(extraNodes);
        List<Node> nodeList = all.stream().map(Node::online).toList();
        List<Resource> resources = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        // declaration order of the top-level resources: primitives as declared, containers where declared
        for (String id : order) {
            if (contained.contains(id) || !done.add(id)) {
                continue;
            }
            Resource r = containers.containsKey(id) ? resolve(id) : primitives.get(id);
            if (r != null) {
                resources.add(r);
            }
        }
        return new ClusterModel(nodeList, resources, locations, colocations, orders,
                new ClusterProperties(properties), rscDefaults, opDefaults, List.of(), true, 0);
    }

    private Resource resolve(String id) {
        Resource c = containers.get(id);
        if (c instanceof Group g) {
            return new Group(g.id(), g.members().stream().map(m -> primitives.get(m.id())).toList(), g.meta());
        }
        if (c instanceof Clone cl) {
            Resource child = containers.containsKey(cl.child().id()) ? resolve(cl.child().id())
                    : primitives.get(cl.child().id());
            return new Clone(cl.id(), child, cl.promotable(), cl.meta());
        }
        return primitives.get(id);
    }

    private void command(List<String> t) {
        String cmd = t.get(0);
        switch (cmd) {
            case "property" -> pairs(t, 1, properties);
            case "rsc_defaults" -> pairs(t, 1, rscDefaults);
            case "op_defaults" -> pairs(t, 1, opDefaults);
            case "node" -> nodes.add(nodeName(t.get(1)));
            case "primitive" -> primitive(t);
            case "group" -> group(t);
            case "clone", "ms" -> clone(t, cmd.equals("ms"));
            case "location" -> location(t);
            case "colocation", "collocation" -> colocation(t);
            case "order" -> order(t);
            case "commit", "end", "exit", "quit", "configure", "verify", "show" -> { }
            default -> unsupported.add(String.join(" ", t));
        }
    }

    /** "node1", "node1:" or "uuid1:node1" → "node1". */
    private static String nodeName(String token) {
        String n = token.endsWith(":") ? token.substring(0, token.length() - 1) : token;
        return n.contains(":") ? n.substring(n.indexOf(':') + 1) : n;
    }

    private void primitive(List<String> t) {
        String id = t.get(1);
        String[] agent = t.get(2).split(":");
        String cls = agent[0];
        String provider = agent.length == 3 ? agent[1] : null;
        String type = agent[agent.length - 1];
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<Operation> ops = new ArrayList<>();
        Map<String, String> utilization = new LinkedHashMap<>();
        int i = 3;
        while (i < t.size()) {
            String section = t.get(i++);
            switch (section) {
                case "params" -> i = pairs(t, i, params);
                case "meta" -> i = pairs(t, i, meta);
                case "utilization" -> i = pairs(t, i, utilization);
                case "op" -> {
                    String name = t.get(i++);
                    Map<String, String> o = new LinkedHashMap<>();
                    i = pairs(t, i, o);
                    ops.add(new Operation(name, Durations.toMillis(o.getOrDefault("interval", "0")), o.get("timeout"),
                            Role.parse(o.get("role")), o.get("on-fail")));
                }
                default -> unsupported.add("primitive " + id + ": " + section);
            }
        }
        primitives.put(id, new Primitive(id, cls, provider, type, params, meta, ops, utilization));
        order.add(id);
    }

    private void group(List<String> t) {
        String id = t.get(1);
        List<Primitive> members = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        int i = 2;
        while (i < t.size() && !t.get(i).equals("meta") && !t.get(i).equals("params")) {
            members.add(new Primitive(t.get(i), "ocf", null, "", Map.of(), Map.of(), List.of()));
            contained.add(t.get(i++));
        }
        while (i < t.size()) {
            i = pairs(t, i + 1, meta);
        }
        containers.put(id, new Group(id, members, meta));
        order.add(id);
    }

    private void clone(List<String> t, boolean ms) {
        String id = t.get(1);
        String child = t.get(2);
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 3; i < t.size(); ) {
            i = pairs(t, i + 1, meta);
        }
        contained.add(child);
        boolean promotable = ms || ClusterProperties.truthy(meta.get("promotable"));
        Primitive placeholder = new Primitive(child, "ocf", null, "", Map.of(), Map.of(), List.of());
        containers.put(id, new Clone(id, placeholder, promotable, meta));
        order.add(id);
    }

    /** location ID RSC [role=ROLE] SCORE: NODE */
    private void location(List<String> t) {
        String id = t.get(1);
        String rsc = t.get(2);
        int i = 3;
        Role role = null;
        if (i < t.size() && t.get(i).startsWith("role=")) {
            role = Role.parse(t.get(i++).substring(5));
        }
        if (i + 1 >= t.size() || !t.get(i).endsWith(":") || t.get(i + 1).equals("rule")) {
            unsupported.add("location " + id + " (rules are not supported)");
            return;
        }
        String score = t.get(i).substring(0, t.get(i).length() - 1);
        locations.add(new LocationConstraint(id, rsc, t.get(i + 1), Score.parse(score), role));
    }

    /** colocation ID SCORE: RSC[:ROLE] WITH-RSC[:ROLE] */
    private void colocation(List<String> t) {
        String id = t.get(1);
        String score = t.get(2).substring(0, t.get(2).length() - 1);
        List<String> rscs = t.subList(3, t.size()).stream().filter(s -> !s.contains("=")).toList();
        if (rscs.size() != 2) {
            unsupported.add("colocation " + id + " (resource sets are not supported)");
            return;
        }
        String[] d = rscs.get(0).split(":");
        String[] p = rscs.get(1).split(":");
        colocations.add(new ColocationConstraint(id, d[0], p[0], Score.parse(score),
                d.length > 1 ? Role.parse(d[1]) : null, p.length > 1 ? Role.parse(p[1]) : null));
    }

    /** order ID [KIND: | SCORE:] FIRST[:ACTION] THEN[:ACTION] [symmetrical=BOOL] */
    private void order(List<String> t) {
        String id = t.get(1);
        int i = 2;
        String kind = null;
        String score = null;
        if (t.get(i).endsWith(":")) {
            String k = t.get(i++).replace(":", "");
            if (Score.isScore(k)) {
                score = k;
            } else {
                kind = k;
            }
        }
        List<String> rscs = new ArrayList<>();
        boolean symmetrical = true;
        for (; i < t.size(); i++) {
            if (t.get(i).startsWith("symmetrical=")) {
                symmetrical = ClusterProperties.truthy(t.get(i).substring("symmetrical=".length()));
            } else {
                rscs.add(t.get(i));
            }
        }
        if (rscs.size() != 2) {
            unsupported.add("order " + id + " (resource sets are not supported)");
            return;
        }
        String[] f = rscs.get(0).split(":");
        String[] th = rscs.get(1).split(":");
        orders.add(new OrderConstraint(id, f[0], th[0], OrderConstraint.kindOf(kind, score),
                f.length > 1 ? f[1] : "start", th.length > 1 ? th[1] : null, symmetrical, true));
    }

    /** Reads name=value pairs from {@code i} until the next keyword; returns the index after them. */
    private static int pairs(List<String> t, int i, Map<String, String> into) {
        while (i < t.size() && t.get(i).contains("=")) {
            String kv = t.get(i++);
            int eq = kv.indexOf('=');
            String name = kv.substring(0, eq);
            if (!name.startsWith("$")) {
                into.put(name, kv.substring(eq + 1));
            }
        }
        return i;
    }

    private static List<String> logicalLines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            cur.append(line);
            out.add(cur.toString());
            cur.setLength(0);
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Splits on blanks, honouring double and single quotes (which are removed). */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0 || any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || any) {
            out.add(cur.toString());
        }
        return out;
    }
}
