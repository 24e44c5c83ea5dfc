package dev.baton.scheduler;

import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Promotable clones: an instance's promotion score on a node is its promotion attribute there
 * ("master-RSC", as set by crm_master / crm_attribute -p), which also draws instances to nodes where they
 * may be promoted; role=Promoted locations and colocations add to it on the assigned node. The best
 * instances with a non-negative score are promoted, up to promoted-max (promoted-node-max per node).
 */
final class Promotion {
    private final WorkingSet ws;
    private final Quorum quorum;

    Promotion(WorkingSet ws) {
        this.ws = ws;
        this.quorum = new Quorum(ws.model);
    }

    /**
     * A positive promotion attribute counts as a location preference for every instance, on nodes that can run
     * resources (elsewhere it would only shuffle instances) and that the instance is allowed on (its score there
     * is not negative [promotion_score_applies: is_allowed]); the best one also ranks the instance for assignment.
     */
    void addPromotionPreferences(Rsc clone) {
        for (Rsc inst : clone.children) {
            inst.instancePriority = inst.priority();
            for (Rsc p : inst.primitives()) {
                for (int n = 0; n < ws.nodes.size(); n++) {
                    Integer s = ws.canRun[n] && p.scores.score[n] >= 0 ? attribute(p, n) : null;
                    if (s != null && s > 0) { // a negative one keeps it from promotion, not from running
                        p.scores.add(n, s, "promotion score");
                    }
                    if (s != null && s > inst.instancePriority) {
                        inst.instancePriority = s;
                    }
                }
            }
        }
    }

    /**
     * The promotion attribute for an instance on a node (looked up by the name the history knows it by). For an
     * instance of an anonymous clone it counts where that instance runs; where no instance runs but the clone's
     * state is known (probed); everywhere, also where another instance runs, for an instance neither active nor
     * known anywhere (as Pacemaker: that ranks it for assignment); else only where its own history is
     * [promotion_score_applies].
     */
    private Integer attribute(Rsc p, int node) {
        Rsc clone = p.owningClone();
        boolean anonymous = clone != null && !clone.uniqueClone;
        if (anonymous && !p.runningOn.contains(node)) {
            boolean activeHere = false;
            boolean knownHere = false;
            for (Rsc inst : clone.children) {
                for (Rsc m : inst.primitives()) {
                    if (m.baseId().equals(p.baseId())) {
                        activeHere |= m.runningOn.contains(node);
                        knownHere |= m.knownOn.contains(node);
                    }
                }
            }
            boolean applies = !activeHere && knownHere || p.runningOn.isEmpty() && p.knownOn.isEmpty()
                    || p.knownOn.contains(node);
            if (!applies) {
                return null;
            }
        }
        var attrs = ws.nodes.get(node).attributes();
        String name = p.historyNames.getOrDefault(node, p.id);
        String v = attrs.get("master-" + name);
        if (v == null) {
            v = attrs.get("master-" + p.baseId());
        }
        if (v == null) {
            v = attrs.get("promotion-" + p.baseId());
        }
        return v == null ? null : Score.pacemaker(v);
    }

    void chooseRoles(Rsc clone) {
        int promotedMax = WorkingSet.metaInt(clone, 1, "promoted-max", "master-max", "master_max");
        int promotedNodeMax = WorkingSet.metaInt(clone, 1, "promoted-node-max", "master-node-max",
                "master_node_max");
        Role target = clone.targetRole();
        List<Rsc> candidates = new ArrayList<>();
        // an instance carries the clone's negative and mandatory colocations, and all of them when the clone
        // has fewer instances than nodes to run on [Pacemaker's append_parent_colocation]
        boolean allColocations = ws.cloneMax(clone) < ws.availableNodes(clone);
        for (Rsc inst : clone.children) {
            if (inst.next < 0) {
                continue;
            }
            inst.promotionScore = score(clone, inst, allColocations);
            candidates.add(inst);
        }
        addCloneNodeWeights(clone, candidates);
        addDependentPreferences(clone, candidates);
        // an instance left alone (unmanaged, blocked) that is promoted stays so and takes its slot first; then
        // the best score, then the one already promoted, then one active now, then one that did not fail, then
        // the one its clone's colocations like best where it runs [cmp_promotable_instance]
        candidates.sort(Comparator.comparingInt((Rsc i) -> leftPromoted(i) ? 0 : 1)
                .thenComparingInt(i -> -i.promotionScore)
                .thenComparingInt(i -> i.primitives().get(0).role == Role.PROMOTED ? 0 : 1)
                .thenComparingInt(i -> i.primitives().get(0).role.active() ? 0 : 1)
                .thenComparingInt(i -> i.primitives().stream().anyMatch(p -> p.failed) ? 1 : 0)
                .thenComparingInt(i -> -Clones.colocationScoreHere(ws, clone, i)));
        // Pacemaker sorts the clone's instances so: what is colocated with the clone meets them in that order
        // [sort_promotable_instances]
        clone.instanceOrder = new ArrayList<>(candidates);
        clone.children.stream().filter(i -> !candidates.contains(i)).forEach(clone.instanceOrder::add);
        int promoted = 0;
        int[] perNode = new int[ws.nodes.size()];
        for (Rsc inst : candidates) {
            boolean promote = leftPromoted(inst) || promoted < promotedMax && inst.promotionScore >= 0
                    && perNode[inst.next] < promotedNodeMax && target != Role.UNPROMOTED
                    && inst.primitives().stream().allMatch(p -> p.managed() && !p.promoteFailed)
                    && !quorum.promotionBlocked(inst);
            if (promote) {
                promoted++;
                perNode[inst.next]++;
            }
            Role role = promote ? Role.PROMOTED : Role.UNPROMOTED;
            inst.nextRole = role;
            for (Rsc p : inst.primitives()) {
                if (p.next >= 0 && p.managed() && !ws.everythingUnmanaged) {
                    p.nextRole = role;
                }
            }
        }
    }

    private boolean leftPromoted(Rsc inst) {
        return inst.primitives().stream().allMatch(p -> p.role == Role.PROMOTED && !p.runningOn.isEmpty()
                && (!p.managed() || p.blocked || ws.everythingUnmanaged));
    }

    /**
     * An instance's own promotion priority on its node: its promotion attribute (-1 without one), role=Promoted
     * locations, and the role colocations it carries [Pacemaker's set_instance_priority,
     * pcmk__apply_coloc_to_priority]: with the primary there in the colocation's role, the score counts for
     * a Promoted dependent role and against it for Unpromoted; with the primary elsewhere, a mandatory one for
     * the Promoted role forbids promotion.
     */
    private int score(Rsc clone, Rsc inst, boolean allColocations) {
        int node = inst.next;
        int s = 0;
        boolean any = false;
        for (Rsc p : inst.primitives()) {
            Integer a = attribute(p, node);
            if (a != null) {
                s = Score.add(s, a);
                any = true;
            }
        }
        if (!any) {
            s = -1; // no promotion score: not promotable, even if it is promoted now (it is demoted)
        }
        for (LocationConstraint l : clone.promotedLocations) {
            if (ws.nodes.get(node).name().equals(l.node())) {
                s = Score.add(s, l.score());
            }
        }
        for (Colocation c : clone.thisWith) {
            boolean roleSpecific = c.dependentRole() == Role.PROMOTED || c.dependentRole() == Role.UNPROMOTED;
            if (!roleSpecific || !(c.score() < 0 || c.mandatory() || allColocations)) {
                continue;
            }
            boolean here = c.primary().kind == Rsc.Kind.CLONE || ws.nodesOf(c.primary(), null).contains(node);
            if (here && ws.nodesOf(c.primary(), c.primaryRole()).contains(node)) {
                s = Score.add(s, c.dependentRole() == Role.PROMOTED ? c.score() : -c.score());
            } else if ((!here || c.primary().kind == Rsc.Kind.CLONE) && c.mandatory()
                    && c.dependentRole() == Role.PROMOTED) {
                s = Score.MINUS_INFINITY; // must be promoted where the primary is, and nowhere else
            }
        }
        return s;
    }

    /**
     * A promotable instance's priority is summed into the clone's own weight for its node (the clone's
     * locations and the colocations that placed it), an advisory role=Promoted colocation adds its primary's
     * preference for the node, scaled by its strength, and every instance there takes the sum: a plain
     * location on the clone counts for promotion too [Pacemaker's sort_promotable_instances]. An instance with
     * a negative priority stays unpromotable.
     */
    private void addCloneNodeWeights(Rsc clone, List<Rsc> candidates) {
        int[] weight = clone.scores.score.clone();
        for (Rsc inst : candidates) {
            if (inst.promotionScore >= 0) {
                weight[inst.next] = Score.add(weight[inst.next], inst.promotionScore);
            }
        }
        for (Colocation c : clone.thisWith) {
            if (c.dependentRole() == Role.PROMOTED) {
                for (int n = 0; n < weight.length; n++) {
                    weight[n] = Score.add(weight[n], Merge.scaled(c.primary().scores.score[n],
                            (double) c.score() / Score.INFINITY));
                }
            }
        }
        for (Rsc inst : candidates) {
            if (inst.promotionScore >= 0) {
                inst.promotionScore = weight[inst.next];
            }
        }
    }

    /**
     * Resources to be placed with the promoted instance pull promotion towards where they prefer to run,
     * unless that would leave no instance promotable (then the preference is dropped, as Pacemaker rolls it
     * back).
     */
    private void addDependentPreferences(Rsc clone, List<Rsc> candidates) {
        for (Colocation c : clone.withThis) {
            if (c.primaryRole() != Role.PROMOTED || c.dependent().next >= 0 || !c.dependent().provisional) {
                continue;
            }
            int[] with = new int[candidates.size()];
            boolean anyPromotable = false;
            for (int i = 0; i < with.length; i++) {
                int d = ws.canRun[candidates.get(i).next] ? c.dependent().scores.score[candidates.get(i).next]
                        : Score.MINUS_INFINITY;
                with[i] = Score.add(candidates.get(i).promotionScore,
                        (int) Math.round((double) c.score() / Score.INFINITY * d));
                anyPromotable |= with[i] >= 0;
            }
            if (anyPromotable) {
                for (int i = 0; i < with.length; i++) {
                    candidates.get(i).promotionScore = with[i];
                }
            }
        }
    }
}
