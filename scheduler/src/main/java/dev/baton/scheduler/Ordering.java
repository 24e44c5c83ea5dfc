package dev.baton.scheduler;

import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What orders and mandatory colocations imply for the actions, repeated until nothing changes: when
 * {@code first} cannot run, {@code then} cannot start (and stops, if the order is symmetrical); when
 * {@code first} stops, a running {@code then} stops first (and starts again if it stays); when {@code first}
 * (re)starts, a running {@code then} restarts after it; a dependent cannot start or be promoted where its
 * mandatory primary will not run. Groups order each member after the one before it.
 */
final class Ordering {
    /** The planned steps of one primitive. */
    static final class Steps {
        boolean stop;
        boolean start;
        boolean startBlocked;
        /** Placed to be promoted, but something it must be colocated with cannot start. */
        boolean promoteBlocked;
        /** The stop must wait for a stop that cannot happen (a blocked resource ordered after this one). */
        boolean stopBlocked;
        /** Unmanaged or blocked: nothing is done to it. */
        boolean frozen;
        String reason;

        /** Whether the primitive will be active (on its assigned node) once the transition is done. */
        boolean up(Rsc p) {
            if (frozen || stopBlocked) {
                return !p.runningOn.isEmpty();
            }
            return p.next >= 0 && (start ? !startBlocked : !p.runningOn.isEmpty() && !stop);
        }
    }

    /**
     * An order between working resources (mandatory, or optional with restart-type=restart); interleaved
     * clone pairs are matched per node; {@code anyOf} names a group of alternatives (require-all=false).
     * {@code member} marks the implicit order between consecutive members of an ordered group: its inverse
     * (then stops before first) is a restart ordering, under which a then whose stop cannot run (unmanaged)
     * blocks first's required stop [pcmk__order_stops(member, previous, pe_order_restart)].
     */
    record Link(Rsc first, Rsc then, String firstAction, String thenAction, boolean interleave,
                boolean requireAll, boolean mandatory, boolean symmetrical, String anyOf, boolean member) {
    }

    /** Links whose firsts are alternatives (require-all=false): any one runnable first suffices. */
    private final Map<String, List<Link>> alternatives = new java.util.HashMap<>();

    /** Resources some order (of any kind) names as first with first-action start. */
    private final java.util.Set<String> startOrdered = new java.util.HashSet<>();

    private final WorkingSet ws;
    private final Quorum quorum;
    final Map<Rsc, Steps> steps = new IdentityHashMap<>();
    final List<Link> links = new ArrayList<>();
    private Migration migration;

    Ordering(WorkingSet ws) {
        this.ws = ws;
        this.quorum = new Quorum(ws.model);
    }

    Steps of(Rsc p) {
        return steps.get(p);
    }

    void plan() {
        for (Rsc top : ws.top) {
            for (Rsc p : top.primitives()) {
                steps.put(p, initial(p));
            }
            groupLinks(top);
        }
        // Pacemaker keeps one ordering per pair of actions: a later one between the same two actions (all orders
        // share the optional flag) is dropped as a duplicate [order_actions]. Each order claims its own pair and,
        // if symmetrical, its inverse pair; an order whose every pair an earlier one claimed does nothing.
        java.util.Set<String> claimed = new java.util.HashSet<>();
        for (OrderConstraint o : ws.model.orders()) {
            Rsc first = ws.find(o.first());
            Rsc then = ws.find(o.then());
            if (first == null || then == null || first == then) {
                continue;
            }
            String thenAct = o.thenAction() == null ? o.firstAction() : o.thenAction();
            boolean newPair = claimed.add(first.id + "_" + o.firstAction() + " " + then.id + "_" + thenAct);
            String invFirst = inverse(o.firstAction());
            String invThen = inverse(thenAct);
            if (o.symmetrical() && o.kind() != OrderConstraint.Kind.SERIALIZE && invFirst != null && invThen != null) {
                newPair |= claimed.add(then.id + "_" + invThen + " " + first.id + "_" + invFirst);
            }
            // (the first action a dropped order names is still created)
            if ("start".equals(o.firstAction())) {
                startOrdered.add(first.id);
            }
            if (!newPair) {
                continue;
            }
            // an optional order still restarts a then with the legacy restart-type=restart
            boolean mandatory = o.kind() == OrderConstraint.Kind.MANDATORY;
            if (!mandatory && !"restart".equals(then.meta.get("restart-type"))) {
                continue;
            }
            String thenAction = o.thenAction() == null ? o.firstAction() : o.thenAction();
            // with clone-min the order counts the first clone's instances as a whole: no interleaving
            boolean interleave = first.kind == Rsc.Kind.CLONE && then.kind == Rsc.Kind.CLONE
                    && dev.baton.scheduler.model.ClusterProperties.truthy(then.meta.get("interleave"))
                    && !first.meta.containsKey("clone-min");
            // orders from one require-all=false resource set share the id prefix before the last ':'
            String anyOf = o.requireAll() ? null
                    : (o.id().contains(":") ? o.id().substring(0, o.id().lastIndexOf(':')) : o.id()) + "->" + o.then();
            Link link = new Link(first, then, o.firstAction(), thenAction, interleave, o.requireAll(), mandatory,
                    o.symmetrical(), anyOf, false);
            links.add(link);
            if (anyOf != null) {
                alternatives.computeIfAbsent(anyOf, k -> new ArrayList<>()).add(link);
            }
        }
        migration = Migration.candidates(ws, steps);
        solve();
        // a migration the plan does not allow is a move: plan again from the start without it
        while (migration.settle(steps, links)) {
            for (Rsc p : new ArrayList<>(steps.keySet())) {
                steps.put(p, initial(p));
            }
            solve();
        }
    }

    private void solve() {
        boolean changed = true;
        for (int round = 0; changed && round < 1000; round++) {
            changed = false;
            for (Link l : links) {
                changed |= imply(l);
            }
            for (Rsc r : ws.byId.values()) {
                for (Colocation c : r.thisWith) {
                    changed |= blockWithPrimary(c);
                }
            }
        }
    }

    /** Whether {@code p} migrates instead of stopping and starting ({@link Migration}). */
    boolean migrates(Rsc p) {
        return migration.migrates(p);
    }

    /**
     * A mandatory colocation with a primary that was placed but will not run (its start is blocked, or it
     * must stop): the dependent cannot start (or, for a Promoted-role colocation, be promoted) there, and
     * stops there if it runs.
     */
    private boolean blockWithPrimary(Colocation c) {
        if (!c.mandatory() || c.primary().kind != Rsc.Kind.PRIMITIVE) {
            return false;
        }
        Rsc primary = c.primary();
        Steps ps = steps.get(primary);
        // a blocked primary (a failed stop, on-fail=block) stays where it runs; an order that starts something
        // after it gives it a start, which cannot run: what must be colocated with it cannot start there either
        // [rsc_order_first creates the missing first action, pcmk__block_colocation_dependents]
        boolean stuck = primary.blocked && !primary.runningOn.isEmpty() && primary.parent == null
                && startOrdered.contains(primary.id);
        boolean down = ps != null && !ps.frozen && (ps.start && ps.startBlocked || ps.stop && !ps.start);
        int node = stuck ? primary.currentNode() : primary.next;
        if (!down && !stuck || node < 0) {
            return false;
        }
        boolean changed = false;
        for (Rsc p : c.dependent().primitives()) {
            Steps s = steps.get(p);
            if (s == null || s.frozen || p.next != node || stuck && !s.start && c.dependentRole() != Role.PROMOTED) {
                continue;
            }
            if (c.dependentRole() == Role.PROMOTED) {
                if (p.nextRole == Role.PROMOTED && !s.promoteBlocked) {
                    s.promoteBlocked = true;
                    s.reason = "colocation with " + primary.id;
                    changed = true;
                }
            } else if (s.start && !s.startBlocked) {
                s.startBlocked = true;
                s.reason = "colocation with " + primary.id;
                changed = true;
            } else if (!s.start && !s.stop && !p.runningOn.isEmpty()) {
                s.stop = true;
                s.reason = "colocation with " + primary.id;
                changed = true;
            }
        }
        return changed;
    }

    private Steps initial(Rsc p) {
        Steps s = new Steps();
        if (!p.managed() || ws.everythingUnmanaged || p.blocked) {
            s.frozen = true;
            return s;
        }
        boolean running = !p.runningOn.isEmpty();
        if (p.runningOn.stream().anyMatch(ws.fencing::stuck)) {
            // on an unclean node that cannot be fenced: it cannot be stopped, so it can run nowhere else
            s.stop = true;
            s.stopBlocked = true;
            return s;
        }
        int cur = p.currentNode();
        // a primitive that is not promotable but was found promoted cannot be demoted: it is restarted
        boolean recover = p.failed && !p.recoverByDemote || p.role == Role.PROMOTED && !p.promotable() || p.restart;
        s.stop = running && (p.next != cur || recover || p.runningOn.size() > 1);
        s.start = p.next >= 0 && (!running || p.next != cur || recover || p.runningOn.size() > 1);
        if (p.next >= 0 && quorum.startBlocked(p)) {
            // the start cannot run: it is shown blocked, and what runs cannot stay
            s.startBlocked = s.start;
            s.stop = running;
            s.reason = "no quorum";
        }
        return s;
    }

    private void groupLinks(Rsc r) {
        for (Rsc c : r.children) {
            groupLinks(c);
        }
        if (r.kind == Rsc.Kind.GROUP && dev.baton.scheduler.model.ClusterProperties.bool(r.meta.get("ordered"), true)) {
            for (int i = 1; i < r.children.size(); i++) {
                links.add(new Link(r.children.get(i - 1), r.children.get(i), "start", "start", false, true, true,
                        true, null, true));
            }
        }
    }

    private boolean imply(Link l) {
        boolean changed = false;
        if (l.interleave && l.requireAll) {
            for (Rsc thenInst : l.then.children) {
                int node = thenInst.next >= 0 ? thenInst.next : thenInst.firstMember().currentNode();
                List<Rsc> firstOnNode = new ArrayList<>();
                for (Rsc fi : l.first.children) {
                    if (fi.next == node || fi.firstMember().currentNode() == node) {
                        firstOnNode.add(fi);
                    }
                }
                changed |= imply(firstOnNode, List.of(thenInst), l, node >= 0 && runnableOn(firstOnNode, node));
            }
            return changed;
        }
        boolean runnable = l.anyOf == null ? runnable(l.first, l.firstAction, l.requireAll)
                : alternatives.get(l.anyOf).stream().anyMatch(a -> runnable(a.first, a.firstAction, false));
        return imply(List.of(l.first), List.of(l.then), l, runnable);
    }

    private boolean imply(List<Rsc> firsts, List<Rsc> thens, Link l, boolean runnable) {
        // only a start or promote of first can be unrunnable for a then start; a non-mandatory link only restarts
        boolean startAfterStart = (l.firstAction.equals("start") || l.firstAction.equals("promote"))
                && l.thenAction.equals("start");
        boolean firstRunnable = runnable || !l.mandatory || !startAfterStart && !l.thenAction.equals("promote");
        if (l.thenAction.equals("promote")) {
            return firstRunnable ? false : forbidPromotion(thens);
        }
        String inverse = inverse(l.firstAction);
        if (inverse == null || !l.thenAction.equals("start") && !l.thenAction.equals("stop")) {
            return false; // other action pairs only order actions that happen anyway
        }
        // A symmetrical order makes then's action required when first's happens; a required start or stop of a
        // then that stays is a restart. A then started after first's start (or promote) also cannot stay up when
        // first stops (its inverse).
        boolean firstActs = false;
        boolean firstUndoes = false;
        for (Rsc f : firsts) {
            for (Rsc p : f.primitives()) {
                // a migrating first restarts nothing: its stop and start are a migrate_to and migrate_from
                if (migration.migrates(p)) {
                    continue;
                }
                if (l.first.kind == Rsc.Kind.CLONE && l.then.kind != Rsc.Kind.CLONE) {
                    // a clone's action is required for a then outside it only through the instances' actions on
                    // the node then's action is on: an instance starting (promoted, stopping...) elsewhere, or
                    // leaving then's node for good, restarts nothing [action_flags_for_ordering: the clone's flags
                    // filtered by then's node]. An instance that stops where it stays assigned has a required
                    // start there (stop implies start), which counts even when it cannot run; the clone unable to
                    // start anywhere is the runnable check.
                    Steps fs = steps.get(p);
                    boolean required = l.firstAction.equals("start") ? fs.start || fs.stop && p.next >= 0
                            : does(p, l.firstAction);
                    firstActs |= required && onThenNode(p, l.firstAction, thens);
                } else {
                    firstActs |= does(p, l.firstAction);
                    firstUndoes |= startAfterStart && does(p, inverse);
                }
            }
        }
        // A cloned then restarts only instance by instance when interleaved; its other instances are
        // unaffected. Orders that need only some of their firsts (clone-min, require-all=false) wait for
        // them but restart nothing.
        boolean perInstance = l.interleave && l.requireAll;
        boolean someInstances = !l.requireAll
                || l.first.kind == Rsc.Kind.CLONE && l.first.meta.containsKey("clone-min");
        boolean restarts = (perInstance || l.then.kind != Rsc.Kind.CLONE || l.first.kind != Rsc.Kind.CLONE)
                && !someInstances;
        // a non-interleaved first clone that starts instances restarts the whole then clone, and one that stops
        // and starts instances (a recovery or a move) too: the order is between the clones' stop and start as a
        // whole. An asymmetrical order implies nothing: it only orders actions that happen anyway.
        boolean wholeClone = l.first.kind == Rsc.Kind.CLONE && l.then.kind == Rsc.Kind.CLONE && !someInstances;
        boolean firstStops = (restarts ? firstUndoes : wholeClone && firstUndoes && firstActs) && l.symmetrical;
        boolean restartOnStart = firstActs && (restarts || wholeClone) && l.symmetrical;
        boolean changed = false;
        // a then that cannot stop keeps first from stopping, through the inverse order (then stops before
        // first): only a symmetrical order has one. A blocked then (on-fail=block) does so through any such order
        // [the blocked, unmanaged, unrunnable stop check of the ordering's flags]; a merely unmanaged then, or one
        // whose stop is blocked in turn, only through a group's member order, whose inverse is a restart ordering:
        // it makes then's (unrunnable) stop required, and a required unrunnable first makes its then unrunnable
        // [handle_restart_ordering; stop_resource clears runnable for an unmanaged resource]. Between a group or
        // clone and anything, the order's stop is the group's or clone's pseudo-action, and a pseudo-action made
        // unrunnable blocks none of the members' own stops [the blocked-then check applies to the ordered
        // actions only, not to the member actions a group or clone passes an ordering on to].
        boolean primitives = l.member || l.first.kind == Rsc.Kind.PRIMITIVE && l.then.kind == Rsc.Kind.PRIMITIVE;
        boolean thenStuck = startAfterStart && l.symmetrical && primitives && thens.stream()
                .flatMap(t -> t.primitives().stream())
                .anyMatch(p -> (p.blocked || l.member && !p.managed()) && !p.runningOn.isEmpty()
                        || l.member && steps.get(p).stopBlocked);
        if (thenStuck) {
            boolean firstMustStop = false;
            for (Rsc f : firsts) {
                for (Rsc p : f.primitives()) {
                    Steps s = steps.get(p);
                    firstMustStop |= s.stop;
                    if (s.stop && !s.stopBlocked) {
                        s.stopBlocked = true;
                        changed = true;
                    }
                }
            }
            // the restart ordering made the unmanaged member's stop required; its start comes after that stop,
            // so it cannot run either: the members after it cannot start [handle_restart_ordering]
            for (Rsc t : firstMustStop && l.member ? thens : List.<Rsc>of()) {
                for (Rsc p : t.primitives()) {
                    Steps s = steps.get(p);
                    if (!p.managed() && !p.runningOn.isEmpty() && !s.stopBlocked) {
                        s.stopBlocked = true;
                        changed = true;
                    }
                }
            }
        }
        // a mandatory order from a start or promote that cannot run makes then's stop unrunnable too, so then
        // stays where it is: a symmetrical one if that stop was required anyway [pe_order_runnable_left, for any
        // then action], an asymmetrical one even if it was not, as it also makes then's action required
        // [handle_asymmetric_ordering: unless then is stopped already]. (Between primitives: a group's or clone's
        // stop is a pseudo-action, which blocks none of the members' own stops.)
        boolean stopAfterUnrunnable = !runnable && l.mandatory && l.thenAction.equals("stop")
                && (l.firstAction.equals("start") || l.firstAction.equals("promote"))
                && l.first.kind == Rsc.Kind.PRIMITIVE && l.then.kind == Rsc.Kind.PRIMITIVE;
        for (Rsc t : stopAfterUnrunnable ? thens : List.<Rsc>of()) {
            for (Rsc p : t.primitives()) {
                Steps s = steps.get(p);
                if (s.frozen || p.runningOn.isEmpty() || s.stopBlocked || !s.stop && l.symmetrical) {
                    continue;
                }
                s.stop = true;
                s.stopBlocked = true;
                s.reason = (l.symmetrical ? "unrunnable " : "required ") + l.first.id + " " + l.firstAction;
                changed = true;
            }
        }
        for (Rsc t : thens) {
            for (Rsc p : t.primitives()) {
                Steps s = steps.get(p);
                if (s.frozen) {
                    continue;
                }
                boolean running = !p.runningOn.isEmpty();
                // no instance of first to pair with on this node: this instance is not placed at all, so its start is
                // not listed, not even as blocked for another reason (no quorum) ["Inhibiting ... no instance to
                // interact with", interleaved orders]
                boolean unpaired = l.interleave && l.requireAll && firsts.isEmpty();
                if (!firstRunnable && s.start && (!s.startBlocked || unpaired && !running)) {
                    if (l.interleave && l.requireAll && !running) {
                        s.start = false; // no compatible instance of first here: this instance is not placed
                        s.startBlocked = false;
                    } else {
                        s.startBlocked = true;
                        s.reason = "unrunnable " + l.first.id + " " + l.firstAction;
                    }
                    changed = true;
                }
                if (!firstRunnable && running && !s.stop && l.symmetrical) {
                    s.stop = true;
                    changed = true;
                }
                if (running && (firstStops || restartOnStart) && !s.stop) {
                    s.stop = true;
                    changed = true;
                }
                if (running && s.stop && !s.start && p.next >= 0 && firstRunnable
                        && (firstStops || restartOnStart)) {
                    s.start = true;
                    s.reason = "required " + l.first.id + " start";
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * Whether a clone instance's action is on the node where a running non-clone then is (where then's start or
     * stop would be): a start or promote where the instance goes, a stop or demote where it runs.
     */
    private static boolean onThenNode(Rsc firstPrimitive, String action, List<Rsc> thens) {
        boolean arrives = action.equals("start") || action.equals("promote");
        for (Rsc t : thens) {
            for (Rsc p : t.primitives()) {
                if (!p.runningOn.isEmpty() && (arrives ? firstPrimitive.next == p.currentNode()
                        : firstPrimitive.runningOn.contains(p.currentNode()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** start ↔ stop, promote ↔ demote (the action an order's inverse is about), null for others. */
    private static String inverse(String action) {
        return switch (action) {
            case "start" -> "stop";
            case "stop" -> "start";
            case "promote" -> "demote";
            case "demote" -> "promote";
            default -> null;
        };
    }

    /** Whether the primitive's planned steps include the action (for promote/demote: gaining/losing the role). */
    private boolean does(Rsc p, String action) {
        Steps s = steps.get(p);
        return switch (action) {
            case "start" -> s.start && !s.startBlocked;
            case "stop" -> s.stop;
            case "promote" -> p.nextRole == Role.PROMOTED && (p.role != Role.PROMOTED || s.start) && !s.startBlocked;
            default -> p.role == Role.PROMOTED && (s.stop || p.nextRole != Role.PROMOTED);
        };
    }

    /** "first then promote": without first, nothing in {@code thens} may be promoted. */
    private boolean forbidPromotion(List<Rsc> thens) {
        boolean changed = false;
        for (Rsc t : thens) {
            for (Rsc p : t.primitives()) {
                if (p.nextRole == Role.PROMOTED && !steps.get(p).frozen) {
                    p.nextRole = Role.UNPROMOTED;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** Whether {@code first} will be able to do {@code action} (have started / be promoted) after the transition. */
    private boolean runnable(Rsc first, String action, boolean requireAll) {
        List<Rsc> prims = first.primitives();
        if (prims.isEmpty()) {
            return false;
        }
        if (first.kind == Rsc.Kind.CLONE) {
            // clone-min instances must be up (one, if not set or if the order does not require all)
            int needed = requireAll ? Math.max(1, WorkingSet.metaInt(first, 1, "clone-min")) : 1;
            int up = 0;
            for (Rsc inst : first.children) {
                if (instanceRunnable(inst, action)) {
                    up++;
                }
            }
            return up >= needed;
        }
        for (Rsc p : prims) {
            if (!active(p, action)) {
                return false;
            }
        }
        return true;
    }

    private boolean runnableOn(List<Rsc> instances, int node) {
        for (Rsc inst : instances) {
            if (inst.next == node && instanceRunnable(inst, "start")) {
                return true;
            }
        }
        return false;
    }

    private boolean instanceRunnable(Rsc inst, String action) {
        for (Rsc p : inst.primitives()) {
            if (!active(p, action)) {
                return false;
            }
        }
        return true;
    }

    private boolean active(Rsc p, String action) {
        Steps s = steps.get(p);
        // a blocked resource (a failed stop, on-fail=block) keeps running, but none of its actions can run; nor
        // can the start of one whose required stop cannot run (the stop is ordered before the start, a restart
        // ordering: a required unrunnable stop makes the start unrunnable [handle_restart_ordering]; one that was
        // to stop for good has no start at all)
        return !p.blocked && !s.stopBlocked && s.up(p) && (!action.equals("promote") || p.nextRole == Role.PROMOTED);
    }
}
