package dev.baton.scheduler.model;

/**
 * A ticket's state (multi-site clusters, Pacemaker Explained): granted to this site or not, and in standby (granted,
 * but its resources are to leave). A ticket no one has granted is not granted.
 */
public record Ticket(String id, boolean granted, boolean standby) {
}
