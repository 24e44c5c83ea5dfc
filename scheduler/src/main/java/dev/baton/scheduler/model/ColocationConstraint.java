package dev.baton.scheduler.model;

/**
 * rsc_colocation: place {@code resource} (the dependent) relative to {@code withResource} (the primary).
 * Roles may be null (any role).
 */
public record ColocationConstraint(String id, String resource, String withResource, int score, Role role,
                                   Role withRole) {
}
