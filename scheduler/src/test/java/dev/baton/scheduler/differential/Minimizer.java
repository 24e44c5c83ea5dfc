package dev.baton.scheduler.differential;

import dev.baton.scheduler.differential.Cib.Clone;
import dev.baton.scheduler.differential.Cib.Constraint;
import dev.baton.scheduler.differential.Cib.Group;
import dev.baton.scheduler.differential.Cib.Node;
import dev.baton.scheduler.differential.Cib.Nv;
import dev.baton.scheduler.differential.Cib.Op;
import dev.baton.scheduler.differential.Cib.Primitive;
import dev.baton.scheduler.differential.Cib.Rsc;
import dev.baton.scheduler.differential.Cib.RuleLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Delta debugging of a disagreement: drops resources, nodes, constraints, history entries, attributes, meta
 * attributes and operation definitions (whole chunks first, then one at a time) as long as the outcome keeps
 * the property being minimized: for a disagreement, crm_simulate still accepts the CIB and Baton still disagrees
 * with it the same way (the first difference's kind stays among the differences). Stops after {@code budget}
 * trials.
 */
final class Minimizer {
    private final Judge judge;
    private final Predicate<Judge.Outcome> keeps;
    private int budget;
    private Judge.Outcome best;

    private Minimizer(Judge judge, Judge.Outcome start, Predicate<Judge.Outcome> keeps, int budget) {
        this.judge = judge;
        this.keeps = keeps;
        this.best = start;
        this.budget = budget;
    }

    /** The smallest cluster found that disagrees with crm_simulate the way {@code disagreement} does. */
    static Judge.Outcome minimize(Judge judge, Judge.Outcome disagreement, int budget) {
        String kind = disagreement.firstKind();
        return minimize(judge, disagreement, o -> o.valid() && o.kinds().contains(kind), budget);
    }

    /** The smallest cluster found whose outcome has the property {@code keeps}. */
    static Judge.Outcome minimize(Judge judge, Judge.Outcome start, Predicate<Judge.Outcome> keeps, int budget) {
        Minimizer m = new Minimizer(judge, start, keeps, budget);
        m.run();
        return m.best;
    }

    private void run() {
        String before;
        do {
            before = best.xml();
            reduce(cib().resources(), l -> cib().withResources(l));
            reduce(cib().nodes(), l -> l.isEmpty() ? null : cib().withNodes(l));
            reduce(cib().constraints(), l -> cib().withConstraints(l));
            reduce(cib().history(), l -> cib().withHistory(l));
            for (int i = 0; i < cib().nodes().size(); i++) {
                int at = i;
                reduce(cib().nodes().get(at).transients(), l -> withNode(at, l, true));
                reduce(cib().nodes().get(at).attributes(), l -> withNode(at, l, false));
            }
            reduce(cib().rscDefaults(), l -> cib().withRscDefaults(l));
            reduce(cib().properties().subList(1, cib().properties().size()),
                    l -> cib().withProperties(withFirst(cib().properties().get(0), l), cib().quorum()));
            if (!cib().quorum()) {
                attempt(cib().withProperties(cib().properties(), true));
            }
            for (int i = 0; i < cib().resources().size(); i++) {
                simplifyResource(i);
            }
            for (int i = 0; i < cib().constraints().size(); i++) {
                if (cib().constraints().get(i) instanceof RuleLocation rl && rl.expressions().size() > 1) {
                    int at = i;
                    reduce(rl.expressions(), l -> l.isEmpty() ? null : withConstraint(at, new RuleLocation(rl.id(), rl.rsc(), rl.role(),
                            rl.score(), rl.scoreAttribute(), rl.booleanOp(), l)));
                }
            }
        } while (!best.xml().equals(before) && budget > 0);
    }

    private Cib cib() {
        return best.cib();
    }

    /** Group members, meta attributes and operation definitions of resource {@code at}. */
    private void simplifyResource(int at) {
        reduce(cib().resources().get(at).meta(), l -> withResource(at, withMeta(cib().resources().get(at), l)));
        Rsc r = cib().resources().get(at);
        Rsc inner = r instanceof Clone c ? c.child() : r;
        if (inner instanceof Group g) {
            reduce(g.members(), l -> l.isEmpty() ? null : withResource(at, replaceInner(cib().resources().get(at),
                    new Group(g.id(), l, g.meta()))));
        }
        List<Primitive> prims = cib().resources().get(at).primitives();
        for (int p = 0; p < prims.size(); p++) {
            int pi = p;
            Primitive prim = prims.get(p);
            reduce(prim.meta(), l -> withResource(at, replacePrimitive(cib().resources().get(at), pi,
                    new Primitive(prim.id(), prim.stateful(), l, cib().resources().get(at).primitives().get(pi).ops()))));
            List<Op> ops = cib().resources().get(at).primitives().get(pi).ops();
            for (int o = 0; o < ops.size(); o++) {
                Op op = ops.get(o);
                if (op.onFail() != null) {
                    Primitive q = cib().resources().get(at).primitives().get(pi);
                    List<Op> plain = new ArrayList<>(q.ops());
                    plain.set(o, new Op(op.name(), op.intervalSeconds(), op.role(), null));
                    attempt(withResource(at, replacePrimitive(cib().resources().get(at), pi,
                            new Primitive(q.id(), q.stateful(), q.meta(), plain))));
                }
            }
        }
    }

    /** ddmin over one list: try dropping each of n chunks, n growing to single items. */
    private <T> void reduce(List<T> items, Function<List<T>, Cib> build) {
        List<T> cur = items;
        int n = 2;
        while (!cur.isEmpty() && budget > 0) {
            int chunk = Math.max(1, (cur.size() + n - 1) / n);
            boolean reduced = false;
            for (int start = 0; start < cur.size() && budget > 0; start += chunk) {
                List<T> cand = new ArrayList<>(cur.subList(0, start));
                cand.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                if (attempt(build.apply(cand))) {
                    cur = cand;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk == 1) {
                    return;
                }
                n = Math.min(n * 2, cur.size());
            }
        }
    }

    /** Whether {@code candidate} (null: not a valid reduction) still disagrees the same way; if so it is kept. */
    private boolean attempt(Cib candidate) {
        if (candidate == null || budget <= 0) {
            return false;
        }
        budget--;
        Judge.Outcome o = judge.judge(candidate.pruned());
        if (keeps.test(o)) {
            best = o;
            return true;
        }
        return false;
    }

    private Cib withNode(int at, List<Nv> l, boolean transients) {
        List<Node> ns = new ArrayList<>(cib().nodes());
        Node n = ns.get(at);
        ns.set(at, transients ? new Node(n.id(), n.name(), n.online(), n.attributes(), l)
                : new Node(n.id(), n.name(), n.online(), l, n.transients()));
        return cib().withNodes(ns);
    }

    private Cib withConstraint(int at, Constraint c) {
        List<Constraint> cs = new ArrayList<>(cib().constraints());
        cs.set(at, c);
        return cib().withConstraints(cs);
    }

    private Cib withResource(int at, Rsc r) {
        List<Rsc> rs = new ArrayList<>(cib().resources());
        rs.set(at, r);
        return cib().withResources(rs);
    }

    private static <T> List<T> withFirst(T first, List<T> rest) {
        List<T> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static Rsc withMeta(Rsc r, List<Nv> meta) {
        if (r instanceof Primitive p) {
            return new Primitive(p.id(), p.stateful(), meta, p.ops());
        }
        if (r instanceof Group g) {
            return new Group(g.id(), g.members(), meta);
        }
        Clone c = (Clone) r;
        return new Clone(c.id(), c.child(), c.promotable(), meta);
    }

    private static Rsc replaceInner(Rsc top, Rsc inner) {
        return top instanceof Clone c ? new Clone(c.id(), inner, c.promotable(), c.meta()) : inner;
    }

    /** {@code top} with its {@code index}-th primitive replaced. */
    private static Rsc replacePrimitive(Rsc top, int index, Primitive p) {
        Rsc inner = top instanceof Clone c ? c.child() : top;
        Rsc replaced;
        if (inner instanceof Group g) {
            List<Primitive> ms = new ArrayList<>(g.members());
            ms.set(index, p);
            replaced = new Group(g.id(), ms, g.meta());
        } else {
            replaced = p;
        }
        return replaceInner(top, replaced);
    }
}
