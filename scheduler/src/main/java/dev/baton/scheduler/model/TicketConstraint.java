package dev.baton.scheduler.model;

/**
 * rsc_ticket: {@code resource} (in {@code role}; null = any role) depends on {@code ticket}. {@code lossPolicy}
 * says what happens to it when the ticket is revoked; null is Pacemaker's default (demote for role Promoted, else
 * stop).
 */
public record TicketConstraint(String id, String resource, String ticket, Role role, LossPolicy lossPolicy) {
    public enum LossPolicy { STOP, DEMOTE, FENCE, FREEZE }
}
