package dev.baton.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Where each primitive runs after the transition: primitive id → sorted "Role@node" (clone instances merged
 * under the primitive's id, [] = stopped), and each resource's score on each node with its explanation.
 */
public record Placement(Map<String, List<String>> roles, Map<String, Map<String, ScoreExplanation>> scores) {
    public Placement {
        // keep configuration order for output; scores may be a lazily built read-only view
        roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
        scores = java.util.Collections.unmodifiableMap(scores);
    }
}
