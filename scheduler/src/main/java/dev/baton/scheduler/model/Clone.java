package dev.baton.scheduler.model;

import java.util.Map;

/**
 * A clone of a primitive or group. Options (clone-max, clone-node-max, promoted-max, interleave, ordered,
 * globally-unique) live in {@code meta} under Pacemaker's names.
 */
public record Clone(String id, Resource child, boolean promotable, Map<String, String> meta) implements Resource {
    public Clone {
        if (child instanceof Clone) {
            throw new IllegalArgumentException("a clone cannot contain a clone: " + id);
        }
        meta = Map.copyOf(meta);
    }
}
