package dev.baton.scheduler;

import java.util.List;

/** Readable views of a {@link Decision} for assertions. */
final class Decisions {
    private Decisions() {
    }

    static List<String> where(Decision d, String primitive) {
        return d.placement().roles().get(primitive);
    }

    /** "start vip compute-1", "move www n1->n2", "promote db:0 n1", "Fence (reboot) n1". */
    static List<String> summary(Decision d) {
        return d.graph().summary().stream().map(a -> a.task() != null ? a.task() + " " + a.node()
                : a.action() + " " + a.resource() + " " + (a.node() != null ? a.node() : a.from() + "->" + a.to())
                + (a.blocked() ? " blocked" : "")).toList();
    }

    static ScoreExplanation score(Decision d, String rsc, String node) {
        return d.placement().scores().get(rsc).get(node);
    }
}
