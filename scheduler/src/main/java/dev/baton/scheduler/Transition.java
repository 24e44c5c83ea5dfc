package dev.baton.scheduler;

import dev.baton.scheduler.model.Operation;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns assignments plus {@link Ordering}'s planned steps into the transition summary, the resulting
 * placement, and the action graph (probes, stops, starts, promotes, demotes, recurring monitors, and their
 * ordering: probes before starts, stop before start, demote before stop, start before promote, monitors
 * after start, orders and group order in both directions).
 */
final class Transition {
    private final WorkingSet ws;
    private final Ordering ordering;
    /** Where each resource's state is known from its history (no probe needed there). */
    private final Map<String, boolean[]> known = new HashMap<>();
    /** Nodes to unfence, and the first probe or start that needs it ("required by fencing monitor"). */
    private final Map<Integer, String> unfence = new LinkedHashMap<>();

    Transition(WorkingSet ws, Ordering ordering) {
        this.ws = ws;
        this.ordering = ordering;
        for (ResourceHistory h : ws.model.history()) {
            Integer n = ws.nodeIndex.get(h.node());
            if (n != null && !h.failCountOnly()) { // a fail-count alone says nothing of the state there
                known.computeIfAbsent(h.resource(), k -> new boolean[ws.nodes.size()])[n] = true;
            }
        }
        for (Rsc top : ws.top) {
            for (Rsc p : top.primitives()) {
                if (!ws.fencing.needsUnfencing(p)) {
                    continue;
                }
                String start = start(p) ? "start" : null;
                for (int n = 0; n < ws.nodes.size(); n++) {
                    String task = probed(p, n) ? "monitor" : n == p.next ? start : null;
                    if (task != null && ws.fencing.mayUnfence(n)) {
                        unfence.putIfAbsent(n, "required by " + p.baseId() + " " + task);
                    }
                }
            }
        }
    }

    List<Action> summary() {
        List<Action> out = new ArrayList<>(ws.fencing.actions());
        unfence.forEach((n, why) -> out.add(Action.fence(node(n), "on", why)));
        for (Rsc top : ws.top) {
            for (Rsc p : top.primitives()) {
                summarise(p, out);
            }
        }
        return out;
    }

    /**
     * Whether the primitive is probed on the node: it is up, clean, the primitive's state there unknown, and
     * resource-discovery allows it.
     */
    private boolean probed(Rsc p, int n) {
        boolean[] byId = known.get(p.id);
        boolean[] byBase = known.get(p.baseId());
        boolean isKnown = byId != null && byId[n] || byBase != null && byBase[n];
        return ws.nodes.get(n).online() && !ws.fencing.unclean(n) && !isKnown && !p.orphan
                && ws.discovery.probes(p, n);
    }

    private boolean start(Rsc p) {
        Ordering.Steps s = ordering.of(p);
        return !s.frozen && !s.stopBlocked && s.start && !s.startBlocked;
    }

    private String node(int n) {
        return ws.nodes.get(n).name();
    }

    private void summarise(Rsc p, List<Action> out) {
        Ordering.Steps s = ordering.of(p);
        String prim = p.baseId();
        if (s.frozen) {
            return;
        }
        Role curRole = p.role;
        Role nextRole = p.nextRole;
        boolean roleful = p.promotable() || curRole == Role.PROMOTED;
        if (s.stopBlocked) {
            // as an unblocked stop: one line per node when it leaves for good
            for (int n : stopNodes(p)) {
                out.add(new Action("stop", p.id, prim, node(n), null, null, roleful ? curRole.label() : null, null,
                        true, s.reason));
            }
            return;
        }
        boolean running = !p.runningOn.isEmpty();
        int cur = p.currentNode();
        boolean starts = s.start && !s.startBlocked;
        if (s.stop && starts) {
            String kind = p.failed ? "recover" : p.next == cur ? "restart" : ordering.migrates(p) ? "migrate" : "move";
            String role = null;
            String next = null;
            if (curRole == Role.UNPROMOTED || curRole == Role.PROMOTED || nextRole == Role.PROMOTED) {
                // crm_simulate names the role it has, and the one it gets if that differs
                role = curRole.label();
                next = nextRole != curRole ? nextRole.label() : null;
            }
            if (p.next == cur) {
                out.add(new Action(kind, p.id, prim, node(cur), null, null, role, next, false, s.reason));
            } else {
                out.add(new Action(kind, p.id, prim, null, node(cur), node(p.next), role, next, false, s.reason));
            }
        } else if (s.stop) {
            String role = roleful ? curRole.label() : null;
            // one line per node it runs on, unless it keeps its role and only cannot start again (its node only)
            for (int n : stopNodes(p)) {
                out.add(new Action("stop", p.id, prim, node(n), null, null, role, null, false, s.reason));
            }
        } else if (s.start) {
            if (nextRole == Role.PROMOTED) {
                out.add(new Action("promote", p.id, prim, node(p.next), null, null, Role.STOPPED.label(),
                        Role.PROMOTED.label(), s.startBlocked || s.promoteBlocked, s.reason));
            } else {
                out.add(new Action("start", p.id, prim, node(p.next), null, null, null, null, s.startBlocked,
                        s.reason));
            }
        } else if (running && p.next == cur && p.recoverByDemote && curRole == Role.PROMOTED
                && nextRole == Role.PROMOTED) {
            // on-fail=demote: demoted, and promoted again where it stays the best choice
            out.add(new Action("re-promote", p.id, prim, node(cur), null, null, curRole.label(), null,
                    s.promoteBlocked, s.reason));
        } else if (running && p.next == cur && roleful && curRole != nextRole) {
            String kind = nextRole == Role.PROMOTED ? "promote" : "demote";
            out.add(new Action(kind, p.id, prim, node(cur), null, null, curRole.label(), nextRole.label(),
                    s.promoteBlocked, s.reason));
        }
    }

    /** Where a stop is listed: every node it runs on, unless it keeps its role and only cannot start again. */
    private static List<Integer> stopNodes(Rsc p) {
        return p.next < 0 || p.role != p.nextRole ? p.runningOn : List.of(p.currentNode());
    }

    /**
     * primitive id → sorted "Role@node" after the transition. A node records an anonymous clone once (one
     * lrm_resource by the primitive's id): two of its instances left on one node, a blocked one and one started
     * beside it, are one active copy afterwards, in the role of the one the transition acted on (its operation
     * is the newest record there).
     */
    Map<String, List<String>> roles() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        // anonymous clone primitive → node → role of a copy the transition acted on (left alone: below)
        Map<String, Map<Integer, String>> acted = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> leftAlone = new LinkedHashMap<>();
        for (Rsc top : ws.top) {
            boolean anonymous = top.kind == Rsc.Kind.CLONE && !top.uniqueClone;
            for (Rsc p : top.primitives()) {
                List<String> set = sets.computeIfAbsent(p.baseId(), k -> new ArrayList<>());
                Ordering.Steps s = ordering.of(p);
                if (s.frozen || s.stopBlocked) {
                    for (int n : p.runningOn) {
                        if (anonymous) {
                            leftAlone.computeIfAbsent(p.baseId(), k -> new java.util.TreeMap<>())
                                    .putIfAbsent(n, p.role.label());
                        } else {
                            set.add(p.role.label() + "@" + node(n));
                        }
                    }
                    continue;
                }
                if (s.up(p)) {
                    Role role = s.promoteBlocked ? (p.role == Role.PROMOTED ? Role.PROMOTED : Role.UNPROMOTED)
                            : p.nextRole;
                    if (anonymous) {
                        acted.computeIfAbsent(p.baseId(), k -> new java.util.TreeMap<>())
                                .putIfAbsent(p.next, role.label());
                    } else {
                        set.add(role.label() + "@" + node(p.next));
                    }
                }
            }
        }
        leftAlone.forEach((k, byNode) -> byNode.forEach((n, role) ->
                acted.computeIfAbsent(k, x -> new java.util.TreeMap<>()).putIfAbsent(n, role)));
        acted.forEach((k, byNode) -> byNode.forEach((n, role) -> sets.get(k).add(role + "@" + node(n))));
        Map<String, List<String>> out = new LinkedHashMap<>();
        sets.forEach((k, v) -> out.put(k, v.stream().sorted().toList()));
        return out;
    }

    TransitionGraph graph(List<Action> summary) {
        List<String> ops = new ArrayList<>();
        List<TransitionGraph.Edge> edges = new ArrayList<>();
        Set<String> sharedProbes = new HashSet<>();
        for (int n = 0; n < ws.nodes.size(); n++) {
            if (ws.fencing.operation(n) != null) {
                ops.add(ws.fencing.operation(n));
            }
            if (unfence.containsKey(n)) {
                ops.add(unfenceOp(n));
            }
        }
        Map<Rsc, String> startOp = new LinkedHashMap<>();
        Map<Rsc, String> stopOp = new LinkedHashMap<>();
        for (Rsc top : ws.top) {
            for (Rsc p : top.primitives()) {
                Ordering.Steps s = ordering.of(p);
                String gid = graphId(p);
                String start = start(p) ? "start " + gid + "@" + node(p.next) : null;
                boolean unfenced = ws.fencing.needsUnfencing(p);
                if (start != null && unfenced && unfence.containsKey(p.next)) {
                    edges.add(new TransitionGraph.Edge(unfenceOp(p.next), start));
                }
                for (int n = 0; n < ws.nodes.size(); n++) {
                    if (probed(p, n)) {
                        String probe = "monitor " + gid + "@" + node(n);
                        // anonymous clone instances share one probe per node
                        if (gid.equals(p.id) || sharedProbes.add(probe)) {
                            ops.add(probe);
                        }
                        if (start != null) {
                            edges.add(new TransitionGraph.Edge(probe, start));
                        }
                        if (unfenced && unfence.containsKey(n)) {
                            edges.add(new TransitionGraph.Edge(unfenceOp(n), probe));
                        }
                    }
                }
                if (s.frozen || s.stopBlocked) {
                    continue;
                }
                String stop = null;
                if (s.stop) {
                    for (int n : p.runningOn) {
                        if (p.role == Role.PROMOTED) {
                            String demote = "demote " + gid + "@" + node(n);
                            ops.add(demote);
                            edges.add(new TransitionGraph.Edge(demote, "stop " + gid + "@" + node(n)));
                        }
                        stop = "stop " + gid + "@" + node(n);
                        ops.add(stop);
                    }
                    stopOp.put(p, stop);
                }
                if (start != null) {
                    ops.add(start);
                    startOp.put(p, start);
                    // what ran on a fenced node starts elsewhere only once the fencing stopped it
                    for (int n : p.runningOn) {
                        if (ws.fencing.operation(n) != null) {
                            edges.add(new TransitionGraph.Edge(ws.fencing.operation(n), start));
                        }
                    }
                    if (stop != null) {
                        edges.add(new TransitionGraph.Edge(stop, start));
                    }
                }
                int at = p.next;
                boolean up = s.up(p);
                boolean rePromote = up && start == null && p.recoverByDemote && p.role == Role.PROMOTED
                        && p.nextRole == Role.PROMOTED;
                boolean roleChange = up && (p.nextRole != p.role || rePromote)
                        && (start != null || p.role != Role.STOPPED);
                String promote = null;
                if (roleChange && p.nextRole == Role.PROMOTED && !s.promoteBlocked) {
                    promote = "promote " + gid + "@" + node(at);
                    if (rePromote) {
                        String demote = "demote " + gid + "@" + node(at);
                        ops.add(demote);
                        edges.add(new TransitionGraph.Edge(demote, promote));
                    }
                    ops.add(promote);
                    if (start != null) {
                        edges.add(new TransitionGraph.Edge(start, promote));
                    }
                } else if (roleChange && p.role == Role.PROMOTED && start == null) {
                    ops.add("demote " + gid + "@" + node(at));
                }
                if (up && (start != null || promote != null)) {
                    for (Operation op : p.primitive.operations()) {
                        if (!op.name().equals("monitor") || op.intervalMs() == 0) {
                            continue;
                        }
                        boolean promotedOp = op.role() == Role.PROMOTED;
                        if (promotedOp != (p.nextRole == Role.PROMOTED) || op.role() == Role.STOPPED) {
                            continue;
                        }
                        String mon = "monitor/" + op.intervalMs() + " " + gid + "@" + node(at);
                        ops.add(mon);
                        edges.add(new TransitionGraph.Edge(promote != null ? promote : start, mon));
                    }
                }
            }
        }
        Set<TransitionGraph.Edge> orderEdges = new LinkedHashSet<>();
        for (Ordering.Link l : ordering.links) {
            for (Rsc f : l.first().primitives()) {
                for (Rsc t : l.then().primitives()) {
                    if (startOp.containsKey(f) && startOp.containsKey(t)) {
                        orderEdges.add(new TransitionGraph.Edge(startOp.get(f), startOp.get(t)));
                    }
                    if (stopOp.containsKey(f) && stopOp.containsKey(t)) {
                        orderEdges.add(new TransitionGraph.Edge(stopOp.get(t), stopOp.get(f)));
                    }
                }
            }
        }
        for (OrderConstraint o : ws.model.orders()) {
            if (o.kind() == OrderConstraint.Kind.MANDATORY) {
                continue; // already among the links
            }
            Rsc first = ws.find(o.first());
            Rsc then = ws.find(o.then());
            if (first == null || then == null) {
                continue;
            }
            for (Rsc f : first.primitives()) {
                for (Rsc t : then.primitives()) {
                    if (startOp.containsKey(f) && startOp.containsKey(t)) {
                        orderEdges.add(new TransitionGraph.Edge(startOp.get(f), startOp.get(t)));
                    }
                    if (o.symmetrical() && stopOp.containsKey(f) && stopOp.containsKey(t)) {
                        orderEdges.add(new TransitionGraph.Edge(stopOp.get(t), stopOp.get(f)));
                    }
                }
            }
        }
        edges.addAll(orderEdges);
        return new TransitionGraph(summary, ops, edges);
    }

    private String unfenceOp(int n) {
        return "fence/on " + node(n);
    }

    /** Anonymous clone instances carry no number in the graph; unique ones do. */
    private static String graphId(Rsc p) {
        Rsc clone = p.owningClone();
        return clone != null && !clone.uniqueClone ? p.baseId() : p.id;
    }
}
