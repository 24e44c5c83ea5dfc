package dev.baton.scheduler;

import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns every resource a node (or none), in Pacemaker's order: by priority, then (placement strategies
 * other than default) by how strongly each prefers where it runs; each resource's primaries first; dependents' preferences folded into the primary's
 * scores; ties broken by fewest assigned resources, then the current node, then node name.
 */
final class Allocator {
    private final WorkingSet ws;
    private final Clones clones;
    private final Utilization utilization;

    Allocator(WorkingSet ws) {
        this.ws = ws;
        this.clones = new Clones(ws, this);
        this.utilization = new Utilization(ws);
    }

    void assignAll() {
        List<Rsc> order = new ArrayList<>(ws.top);
        // with the default placement strategy Pacemaker keeps the configuration order within a priority; the
        // others also rank by the score where each runs, then by the scores node by node
        Comparator<Rsc> byPriority = Comparator.comparingInt((Rsc r) -> -r.priority());
        if (ws.model.properties().placementStrategy().equals("default")) {
            order.sort(byPriority);
        } else {
            Map<Rsc, NodeScores> merged = new IdentityHashMap<>();
            for (Rsc r : order) {
                merged.put(r, merged(r));
            }
            // scores are compared node by node, best node first (with the balanced strategy, most free capacity)
            List<Integer> nodes = new ArrayList<>();
            for (int n = 0; n < ws.nodes.size(); n++) {
                nodes.add(n);
            }
            nodes.sort((a, b) -> utilization.compareFree(a, b) != 0 ? utilization.compareFree(a, b)
                    : ws.nodes.get(a).name().compareTo(ws.nodes.get(b).name()));
            order.sort(byPriority.thenComparingInt(r -> -currentScore(r, merged.get(r)))
                    .thenComparing((a, b) -> compareScores(merged.get(a), merged.get(b), nodes)));
        }
        ws.remotes.assignConnections(this);
        for (Rsc r : order) {
            assign(r);
        }
        ws.remotes.fenceUnreachable();
        ws.remotes.restartWithContainers();
    }

    /**
     * The score on the node where the resource runs now; a resource that runs nowhere counts its priority
     * instead (Pacemaker compares it that way).
     */
    private static int currentScore(Rsc r, NodeScores merged) {
        int cur = r.kind == Rsc.Kind.CLONE ? firstRunningInstanceNode(r) : r.firstMember().currentNode();
        return cur < 0 ? r.priority() : merged.score[cur];
    }

    private static int firstRunningInstanceNode(Rsc clone) {
        for (Rsc inst : clone.children) {
            int n = inst.firstMember().currentNode();
            if (n >= 0) {
                return n;
            }
        }
        return -1;
    }

    /** Higher score first, node by node in the given node order. */
    private static int compareScores(NodeScores a, NodeScores b, List<Integer> nodes) {
        for (int n : nodes) {
            if (a.score[n] != b.score[n]) {
                return Integer.compare(b.score[n], a.score[n]);
            }
        }
        return 0;
    }

    /** A resource's scores with those of the resources it is colocated with folded in, to rank it. */
    private NodeScores merged(Rsc r) {
        Rsc owner = r.kind == Rsc.Kind.GROUP ? r.firstMember() : r;
        return Merge.weights(ws, owner, owner.scores.copy(), 1.0, true, false, true, "ranking");
    }

    void assign(Rsc r) {
        switch (r.kind) {
            case PRIMITIVE -> assignPrimitive(r, -1);
            case GROUP -> assignGroup(r);
            case CLONE -> clones.assign(r);
        }
    }

    private void assignGroup(Rsc g) {
        if (!g.provisional || g.assigning) {
            return;
        }
        g.assigning = true;
        for (Rsc m : g.children) {
            assignPrimitive(m, -1);
        }
        Rsc first = g.firstMember();
        g.next = first.next;
        g.nextRole = first.nextRole;
        g.assigning = false;
        g.provisional = false;
    }

    /** Assigns a primitive; {@code prefer} (or -1) is a node to take if it scores as well as the best. */
    int assignPrimitive(Rsc r, int prefer) {
        if (!r.provisional || r.assigning) {
            return r.next;
        }
        r.assigning = true;
        for (Colocation c : r.thisWith) {
            Rsc primary = c.primary();
            assign(primary.parent != null && primary.parent.kind == Rsc.Kind.GROUP && primary.parent.parent == null
                    ? primary.parent : primary);
            NodeScores archive = c.dependentRole() == Role.PROMOTED
                    || c.score() < 0 && c.score() > Score.MINUS_INFINITY ? r.scores.copy() : null;
            c.apply(r.scores, ws);
            if (archive != null && !ws.anyAvailable(r.scores)) {
                r.scores.replaceWith(archive);
            }
        }
        for (Colocation c : r.withThis) {
            r.scores.replaceWith(Merge.weights(ws, c.dependent(), r.scores, (double) c.score() / Score.INFINITY,
                    false, true, false, "colocation " + c.id() + " (" + c.dependent().id + " prefers)"));
        }
        Role target = r.targetRole();
        if (target == Role.STOPPED) {
            for (int n = 0; n < ws.nodes.size(); n++) {
                r.scores.add(n, Score.MINUS_INFINITY, "target-role=Stopped");
            }
        }
        if (r.blocked) {
            // a failed stop cannot be undone without fencing: it stays, whatever it should do
            r.next = r.currentNode();
            r.nextRole = r.role;
        } else if (!r.managed() || ws.everythingUnmanaged) {
            r.next = r.runningOn.isEmpty() ? -1 : r.runningOn.get(0);
            r.nextRole = r.role;
        } else if (ws.stopAll || r.orphan) {
            r.next = -1;
        } else {
            r.next = chooseNode(r, prefer);
        }
        if (r.nextRole == null) {
            r.nextRole = r.next < 0 ? Role.STOPPED : r.promotable() ? Role.UNPROMOTED : Role.STARTED;
        }
        if (r.next >= 0) { // an unmanaged resource left where it runs counts there too, as in Pacemaker
            ws.assignedCount[r.next]++;
            utilization.consume(r.next, r);
        }
        r.assigning = false;
        r.provisional = false;
        return r.next;
    }

    /** Undoes an assignment (a clone instance that did not get its preferred node tries again later). */
    void unassign(Rsc p) {
        if (p.next >= 0) {
            ws.assignedCount[p.next]--;
            utilization.release(p.next, p);
        }
        p.provisional = true;
        p.next = -1;
        p.nextRole = null;
    }

    private int chooseNode(Rsc r, int prefer) {
        if (utilization.enabled()) {
            // room for it and the resources that must follow it; if no node has that, the node with the
            // most room, if it has room for the resource alone
            Map<String, Integer> need = utilization.need(r);
            boolean anyFitsAll = false;
            int mostRoom = -1;
            for (int n = 0; n < ws.nodes.size(); n++) {
                if (ws.canRun[n] && r.scores.score[n] >= 0) {
                    anyFitsAll |= utilization.fits(n, need);
                    if (mostRoom < 0 || utilization.compareRoom(n, mostRoom) < 0) {
                        mostRoom = n;
                    }
                }
            }
            if (!anyFitsAll) {
                need = utilization.needAlone(r);
            }
            for (int n = 0; n < ws.nodes.size(); n++) {
                if ((!utilization.fits(n, need) || !anyFitsAll && n != mostRoom)
                        && r.scores.score[n] > Score.MINUS_INFINITY) {
                    r.scores.add(n, Score.MINUS_INFINITY, "not enough capacity");
                }
            }
        }
        int[] s = r.scores.score;
        int current = r.currentNode(); // active on several nodes: the first one counts, as in Pacemaker
        if (s.length == 0) {
            return -1;
        }
        Comparator<Integer> order = nodeOrder(s, current);
        int best = 0;
        for (int n = 1; n < s.length; n++) {
            if (order.compare(n, best) < 0) {
                best = n;
            }
        }
        int chosen = -1;
        if (prefer >= 0 && s[prefer] >= s[best] && ws.canRun[prefer] && s[prefer] >= 0) {
            chosen = prefer;
        }
        if (chosen < 0) {
            chosen = best;
            boolean uniqueInstance = r.owningClone() != null && r.owningClone().uniqueClone;
            if (!uniqueInstance && s[chosen] > 0 && ws.canRun[chosen] && current >= 0 && ws.canRun[current]
                    && s[current] == s[chosen]) {
                chosen = current; // equal scores: stay where it runs
            }
        }
        return ws.canRun[chosen] && s[chosen] >= 0 ? chosen : -1;
    }

    /**
     * Best first: highest score (nodes that cannot run last), then most free capacity (balanced strategy),
     * fewest assigned resources, the node it runs on, and node name (as Pacemaker 2.1 does, whatever the
     * order of the nodes in the configuration).
     */
    Comparator<Integer> nodeOrder(int[] s, int current) {
        return (a, b) -> {
            int sa = ws.canRun[a] ? s[a] : Score.MINUS_INFINITY;
            int sb = ws.canRun[b] ? s[b] : Score.MINUS_INFINITY;
            if (sa != sb) {
                return Integer.compare(sb, sa);
            }
            int free = utilization.compareFree(a, b);
            if (free != 0) {
                return free;
            }
            if (ws.balance && ws.assignedCount[a] != ws.assignedCount[b]) {
                return Integer.compare(ws.assignedCount[a], ws.assignedCount[b]);
            }
            if (a == current || b == current) {
                return a == current ? -1 : 1;
            }
            return ws.nodes.get(a).name().compareTo(ws.nodes.get(b).name());
        };
    }
}
