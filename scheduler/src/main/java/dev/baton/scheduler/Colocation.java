package dev.baton.scheduler;

import dev.baton.scheduler.model.Role;

/**
 * A colocation between working resources: {@code dependent} is placed relative to {@code primary}.
 * Applying it to the dependent's scores follows Pacemaker: a mandatory colocation bans every node but the
 * primary's (all of them if the primary cannot run), an advisory one adds its score on the primary's node,
 * a -INFINITY one bans the primary's node.
 */
record Colocation(String id, Rsc dependent, Rsc primary, int score, Role dependentRole, Role primaryRole) {

    boolean mandatory() {
        return score >= Score.INFINITY;
    }

    /** Applies this colocation to the dependent's scores once the primary has been assigned. */
    void apply(NodeScores target, WorkingSet ws) {
        if (dependentRole == Role.PROMOTED || primaryRole == Role.PROMOTED && primary.kind != Rsc.Kind.CLONE) {
            return; // role-specific colocations act during promotion
        }
        if (dependentRole == Role.UNPROMOTED && score > 0) {
            // a positive colocation limited to a dependent role the dependent is not yet in (its role is chosen
            // after placement) places nothing [pcmk__colocation_affects]; it lowers the promotion priority instead
            return;
        }
        if (primary.provisional) {
            return; // a colocation loop: the primary is still being placed, so it cannot constrain yet
        }
        if (score > 0 && (primaryRole == Role.PROMOTED || primaryRole == Role.UNPROMOTED)
                && !primary.isPromotableClone && !primary.promotable()) {
            return; // a role the primary can never have: Pacemaker skips such a positive colocation
        }
        String reason = "colocation " + id + " with " + primary.id;
        java.util.Set<Integer> primaryNodes = ws.nodesOf(primary, primaryRole);
        if (mandatory() && primary.kind == Rsc.Kind.CLONE && (primaryRole == null || primaryRole == Role.STARTED)) {
            // an instance that cannot be stopped (a failed stop without fencing, on-fail=block) is no place to be
            // with: only the clone's other instances count [clone_rsc_colocation_rh: is_set_recursive pe_rsc_block]
            primaryNodes.removeIf(n -> primary.children.stream().filter(i -> i.next == n)
                    .allMatch(i -> i.primitives().stream().anyMatch(p -> p.blocked)));
        }
        if (primaryNodes.isEmpty()) {
            if (mandatory()) {
                for (int n = 0; n < target.score.length; n++) {
                    target.add(n, Score.MINUS_INFINITY, reason + " (not running)");
                }
            }
            return;
        }
        // with a clone, an advisory colocation applies instance by instance, each rolled back on its own; one
        // with a role of a promotable clone is added on all its instances' nodes in that role at once, and rolled
        // back as a whole [pcmk__update_dependent_with_promotable, then apply_this_with's revert]
        boolean byRole = primary.isPromotableClone && (primaryRole == Role.PROMOTED || primaryRole == Role.UNPROMOTED);
        if (!mandatory() && primary.kind == Rsc.Kind.CLONE && !byRole) {
            for (int node : primaryNodes) {
                applyOn(target, java.util.Set.of(node), ws, reason);
            }
            return;
        }
        applyOn(target, primaryNodes, ws, reason);
    }

    private void applyOn(NodeScores target, java.util.Set<Integer> primaryNodes, WorkingSet ws, String reason) {
        NodeScores work = target.copy();
        for (int n = 0; n < target.score.length; n++) {
            if (primaryNodes.contains(n)) {
                if (!mandatory()) {
                    work.add(n, score, reason);
                }
            } else if (mandatory()) {
                work.add(n, Score.MINUS_INFINITY, reason);
            }
        }
        if (score <= Score.MINUS_INFINITY || mandatory() || ws.anyAvailable(work)) {
            target.replaceWith(work);
        }
    }
}
