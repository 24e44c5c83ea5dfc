package dev.baton.scheduler;

import java.util.List;

/** A resource's final score on one node and every contribution to it ("location vip-pref-1 +200"). */
public record ScoreExplanation(int total, List<String> contributions) {
    public ScoreExplanation {
        contributions = List.copyOf(contributions);
    }
}
