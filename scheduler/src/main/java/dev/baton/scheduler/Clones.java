package dev.baton.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Clone instance placement: instances keep their current node while the per-node share allows (the clone's
 * instances spread evenly), the rest go to the best remaining nodes, and no node gets more than
 * clone-node-max. Then promotable clones choose which instances to promote.
 */
final class Clones {
    private final WorkingSet ws;
    private final Allocator allocator;
    private final Promotion promotion;

    Clones(WorkingSet ws, Allocator allocator) {
        this.ws = ws;
        this.allocator = allocator;
        this.promotion = new Promotion(ws);
    }

    void assign(Rsc clone) {
        if (!clone.provisional || clone.assigning) {
            return;
        }
        clone.assigning = true;
        for (Colocation c : clone.thisWith) {
            allocator.assign(topOf(c.primary()));
            if (!advisoryAgainst(c) && !interleaved(c)) {
                c.apply(clone.scores, ws);
            }
        }
        for (Colocation c : clone.withThis) {
            if (c.primaryRole() == dev.baton.scheduler.model.Role.PROMOTED) {
                continue; // counts for promotion, not for where instances run
            }
            clone.scores.replaceWith(Merge.positiveWeights(ws, c.dependent(), clone.scores,
                    (double) c.score() / Score.INFINITY));
        }
        if (clone.isPromotableClone) {
            promotion.addPromotionPreferences(clone);
        }
        distribute(clone);
        if (clone.isPromotableClone) {
            promotion.chooseRoles(clone);
        }
        clone.assigning = false;
        clone.provisional = false;
    }

    /**
     * An advisory anti-colocation of the clone applies to each instance as it is assigned (rolled back when it
     * would leave that instance nowhere to go), not to the clone as a whole.
     */
    private static boolean advisoryAgainst(Colocation c) {
        return c.score() < 0 && c.score() > Score.MINUS_INFINITY;
    }

    /**
     * A colocation of an interleaved clone with another clone applies instance by instance, each with one instance
     * of the primary: Pacemaker pairs them when both run as many copies per node (clone-node-max), and ignores the
     * colocation otherwise (a configuration error) [clone_rsc_colocation_rh, do_interleave]. One with a role acts
     * as before (placement by the primary's instances in that role, and promotion); so does an advisory one, whose
     * per-instance rollback already matches crm_simulate (s7-738: pairing it moved an instance elsewhere).
     */
    private static boolean interleaved(Colocation c) {
        return (c.mandatory() || c.score() <= Score.MINUS_INFINITY)
                && c.dependent().kind == Rsc.Kind.CLONE && c.primary().kind == Rsc.Kind.CLONE
                && dev.baton.scheduler.model.ClusterProperties.truthy(c.dependent().meta.get("interleave"))
                && anyRole(c.dependentRole()) && anyRole(c.primaryRole());
    }

    private static boolean anyRole(dev.baton.scheduler.model.Role r) {
        return r == null || r == dev.baton.scheduler.model.Role.STARTED;
    }

    private static int copiesPerNode(Rsc clone) {
        return clone.uniqueClone ? WorkingSet.metaInt(clone, 1, "clone-node-max", "clone_node_max") : 1;
    }

    /**
     * The interleaved colocation for one instance: against the primary's instance assigned to the instance's best
     * node (by its scores so far, then node order) that has one, or, mandatory and with none, nowhere
     * [find_compatible_child].
     */
    private void applyInterleaved(Colocation c, Rsc inst) {
        if (copiesPerNode(c.dependent()) != copiesPerNode(c.primary())) {
            return;
        }
        NodeScores scores = inst.firstMember().scores;
        List<Integer> nodes = new ArrayList<>();
        for (int n = 0; n < ws.nodes.size(); n++) {
            nodes.add(n);
        }
        nodes.sort(Comparator.comparingInt((Integer n) -> -scores.score[n]));
        for (int n : nodes) {
            for (Rsc pair : c.primary().children) {
                if (!pair.provisional && pair.next == n) {
                    new Colocation(c.id(), inst, pair, c.score(), c.dependentRole(), c.primaryRole()).apply(scores, ws);
                    return;
                }
            }
        }
        if (c.mandatory()) {
            for (int n = 0; n < ws.nodes.size(); n++) {
                scores.add(n, Score.MINUS_INFINITY, "colocation " + c.id() + ": no instance of " + c.primary().id + " to pair with");
            }
        }
    }

    private static Rsc topOf(Rsc r) {
        Rsc t = r;
        while (t.parent != null && t.parent.kind == Rsc.Kind.GROUP) {
            t = t.parent;
        }
        return t;
    }

    private void distribute(Rsc clone) {
        int max = Math.min(ws.cloneMax(clone), clone.children.size());
        // anonymous instances are interchangeable: Pacemaker runs at most one per node, whatever clone-node-max says
        int nodeMax = clone.uniqueClone ? Math.max(0, WorkingSet.metaInt(clone, 1, "clone-node-max", "clone_node_max"))
                : 1;
        int available = ws.availableNodes(clone);
        int[] count = new int[ws.nodes.size()];
        // instances first keep their node, up to an even share of the nodes (rounded down, at least one)
        int optimal = Math.min(nodeMax, available == 0 ? 1 : Math.max(1, max / available));
        List<Rsc> instances = new ArrayList<>();
        for (Rsc inst : clone.children) {
            if (inst.orphan) {
                stop(inst);
            } else {
                instances.add(inst);
            }
        }
        // Pacemaker's assignment order: an instance active on fewer nodes, not on a node the whole clone may no
        // longer use (a fresh instance takes the free place and that one stops), of higher priority, active, on a
        // node that can run resources, not failed; else in instance order
        instances.sort(Comparator.comparingInt((Rsc i) -> Math.max(1, activeNodes(i)))
                .thenComparingInt(i -> disallowed(i) ? 1 : 0)
                .thenComparingInt(i -> -i.instancePriority)
                .thenComparingInt(i -> currentNode(i) < 0 || disallowed(i) ? 1 : 0)
                .thenComparingInt(i -> currentNode(i) >= 0 && ws.canRun[currentNode(i)] ? 0 : 1)
                .thenComparingInt(i -> failed(i) ? 1 : 0)
                .thenComparingInt(i -> -colocationScoreHere(ws, clone, i)));
        int assigned = 0;
        for (Rsc inst : instances) {
            int cur = currentNode(inst);
            if (assigned >= max || cur < 0 || failed(inst) || !canRunInstance(clone, inst, cur, count, optimal)) {
                continue;
            }
            if (assignInstance(clone, inst, cur, count, optimal) >= 0) {
                assigned++;
            }
        }
        for (Rsc inst : instances) {
            if (!inst.provisional) {
                continue;
            }
            if (assigned >= max) {
                stop(inst);
            } else if (assignInstance(clone, inst, -1, count, nodeMax) >= 0) {
                assigned++;
            }
        }
    }

    /** Active where its own scores (locations, bans; not yet the clone's colocations) forbid it. */
    private boolean disallowed(Rsc inst) {
        int cur = currentNode(inst);
        return cur >= 0 && inst.firstMember().scores.score[cur] < 0;
    }

    /**
     * Pacemaker's last tie-break between two active instances: the clone's colocations folded into a table of
     * just the node where the instance runs, the primaries' scores and the positive ones of its dependents,
     * each scaled by its colocation's strength and followed through what is colocated with them
     * [cmp_instance_by_colocation, apply_parent_colocations]; 0 for an inactive instance.
     */
    static int colocationScoreHere(WorkingSet ws, Rsc clone, Rsc inst) {
        int node = currentNode(inst);
        if (node < 0) {
            return 0;
        }
        NodeScores here = new NodeScores(ws.nodes.size(), Score.MINUS_INFINITY);
        here.set(node, 0, "current node");
        for (Colocation c : clone.thisWith) {
            here = Merge.weights(ws, c.primary(), here, (double) c.score() / Score.INFINITY, false, false);
        }
        for (Colocation c : clone.withThis) {
            here = Merge.positiveWeights(ws, c.dependent(), here, (double) c.score() / Score.INFINITY);
        }
        return here.score[node];
    }

    private static int activeNodes(Rsc inst) {
        return inst.primitives().stream().mapToInt(p -> p.runningOn.size()).max().orElse(0);
    }

    private static boolean failed(Rsc inst) {
        return inst.primitives().stream().anyMatch(p -> p.failed);
    }

    private static int currentNode(Rsc inst) {
        return inst.kind == Rsc.Kind.GROUP ? inst.firstMember().currentNode() : inst.currentNode();
    }

    private boolean canRunInstance(Rsc clone, Rsc inst, int node, int[] count, int limit) {
        return ws.canRun[node] && clone.scores.score[node] >= 0 && inst.firstMember().scores.score[node] >= 0
                && count[node] < limit;
    }

    /** Assigns one instance with nodes over the per-node limit banned; with {@code prefer}, only there. */
    private int assignInstance(Rsc clone, Rsc inst, int prefer, int[] count, int limit) {
        List<Rsc> prims = inst.primitives();
        List<NodeScores> backup = new ArrayList<>();
        for (Rsc p : prims) {
            backup.add(p.scores.copy());
            for (int n = 0; n < ws.nodes.size(); n++) {
                if (!canRunInstance(clone, inst, n, count, limit) && p.scores.score[n] > Score.MINUS_INFINITY) {
                    p.scores.add(n, Score.MINUS_INFINITY, count[n] >= limit ? "clone " + clone.id
                            + " has its share of instances here" : "clone " + clone.id + " cannot run here");
                }
            }
        }
        for (Colocation c : clone.thisWith) {
            if (interleaved(c)) {
                applyInterleaved(c, inst);
            } else if (advisoryAgainst(c)) {
                c.apply(inst.firstMember().scores, ws);
            }
        }
        int chosen;
        if (inst.kind == Rsc.Kind.GROUP) {
            allocator.assign(inst);
            chosen = inst.next;
        } else {
            chosen = allocator.assignPrimitive(inst, prefer);
        }
        if (prefer >= 0 && chosen != prefer) {
            // keep it for the second round, where it may land anywhere
            for (int i = 0; i < prims.size(); i++) {
                Rsc p = prims.get(i);
                allocator.unassign(p);
                p.scores.replaceWith(backup.get(i));
            }
            inst.provisional = true;
            inst.next = -1;
            inst.nextRole = null;
            return -1;
        }
        if (chosen >= 0) {
            count[chosen]++;
        }
        return chosen;
    }

    private void stop(Rsc inst) {
        for (Rsc p : inst.primitives()) {
            for (int n = 0; n < ws.nodes.size(); n++) {
                p.scores.add(n, Score.MINUS_INFINITY, "clone-max reached");
            }
        }
        allocator.assign(inst);
    }
}
