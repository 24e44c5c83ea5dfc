package dev.baton.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One resource's score on every node (indexed like the cluster's node list), with the contributions that
 * made each score, so the scheduler can explain itself ("location vip-pref-1 +200").
 */
final class NodeScores {
    final int[] score;
    /** Nodes named by some constraint: in an asymmetric cluster only those may run the resource. */
    private final boolean[] listed;
    private final List<List<String>> why;

    NodeScores(int nodes, int initial) {
        score = new int[nodes];
        listed = new boolean[nodes];
        Arrays.fill(score, initial);
        why = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            why.add(new ArrayList<>(2));
        }
    }

    NodeScores copy() {
        NodeScores c = new NodeScores(score.length, 0);
        System.arraycopy(score, 0, c.score, 0, score.length);
        System.arraycopy(listed, 0, c.listed, 0, score.length);
        for (int i = 0; i < score.length; i++) {
            c.why.get(i).addAll(why.get(i));
        }
        return c;
    }

    void add(int node, int delta, String reason) {
        score[node] = Score.add(score[node], delta);
        why.get(node).add(reason + " " + Score.signed(delta));
    }

    void set(int node, int value, String reason) {
        score[node] = value;
        why.get(node).add(reason + " =" + Score.format(value));
    }

    void replaceWith(NodeScores other) {
        System.arraycopy(other.score, 0, score, 0, score.length);
        for (int i = 0; i < score.length; i++) {
            why.set(i, new ArrayList<>(other.why.get(i)));
        }
    }

    boolean listed(int node) {
        return listed[node];
    }

    void list(int node) {
        listed[node] = true;
    }

    List<String> reasons(int node) {
        return List.copyOf(why.get(node));
    }
}
