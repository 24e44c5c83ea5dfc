package dev.baton.scheduler;

/**
 * Folds a colocated resource's node preferences into another's scores, scaled by the colocation's strength
 * (score / INFINITY), recursively through everything colocated with it. This is how a dependent's
 * location preference or ban pulls its primary along (Pacemaker's "influence").
 */
final class Merge {
    private Merge() {
    }

    /**
     * @param into        scores to add to (not modified)
     * @param factor      colocation score / INFINITY
     * @param init        start from {@code other}'s own scores instead of adding them to {@code into}
     * @param rollback    give up (return {@code into}) if the result leaves no node available
     */
    static NodeScores weights(WorkingSet ws, Rsc other, NodeScores into, double factor, boolean init,
                              boolean rollback) {
        return weights(ws, other, into, factor, init, rollback, false, "colocation with " + other.id);
    }

    /**
     * A clone's merge: only positive preferences count (a dependent's dislike does not stop instances from
     * running somewhere; a node it dislikes keeps a token score of 1 if it had a positive one).
     */
    static NodeScores positiveWeights(WorkingSet ws, Rsc other, NodeScores into, double factor) {
        NodeScores merged = weights(ws, other, into, factor, false, true);
        NodeScores out = into.copy();
        for (int n = 0; n < out.score.length; n++) {
            int before = into.score[n];
            int after = merged.score[n];
            if (after == before) {
                continue;
            }
            if (after >= 0 || before < 0) {
                out.set(n, after, "colocation with " + other.id);
            } else if (before > 0) {
                out.set(n, 1, "colocation with " + other.id + " (dislike ignored)");
            }
        }
        return out;
    }

    /**
     * @param forward follow the resources {@code other} is colocated with (its primaries) instead of those
     *                colocated with it; used to rank resources before assignment
     */
    static NodeScores weights(WorkingSet ws, Rsc other, NodeScores into, double factor, boolean init,
                              boolean rollback, boolean forward, String reason) {
        Rsc source = other.kind == Rsc.Kind.GROUP ? other.firstMember() : other;
        if (source.merging) {
            return into;
        }
        source.merging = true;
        try {
            NodeScores work = into.copy();
            if (!init) {
                addScaled(ws, work, source.scores, factor, reason);
            }
            if (ws.anyAvailable(work)) {
                // deeper colocations count with their own strength, keeping only the sign of this one's
                double sign = factor < 0 ? -1 : 1;
                for (Colocation c : forward ? source.thisWith : source.withThis) {
                    Rsc next = forward ? c.primary() : c.dependent();
                    if (next == source) {
                        continue;
                    }
                    work = weights(ws, next, work, sign * c.score() / Score.INFINITY, false, true, forward,
                            reason);
                }
            }
            if (rollback && !ws.anyAvailable(work)) {
                return into;
            }
            return work;
        } finally {
            source.merging = false;
        }
    }

    /** A score times a colocation's strength, rounded; small factors do not erase small nonzero scores. */
    static int scaled(int score, double factor) {
        double w = factor * score;
        int weight = (int) (w < 0 ? w - 0.5 : w + 0.5);
        if (weight == 0 && score != 0 && factor != 0) {
            weight = factor > 0 ? 1 : -1;
        }
        return weight;
    }

    private static void addScaled(WorkingSet ws, NodeScores work, NodeScores other, double factor, String reason) {
        for (int n = 0; n < work.score.length; n++) {
            int score = ws.canRun[n] ? other.score[n] : Score.MINUS_INFINITY;
            if (factor < 0 && score < 0) {
                continue; // a dislike of a disliked node must not become a liking
            }
            int weight = scaled(score, factor);
            if (weight != 0) {
                work.add(n, weight, reason);
            }
        }
    }
}
