package dev.baton.scheduler.differential;

import dev.baton.scheduler.differential.Cib.Clone;
import dev.baton.scheduler.differential.Cib.Colocation;
import dev.baton.scheduler.differential.Cib.Constraint;
import dev.baton.scheduler.differential.Cib.Expression;
import dev.baton.scheduler.differential.Cib.Group;
import dev.baton.scheduler.differential.Cib.HistoryOp;
import dev.baton.scheduler.differential.Cib.Location;
import dev.baton.scheduler.differential.Cib.Node;
import dev.baton.scheduler.differential.Cib.Nv;
import dev.baton.scheduler.differential.Cib.Op;
import dev.baton.scheduler.differential.Cib.Order;
import dev.baton.scheduler.differential.Cib.Primitive;
import dev.baton.scheduler.differential.Cib.Rsc;
import dev.baton.scheduler.differential.Cib.RuleLocation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of random but valid Pacemaker clusters: 2–6 nodes, 1–30 primitives in primitives, groups,
 * clones and promotable clones, location (plain and rules on #uname, node attributes and dates), colocation
 * (roles, scores), order (kinds, actions, symmetrical) constraints, resource meta attributes and defaults,
 * standby, shutdown, lost quorum, and an operation history as Pacemaker's controller records it (last_0,
 * last_failure_0, recurring monitors; failed, timed-out and pending operations; fail-counts, promotion scores).
 * Fencing is disabled (stonith-enabled=false) and offline nodes are cleanly down, so nothing needs fencing.
 * <p>
 * Each cluster first draws which feature families it uses ({@link Features}), so that every tag shows up in
 * a good share of clusters and also stays absent from many: per-tag agreement then tells features apart.
 * <p>
 * Cluster {@code index} of seed {@code seed} is the same on every JVM: one {@link Random} (a specified algorithm)
 * drives everything, and every collection is a list.
 */
final class CibGenerator {
    /** 2026-05-28T20:26:40Z; each cluster's "now" is within a year after it. */
    private static final long EPOCH = 1_780_000_000L;
    private static final int DUMMY_MONITOR_MS = 10_000;
    private static final int PROMOTED_MONITOR_MS = 10_000;
    private static final int UNPROMOTED_MONITOR_MS = 11_000;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final Random r;
    private final Features f;
    private final long now;
    private final List<Node> nodes = new ArrayList<>();
    private final List<List<Nv>> transients = new ArrayList<>();
    private final List<HistoryOp> history = new ArrayList<>();
    private final int[] callIds = new int[7];
    private int primitiveCount;
    private int constraintCount;

    private CibGenerator(long seed) {
        r = new Random(seed);
        f = new Features(r);
        now = EPOCH + r.nextInt(365 * 86_400);
    }

    /** The feature families of one cluster, drawn in a fixed order. */
    private static final class Features {
        final boolean groups;
        final boolean clones;
        final boolean promotables;
        final boolean locations;
        final boolean rules;
        final boolean colocations;
        final boolean orders;
        final boolean orderVariants;
        final boolean stickiness;
        final boolean thresholds;
        final boolean failureTimeouts;
        final boolean targetRoles;
        final boolean unmanaged;
        final boolean standby;
        final boolean offline;
        final boolean shutdown;
        final boolean quorumPolicy;
        final boolean quorumLoss;
        final boolean history;
        final boolean failures;
        final boolean failedStops;
        final boolean pending;
        final boolean onFail;
        final boolean nodeAttributes;

        Features(Random r) {
            groups = r.nextDouble() < 0.4;
            clones = r.nextDouble() < 0.35;
            promotables = r.nextDouble() < 0.35;
            locations = r.nextDouble() < 0.5;
            rules = r.nextDouble() < 0.3;
            colocations = r.nextDouble() < 0.45;
            orders = r.nextDouble() < 0.45;
            orderVariants = r.nextDouble() < 0.5;
            stickiness = r.nextDouble() < 0.3;
            thresholds = r.nextDouble() < 0.3;
            failureTimeouts = r.nextDouble() < 0.15;
            targetRoles = r.nextDouble() < 0.25;
            unmanaged = r.nextDouble() < 0.15;
            standby = r.nextDouble() < 0.2;
            offline = r.nextDouble() < 0.2;
            shutdown = r.nextDouble() < 0.15;
            quorumPolicy = r.nextDouble() < 0.35;
            quorumLoss = r.nextDouble() < 0.15;
            history = r.nextDouble() < 0.85;
            failures = r.nextDouble() < 0.5;
            failedStops = r.nextDouble() < 0.3;
            pending = r.nextDouble() < 0.2;
            onFail = r.nextDouble() < 0.3;
            nodeAttributes = r.nextDouble() < 0.5;
        }
    }

    /** Cluster number {@code index} of the run with {@code seed}. */
    static Cib generate(long seed, int index) {
        return new CibGenerator(seed * 1_000_003L + index).cib();
    }

    private Cib cib() {
        int nodeCount = 2 + r.nextInt(5);
        for (int i = 1; i <= nodeCount; i++) {
            List<Nv> attrs = new ArrayList<>();
            if (f.nodeAttributes && chance(0.6)) {
                attrs.add(new Nv("site", pick("a", "b")));
            }
            if (f.nodeAttributes && chance(0.5)) {
                attrs.add(new Nv("ram", String.valueOf(1 + r.nextInt(64))));
            }
            if (f.standby && chance(0.3)) {
                attrs.add(new Nv("standby", "on"));
            }
            boolean online = i == 1 || !(f.offline && chance(0.3));
            nodes.add(new Node(i, "node-" + i, online, attrs, List.of()));
            List<Nv> t = new ArrayList<>();
            if (online && f.shutdown && chance(0.25)) {
                t.add(new Nv("shutdown", String.valueOf(now - 10)));
            }
            transients.add(t);
        }
        List<Nv> properties = new ArrayList<>();
        properties.add(new Nv("stonith-enabled", "false"));
        if (f.quorumPolicy) {
            properties.add(new Nv("no-quorum-policy", pick("stop", "freeze", "ignore", "demote")));
        }
        boolean quorum = !f.quorumLoss;
        List<Nv> defaults = new ArrayList<>();
        if (f.stickiness && chance(0.5)) {
            defaults.add(new Nv("resource-stickiness", pick("0", "50", "100", "INFINITY")));
        }
        if (f.thresholds && chance(0.4)) {
            defaults.add(new Nv("migration-threshold", String.valueOf(1 + r.nextInt(3))));
        }
        if (f.failureTimeouts && chance(0.5)) {
            defaults.add(new Nv("failure-timeout", pick("60s", "10min", "1h")));
        }

        int budget = 1 + r.nextInt(30);
        List<Rsc> resources = new ArrayList<>();
        while (primitiveCount < budget) {
            int left = budget - primitiveCount;
            double kind = r.nextDouble();
            Rsc rsc;
            if (kind < 0.5) {
                rsc = primitive(false);
            } else if (kind < 0.68) {
                rsc = f.groups && left >= 2 ? group(Math.min(left, 2 + r.nextInt(3))) : primitive(false);
            } else if (kind < 0.84) {
                rsc = f.clones ? clone(f.groups && left >= 2 && chance(0.25) ? group(2) : primitive(false), false)
                        : primitive(false);
            } else {
                rsc = f.promotables ? clone(primitive(true), true) : primitive(false);
            }
            resources.add(rsc);
        }
        for (Rsc rsc : resources) {
            history(rsc);
        }
        List<Constraint> constraints = constraints(resources);
        List<Node> withStatus = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            withStatus.add(new Node(n.id(), n.name(), n.online(), n.attributes(), transients.get(i)));
        }
        return new Cib(now, quorum, properties, defaults, withStatus, resources, constraints, history);
    }

    // ------------------------------------------------------------------ resources

    private Primitive primitive(boolean stateful) {
        String id = "r" + ++primitiveCount;
        List<Nv> meta = new ArrayList<>();
        if (!stateful && f.targetRoles && chance(0.15)) {
            meta.add(new Nv("target-role", pick("Stopped", "Started")));
        }
        commonMeta(meta);
        List<Op> ops = new ArrayList<>();
        if (stateful) {
            ops.add(new Op("monitor", PROMOTED_MONITOR_MS / 1000, "Promoted",
                    onFail(0.3) ? pick("demote", "restart", "stop", "ignore", "block") : null));
            ops.add(new Op("monitor", UNPROMOTED_MONITOR_MS / 1000, "Unpromoted", null));
            if (onFail(0.2)) {
                ops.add(new Op("promote", 0, null, pick("restart", "stop", "block", "ignore", "demote")));
            }
            if (onFail(0.15)) {
                ops.add(new Op("demote", 0, null, pick("restart", "stop", "block", "ignore")));
            }
        } else {
            ops.add(new Op("monitor", DUMMY_MONITOR_MS / 1000, null,
                    onFail(0.3) ? pick("restart", "ignore", "block", "stop", "standby") : null));
        }
        if (onFail(0.25)) {
            ops.add(new Op("start", 0, null, pick("restart", "ignore", "block", "stop", "standby")));
        }
        if (onFail(0.12)) {
            ops.add(new Op("stop", 0, null, pick("block", "ignore")));
        }
        return new Primitive(id, stateful, meta, ops);
    }

    private boolean onFail(double p) {
        return f.onFail && chance(p);
    }

    private void commonMeta(List<Nv> meta) {
        if (f.unmanaged && chance(0.12)) {
            meta.add(new Nv("is-managed", "false"));
        }
        if (f.stickiness && chance(0.25)) {
            meta.add(new Nv("resource-stickiness", pick("0", "10", "100", "200", "INFINITY")));
        }
        if (f.thresholds && chance(0.3)) {
            meta.add(new Nv("migration-threshold", String.valueOf(1 + r.nextInt(3))));
        }
        if (f.failureTimeouts && chance(0.3)) {
            meta.add(new Nv("failure-timeout", pick("60s", "10min", "1h")));
        }
    }

    private Group group(int size) {
        List<Primitive> members = new ArrayList<>();
        String id = "g" + (primitiveCount + 1);
        for (int i = 0; i < size; i++) {
            members.add(primitive(false));
        }
        List<Nv> meta = new ArrayList<>();
        if (f.targetRoles && chance(0.15)) {
            meta.add(new Nv("target-role", pick("Stopped", "Started")));
        }
        if (chance(0.3)) {
            commonMeta(meta);
        }
        return new Group(id, members, meta);
    }

    private Clone clone(Rsc child, boolean promotable) {
        List<Nv> meta = new ArrayList<>();
        if (chance(0.25)) {
            meta.add(new Nv("clone-max", String.valueOf(1 + r.nextInt(nodes.size()))));
        }
        if (chance(0.1)) {
            meta.add(new Nv("clone-node-max", "2"));
        }
        if (chance(0.25)) {
            meta.add(new Nv("interleave", "true"));
        }
        if (promotable && chance(0.25)) {
            meta.add(new Nv("promoted-max", String.valueOf(1 + r.nextInt(2))));
        }
        if (f.targetRoles && chance(0.15)) {
            meta.add(new Nv("target-role", promotable ? pick("Stopped", "Started", "Unpromoted", "Promoted")
                    : pick("Stopped", "Started")));
        }
        if (chance(0.3)) {
            commonMeta(meta);
        }
        return new Clone((promotable ? "ms-" : "clone-") + child.id(), child, promotable, meta);
    }

    // ------------------------------------------------------------------ constraints

    private List<Constraint> constraints(List<Rsc> resources) {
        List<Constraint> out = new ArrayList<>();
        int spread = 2 + resources.size() / 2;
        for (int i = f.locations ? 1 + r.nextInt(spread) : 0; i > 0; i--) {
            out.add(location(pick(resources)));
        }
        for (int i = f.rules ? 1 + r.nextInt(spread) : 0; i > 0; i--) {
            out.add(ruleLocation(pick(resources)));
        }
        if (resources.size() >= 2) {
            for (int i = f.colocations ? 1 + r.nextInt(spread) : 0; i > 0; i--) {
                Rsc a = pick(resources);
                Rsc b = other(resources, a);
                out.add(new Colocation("col-" + ++constraintCount, a.id(), b.id(),
                        pick("INFINITY", "INFINITY", "-INFINITY", "100", "-100", String.valueOf(r.nextInt(500) - 200)),
                        roleOf(a, 0.6), roleOf(b, 0.6)));
            }
            for (int i = f.orders ? 1 + r.nextInt(spread) : 0; i > 0; i--) {
                Rsc a = pick(resources);
                Rsc b = other(resources, a);
                if (!f.orderVariants) {
                    out.add(new Order("ord-" + ++constraintCount, a.id(), b.id(), null, null, null, null));
                    continue;
                }
                double k = r.nextDouble();
                String kind = k < 0.3 ? "Mandatory" : k < 0.75 ? "Optional" : "Serialize";
                double s = r.nextDouble();
                out.add(new Order("ord-" + ++constraintCount, a.id(), b.id(), kind, actionOf(a), actionOf(b),
                        s < 0.5 ? null : s < 0.85 ? Boolean.FALSE : Boolean.TRUE));
            }
        }
        return out;
    }

    private Location location(Rsc rsc) {
        return new Location("loc-" + ++constraintCount, rsc.id(), pick(nodes).name(), score(), roleOf(rsc, 0.35));
    }

    private RuleLocation ruleLocation(Rsc rsc) {
        List<Expression> exprs = new ArrayList<>();
        int n = chance(0.6) ? 1 : 2;
        for (int i = 0; i < n; i++) {
            exprs.add(expression());
        }
        String op = n == 1 || chance(0.5) ? null : pick("and", "or");
        boolean byAttribute = chance(0.1);
        return new RuleLocation("loc-" + ++constraintCount, rsc.id(), roleOf(rsc, 0.3), byAttribute ? null : score(),
                byAttribute ? "ram" : null, op, exprs);
    }

    private Expression expression() {
        double k = r.nextDouble();
        if (k < 0.3) {
            return new Expression("rule_uname", "<expression id=\"%ID%\" attribute=\"#uname\" operation=\""
                    + pick("eq", "ne") + "\" value=\"" + pick(nodes).name() + "\"/>");
        }
        if (k < 0.5) {
            return new Expression("rule_attribute", "<expression id=\"%ID%\" attribute=\"site\" operation=\""
                    + pick("eq", "ne") + "\" value=\"" + pick("a", "b") + "\"/>");
        }
        if (k < 0.65) {
            return new Expression("rule_attribute", "<expression id=\"%ID%\" attribute=\"ram\" operation=\""
                    + pick("gt", "lt", "gte", "lte") + "\" value=\"" + (1 + r.nextInt(64)) + "\" type=\"number\"/>");
        }
        if (k < 0.75) {
            return new Expression("rule_attribute", "<expression id=\"%ID%\" attribute=\"" + pick("site", "ram")
                    + "\" operation=\"" + pick("defined", "not_defined") + "\"/>");
        }
        return new Expression("rule_date", dateExpression());
    }

    private String dateExpression() {
        double k = r.nextDouble();
        if (k < 0.5) {
            String spec = switch (r.nextInt(4)) {
                case 0 -> {
                    int from = r.nextInt(24);
                    yield "hours=\"" + from + "-" + (from + r.nextInt(24 - from)) + "\"";
                }
                case 1 -> "weekdays=\"" + pick("1-5", "6-7", "1", "3-4") + "\"";
                case 2 -> "monthdays=\"" + pick("1-15", "16-31", "1-10") + "\"";
                default -> "months=\"" + pick("1-6", "7-12", "5") + "\"";
            };
            return "<date_expression id=\"%ID%\" operation=\"date_spec\"><date_spec id=\"%ID%-spec\" " + spec
                    + "/></date_expression>";
        }
        String before = DATE.format(Instant.ofEpochSecond(now - r.nextInt(30 * 86_400)));
        String after = DATE.format(Instant.ofEpochSecond(now + r.nextInt(30 * 86_400) - 10 * 86_400));
        if (k < 0.75) {
            return "<date_expression id=\"%ID%\" operation=\"in_range\" start=\"" + before + "\" end=\"" + after
                    + "\"/>";
        }
        return k < 0.88 ? "<date_expression id=\"%ID%\" operation=\"gt\" start=\"" + after + "\"/>"
                : "<date_expression id=\"%ID%\" operation=\"lt\" end=\"" + after + "\"/>";
    }

    private String score() {
        double k = r.nextDouble();
        if (k < 0.2) {
            return "INFINITY";
        }
        if (k < 0.35) {
            return "-INFINITY";
        }
        return String.valueOf(r.nextInt(400) - 150);
    }

    /** A role for a constraint on {@code rsc}: only a promotable clone gets one, with probability {@code p}. */
    private String roleOf(Rsc rsc, double p) {
        return rsc instanceof Clone c && c.promotable() && chance(p) ? pick("Promoted", "Unpromoted", "Started") : null;
    }

    private String actionOf(Rsc rsc) {
        if (!chance(0.35)) {
            return null;
        }
        return rsc instanceof Clone c && c.promotable() ? pick("start", "stop", "promote", "demote")
                : pick("start", "stop");
    }

    // ------------------------------------------------------------------ history

    private enum State { RUNNING, PROMOTED, ELSEWHERE }

    private void history(Rsc rsc) {
        if (!f.history) {
            return;
        }
        List<Node> online = nodes.stream().filter(Node::online).toList();
        if (rsc instanceof Clone c) {
            boolean promoted = false;
            for (Node n : online) {
                State s = State.ELSEWHERE;
                if (chance(0.65)) {
                    s = c.promotable() && !promoted && chance(0.5) ? State.PROMOTED : State.RUNNING;
                    promoted |= s == State.PROMOTED;
                }
                for (Primitive p : c.child().primitives()) {
                    story(p, n, s);
                }
            }
            return;
        }
        Node current = chance(0.65) ? pick(online) : null;
        for (Node n : online) {
            boolean here = n == current;
            List<Primitive> members = rsc.primitives();
            int running = here ? (chance(0.8) ? members.size() : r.nextInt(members.size() + 1)) : 0;
            for (int i = 0; i < members.size(); i++) {
                story(members.get(i), n, i < running ? State.RUNNING : State.ELSEWHERE);
            }
        }
    }

    /**
     * What the controller would have recorded for {@code p} on {@code n}, given where it runs. Failure and
     * pending stories only where the cluster's features allow them; otherwise the plain story of that state.
     */
    private void story(Primitive p, Node n, State s) {
        int monitor = p.stateful() ? UNPROMOTED_MONITOR_MS : DUMMY_MONITOR_MS;
        double k = r.nextDouble();
        boolean fail = f.failures;
        switch (s) {
            case RUNNING -> {
                if (k < 0.1) {
                    op(p, n, "last_0", "monitor", 0, 0, 0, 7);
                    if (chance(0.5)) {
                        op(p, n, "monitor", "monitor", monitor, 0, 0, 0);
                    }
                } else if (k < 0.35 && fail) {
                    op(p, n, "last_0", "start", 0, 0, 0, 0);
                    failure(p, n, "monitor", monitor, pickInt(1, 1, 7, 7, 2, 5, 6, 8, 9), 0);
                } else if (k < 0.45 && f.pending) {
                    op(p, n, "last_0", chance(0.6) ? "start" : "stop", 0, 0, -1, 0);
                } else if (k < 0.5 && p.stateful()) {
                    op(p, n, "last_0", "demote", 0, 0, 0, 0);
                    op(p, n, "monitor", "monitor", monitor, 0, 0, 0);
                } else {
                    op(p, n, "last_0", "start", 0, 0, 0, 0);
                    op(p, n, "monitor", "monitor", monitor, 0, 0, 0);
                }
                if (p.stateful() && chance(0.8)) {
                    promotionScore(p, n, "5");
                }
            }
            case PROMOTED -> {
                if (k < 0.1) {
                    op(p, n, "last_0", "monitor", 0, 8, 0, 7);
                    op(p, n, "monitor", "monitor", PROMOTED_MONITOR_MS, 8, 0, 8);
                } else if (k < 0.25 && fail) {
                    op(p, n, "last_0", "promote", 0, 0, 0, 0);
                    failure(p, n, "monitor", PROMOTED_MONITOR_MS, pickInt(1, 7, 9, 9), 8);
                } else if (k < 0.37 && fail) {
                    failure(p, n, "promote", 0, pickInt(1, 1, 2, 5, 6, 7), 0);
                } else if (k < 0.49 && fail) {
                    failure(p, n, "demote", 0, pickInt(1, 1, 7, 2), 0);
                } else if (k < 0.57 && f.pending) {
                    op(p, n, "last_0", "promote", 0, 0, -1, 0);
                } else {
                    op(p, n, "last_0", "promote", 0, 0, 0, 0);
                    op(p, n, "monitor", "monitor", PROMOTED_MONITOR_MS, 8, 0, 8);
                }
                if (chance(0.85)) {
                    promotionScore(p, n, "10");
                }
            }
            case ELSEWHERE -> {
                if (k < 0.4) {
                    return;
                } else if (k < 0.55 && fail) {
                    failure(p, n, "start", 0, pickInt(1, 1, 1, 2, 5, 6, 7), 0);
                } else if (k < 0.65) {
                    op(p, n, "last_0", "stop", 0, 0, 0, 0);
                } else if (k < 0.72 && fail && f.failedStops) {
                    failure(p, n, "stop", 0, pickInt(1, 1, 2, 6), 0);
                } else if (k < 0.77 && fail) {
                    failure(p, n, "monitor", 0, pickInt(1, 5, 6, 9), 7);
                } else {
                    op(p, n, "last_0", "monitor", 0, 7, 0, 7);
                }
                if (fail && chance(0.03)) {
                    failCount(p, n, "monitor", monitor, String.valueOf(1 + r.nextInt(3)), now - r.nextInt(7200));
                }
            }
        }
    }

    /** A failed operation: the entry (last_0, or the recurring monitor's), its last_failure_0 copy, a fail-count. */
    private void failure(Primitive p, Node n, String operation, int intervalMs, int rc, int expected) {
        double k = r.nextDouble();
        int status = k < 0.8 ? 0 : k < 0.95 ? 4 : 2;
        HistoryOp h = op(p, n, intervalMs == 0 ? "last_0" : "monitor", operation, intervalMs, rc, status, expected);
        history.add(new HistoryOp(h.node(), h.rsc(), h.stateful(), p.id() + "_last_failure_0", operation, intervalMs,
                rc, status, expected, h.callId(), h.lastRcChange()));
        if (h.failed() && chance(0.85)) {
            boolean fatal = operation.equals("start") && chance(0.8);
            failCount(p, n, operation, intervalMs, fatal || chance(0.1) ? "INFINITY" : String.valueOf(1 + r.nextInt(3)),
                    h.lastRcChange());
        }
    }

    private HistoryOp op(Primitive p, Node n, String idKind, String operation, int intervalMs, int rc, int status,
                         int expected) {
        String id = idKind.equals("monitor") ? p.id() + "_monitor_" + intervalMs : p.id() + "_" + idKind;
        HistoryOp h = new HistoryOp(n.name(), p.id(), p.stateful(), id, operation, intervalMs, rc, status, expected,
                ++callIds[n.id()], now - 60 - r.nextInt(7200));
        history.add(h);
        return h;
    }

    private void failCount(Primitive p, Node n, String operation, int intervalMs, String count, long when) {
        List<Nv> t = transients.get(n.id() - 1);
        String suffix = p.id() + "#" + operation + "_" + intervalMs;
        t.add(new Nv("fail-count-" + suffix, count));
        t.add(new Nv("last-failure-" + suffix, String.valueOf(when)));
    }

    private void promotionScore(Primitive p, Node n, String score) {
        transients.get(n.id() - 1).add(new Nv("master-" + p.id(), score));
    }

    // ------------------------------------------------------------------ randomness

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private int pickInt(int... options) {
        return options[r.nextInt(options.length)];
    }

    private <T> T other(List<T> options, T not) {
        T t;
        do {
            t = pick(options);
        } while (t == not);
        return t;
    }
}
