package dev.baton.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One resource's score on every node (indexed like the cluster's node list), with the contributions that
 * made each score, so the scheduler can explain itself ("location vip-pref-1 +200"). Contribution lists are
 * immutable and shared between copies: copying is cheap, and scores are copied far more often than changed.
 */
final class NodeScores {
    final int[] score;
    /** Nodes named by some constraint: in an asymmetric cluster only those may run the resource. */
    private final boolean[] listed;
    private final List<String>[] why;

    @SuppressWarnings({"unchecked", "rawtypes"})
    NodeScores(int nodes, int initial) {
        score = new int[nodes];
        Arrays.fill(score, initial);
        listed = new boolean[nodes];
        why = new List[nodes];
        Arrays.fill(why, List.of());
    }

    NodeScores copy() {
        NodeScores c = new NodeScores(score.length, 0);
        c.replaceWith(this);
        return c;
    }

    void add(int node, int delta, String reason) {
        score[node] = Score.add(score[node], delta);
        explain(node, reason + " " + Score.signed(delta));
    }

    void set(int node, int value, String reason) {
        score[node] = value;
        explain(node, reason + " =" + Score.format(value));
    }

    private void explain(int node, String line) {
        List<String> next = new ArrayList<>(why[node].size() + 1);
        next.addAll(why[node]);
        next.add(line);
        why[node] = List.copyOf(next);
    }

    void replaceWith(NodeScores other) {
        System.arraycopy(other.score, 0, score, 0, score.length);
        System.arraycopy(other.listed, 0, listed, 0, score.length);
        System.arraycopy(other.why, 0, why, 0, score.length);
    }

    boolean listed(int node) {
        return listed[node];
    }

    void list(int node) {
        listed[node] = true;
    }

    List<String> reasons(int node) {
        return why[node];
    }
}
