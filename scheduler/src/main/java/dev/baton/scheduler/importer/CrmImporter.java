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
import dev.baton.scheduler.model.TicketConstraint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads crm shell configuration syntax ({@code crm configure}): node, property, rsc_defaults, op_defaults,
 * primitive (params/meta/op), group, clone, ms, location, colocation, order, rsc_ticket. Resource sets (but
 * rsc_ticket's list of resources) and rules are
 * reported in {@link #unsupported()}. Nodes not declared with {@code node} can be supplied by the caller.
 * What crmsh would refuse (a command cut short, a bad score, role or kind, a reference to an undefined resource)
 * raises {@link ImportException} naming the command and the token.
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
    private final List<TicketConstraint> tickets = new ArrayList<>();
    private final Set<String> nodes = new LinkedHashSet<>();
    private final List<String> unsupported = new ArrayList<>();
    /** The fencing_topology commands (their words): their levels for every node are known only at the end. */
    private final List<List<String>> topology = new ArrayList<>();
    /** Resource ids in declaration order. */
    private final List<String> order = new ArrayList<>();

    public static ClusterModel parse(String text, List<String> extraNodes) {
        CrmImporter p = new CrmImporter();
        p.read(text);
        return p.model(extraNodes);
    }

    /** The fencing_topology levels (not the scheduler's: see {@link FencingLevel}), once everything is read. */
    public List<FencingLevel> fencingTopology() {
        List<FencingLevel> out = new ArrayList<>();
        topology.forEach(t -> out.addAll(FencingLevel.fromCrm(t, nodes)));
        return out;
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

    /** @throws ImportException when a resource refers to one that is not defined */
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
        // crm configure holds no ticket state: every ticket is as Pacemaker's absent one, not granted
        return new ClusterModel(nodeList, resources, locations, colocations, orders,
                new ClusterProperties(properties), rscDefaults, opDefaults, List.of(), true, 0, tickets, Map.of());
    }

    private Resource resolve(String id) {
        Resource c = containers.get(id);
        if (c instanceof Group g) {
            return new Group(g.id(), g.members().stream().map(m -> defined(g, m.id(), primitives.get(m.id())))
                    .toList(), g.meta());
        }
        if (c instanceof Clone cl) {
            String childId = cl.child().id();
            Resource child = containers.get(childId) instanceof Group ? resolve(childId)
                    : defined(cl, childId, primitives.get(childId));
            return new Clone(cl.id(), child, cl.promotable(), cl.meta());
        }
        return primitives.get(id);
    }

    private static <T> T defined(Resource container, String member, T resource) {
        if (resource == null) {
            String kind = container instanceof Group ? "group " : "clone ";
            throw new ImportException(kind + container.id(), member, "object " + member
                    + " does not exist (or is not a primitive" + (container instanceof Group ? ")" : " or group)"));
        }
        return resource;
    }

    /** Token {@code i} of a command, which needs it. */
    private static String arg(List<String> t, int i, String what) {
        if (i >= t.size()) {
            throw new ImportException(String.join(" ", t.subList(0, Math.min(2, t.size()))), what,
                    "missing (the command ends after " + t.size() + " word" + (t.size() == 1 ? ")" : "s)"));
        }
        return t.get(i);
    }

    private static int score(List<String> t, String token) {
        if (!Score.isScore(token)) {
            throw new ImportException(t.get(0) + " " + t.get(1), token, "not a score (an integer, inf or -inf)");
        }
        return Score.parse(token);
    }

    private static Role role(List<String> t, String token) {
        try {
            return Role.parse(token);
        } catch (IllegalArgumentException e) {
            throw new ImportException(t.get(0) + " " + t.get(1), token,
                    "not a role (Started, Stopped, Promoted, Unpromoted, Master, Slave)");
        }
    }

    private void command(List<String> t) {
        String cmd = t.get(0);
        switch (cmd) {
            case "property" -> pairs(t, 1, properties);
            case "rsc_defaults" -> pairs(t, 1, rscDefaults);
            case "op_defaults" -> pairs(t, 1, opDefaults);
            case "node" -> nodes.add(nodeName(arg(t, 1, "node name")));
            case "primitive" -> primitive(t);
            case "group" -> group(t);
            case "clone", "ms" -> clone(t, cmd.equals("ms"));
            case "location" -> location(t);
            case "colocation", "collocation" -> colocation(t);
            case "order" -> order(t);
            case "rsc_ticket" -> rscTicket(t);
            case "fencing_topology" -> topology.add(t);
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
        String id = arg(t, 1, "id");
        String[] agent = arg(t, 2, "agent (class:provider:type)").split(":", -1);
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
                    String name = arg(t, i++, "op name");
                    Map<String, String> o = new LinkedHashMap<>();
                    i = pairs(t, i, o);
                    // crmsh writes the interval as given; Pacemaker reads it, never failing
                    ops.add(new Operation(name, Durations.pacemaker(o.getOrDefault("interval", "0")), o.get("timeout"),
                            o.containsKey("role") ? role(t, o.get("role")) : null, o.get("on-fail")));
                }
                default -> unsupported.add("primitive " + id + ": " + section);
            }
        }
        primitives.put(id, new Primitive(id, cls, provider, type, params, meta, ops, utilization));
        order.add(id);
    }

    private void group(List<String> t) {
        String id = arg(t, 1, "id");
        List<Primitive> members = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        int i = 2;
        while (i < t.size() && !t.get(i).equals("meta") && !t.get(i).equals("params")) {
            members.add(new Primitive(t.get(i), "ocf", null, "", Map.of(), Map.of(), List.of()));
            contained.add(t.get(i++));
        }
        if (members.isEmpty()) {
            throw new ImportException("group " + id, null, "a group needs at least one primitive");
        }
        while (i < t.size()) {
            i = pairs(t, i + 1, meta);
        }
        containers.put(id, new Group(id, members, meta));
        order.add(id);
    }

    private void clone(List<String> t, boolean ms) {
        String id = arg(t, 1, "id");
        String child = arg(t, 2, "resource to clone");
        if (containers.get(child) instanceof Clone) {
            throw new ImportException(t.get(0) + " " + id, child, "a clone cannot contain a clone");
        }
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
        String id = arg(t, 1, "id");
        String rsc = arg(t, 2, "resource");
        int i = 3;
        Role role = null;
        if (i < t.size() && t.get(i).startsWith("role=")) {
            role = role(t, t.get(i++).substring(5));
        }
        if (i + 1 >= t.size() || !t.get(i).endsWith(":") || t.get(i + 1).equals("rule")) {
            unsupported.add("location " + id + " (rules are not supported)");
            return;
        }
        String score = t.get(i).substring(0, t.get(i).length() - 1);
        locations.add(new LocationConstraint(id, rsc, t.get(i + 1), score(t, score), role));
    }

    /** colocation ID SCORE: RSC[:ROLE] WITH-RSC[:ROLE] */
    private void colocation(List<String> t) {
        String id = arg(t, 1, "id");
        String scoreToken = arg(t, 2, "score");
        if (!scoreToken.endsWith(":")) {
            throw new ImportException("colocation " + id, scoreToken, "expected SCORE: (e.g. inf:)");
        }
        String score = scoreToken.substring(0, scoreToken.length() - 1);
        List<String> rscs = t.subList(3, t.size()).stream().filter(s -> !s.contains("=")).toList();
        if (rscs.size() != 2) {
            unsupported.add("colocation " + id + " (resource sets are not supported)");
            return;
        }
        String[] d = rscs.get(0).split(":", -1);
        String[] p = rscs.get(1).split(":", -1);
        colocations.add(new ColocationConstraint(id, d[0], p[0], score(t, score),
                d.length > 1 ? role(t, d[1]) : null, p.length > 1 ? role(t, p[1]) : null));
    }

    /**
     * rsc_ticket ID TICKET: RSC[:ROLE] [RSC[:ROLE] ...] [loss-policy=POLICY]: each resource depends on the ticket
     * on its own, in its role (Started, or none: any role), as crmsh writes the list as a resource set.
     */
    private void rscTicket(List<String> t) {
        String id = arg(t, 1, "id");
        String ticketToken = arg(t, 2, "ticket");
        if (!ticketToken.endsWith(":") || ticketToken.length() == 1) {
            throw new ImportException("rsc_ticket " + id, ticketToken, "expected TICKET: (e.g. ticketA:)");
        }
        String ticket = ticketToken.substring(0, ticketToken.length() - 1);
        TicketConstraint.LossPolicy loss = null;
        List<String[]> rscs = new ArrayList<>();
        for (String tok : t.subList(3, t.size())) {
            if (tok.startsWith("loss-policy=")) {
                String v = tok.substring("loss-policy=".length());
                try {
                    loss = TicketConstraint.LossPolicy.valueOf(v.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ImportException("rsc_ticket " + id, tok, "not a loss-policy (stop, demote, fence, freeze)");
                }
            } else {
                rscs.add(tok.split(":", -1));
            }
        }
        if (rscs.isEmpty()) {
            throw new ImportException("rsc_ticket " + id, ticketToken, "missing (no resource after the ticket)");
        }
        for (String[] r : rscs) {
            Role role = r.length > 1 ? role(t, r[1]) : null;
            tickets.add(new TicketConstraint(id, r[0], ticket, role == Role.STARTED ? null : role, loss));
        }
    }

    /** order ID [KIND: | SCORE:] FIRST[:ACTION] THEN[:ACTION] [symmetrical=BOOL] */
    private void order(List<String> t) {
        String id = arg(t, 1, "id");
        int i = 2;
        String kind = null;
        String score = null;
        if (arg(t, i, "first resource").endsWith(":")) {
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
        String[] f = rscs.get(0).split(":", -1);
        String[] th = rscs.get(1).split(":", -1);
        OrderConstraint.Kind k;
        try {
            k = OrderConstraint.kindOf(kind, score);
        } catch (IllegalArgumentException e) {
            throw new ImportException("order " + id, kind + ":", "not a kind (Mandatory, Optional, Serialize) or score");
        }
        orders.add(new OrderConstraint(id, f[0], th[0], k,
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
