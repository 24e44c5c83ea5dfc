package dev.baton.scheduler;

/**
 * One line of the transition summary, in the shape of the conformance corpus' expected.json: {@code action}
 * is start, stop, move, recover, restart, promote or demote; {@code node} for in-place actions,
 * {@code from}/{@code to} for moves; {@code role}/{@code nextRole} for role changes; {@code blocked} when it
 * cannot run.
 */
public record Action(String action, String resource, String primitive, String node, String from, String to,
                     String role, String nextRole, boolean blocked, String reason) {
}
