package dev.baton.scheduler.model;

import java.util.Locale;

/**
 * What the cluster does about a failed operation (an op's {@code on-fail}), in Pacemaker's order of severity:
 * when a resource failed several times on a node the most severe response counts.
 */
public enum OnFail {
    /** Pretend it succeeded. */
    IGNORE,
    /** Demote the promoted instance, keep it running unpromoted. */
    DEMOTE,
    /** Stop and start it again (where it may be placed now): the default. */
    RESTART,
    /** Move it away from the node. */
    MIGRATE,
    /** Leave it alone, unmanaged: no further action. */
    BLOCK,
    /** Stop it and do not start it again anywhere. */
    STOP,
    /** Put the node in standby: everything moves away. */
    STANDBY,
    /** Fence the node. */
    FENCE,
    /** Restart the resource's container (meta attribute container) and the resource: the default inside one. */
    RESTART_CONTAINER;

    /** Pacemaker's on-fail values; null for unset or unknown (the default applies). */
    public static OnFail parse(String v) {
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "ignore", "nothing" -> IGNORE;
            case "demote" -> DEMOTE;
            case "restart" -> RESTART;
            case "migrate" -> MIGRATE;
            case "block" -> BLOCK;
            case "stop" -> STOP;
            case "standby" -> STANDBY;
            case "fence" -> FENCE;
            case "restart-container" -> RESTART_CONTAINER;
            default -> null;
        };
    }

    /** Whether a later success (start, stop, promote, or the same monitor passing) clears this response. */
    public boolean clearedBySuccess() {
        return this == IGNORE || this == DEMOTE || this == RESTART || this == BLOCK || this == RESTART_CONTAINER;
    }
}
