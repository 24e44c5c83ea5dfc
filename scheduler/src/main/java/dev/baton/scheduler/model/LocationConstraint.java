package dev.baton.scheduler.model;

/** rsc_location without rules: {@code score} for {@code resource} on {@code node}; role restricts it (may be null). */
public record LocationConstraint(String id, String resource, String node, int score, Role role) {
}
