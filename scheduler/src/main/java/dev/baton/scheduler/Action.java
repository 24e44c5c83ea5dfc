package dev.baton.scheduler;

/**
 * One line of the transition summary, in the shape of the conformance corpus' expected.json: {@code action}
 * is start, stop, move, recover, restart, promote or demote; {@code node} for in-place actions,
 * {@code from}/{@code to} for moves; {@code role}/{@code nextRole} for role changes; {@code blocked} when it
 * cannot run. A node action (fencing) is {@code action} "node" with its {@code task} ("Fence (reboot)"), the
 * {@code node} and the {@code reason}, and no resource.
 */
public record Action(String action, String resource, String primitive, String node, String from, String to,
                     String role, String nextRole, boolean blocked, String reason, String task) {
    /** A resource action. */
    public Action(String action, String resource, String primitive, String node, String from, String to,
                  String role, String nextRole, boolean blocked, String reason) {
        this(action, resource, primitive, node, from, to, role, nextRole, blocked, reason, null);
    }

    /** Fencing {@code node}: {@code kind} is the fence action (reboot, off, on). */
    static Action fence(String node, String kind, String reason) {
        return new Action("node", null, null, node, null, null, null, null, false, reason, "Fence (" + kind + ")");
    }
}
