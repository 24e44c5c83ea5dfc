package dev.baton.scheduler;

import java.util.List;

/**
 * The plan: the transition summary ({@link Action}s, as crm_simulate prints them) and the executable graph —
 * operations ("start vip@node1", "monitor/3000 vip@node1", probes "monitor vip@node2") with happens-before edges.
 */
public record TransitionGraph(List<Action> summary, List<String> operations, List<Edge> edges) {
    public TransitionGraph {
        summary = List.copyOf(summary);
        operations = List.copyOf(operations);
        edges = List.copyOf(edges);
    }

    /** {@code before} must complete before {@code after} starts. */
    public record Edge(String before, String after) {
    }
}
