package dev.baton.agent.exec;

import java.time.Instant;

/**
 * What an action did. {@code rc} is the OCF-normalised code (LSB and systemd answers mapped by their
 * standards); {@code rawExit} is what the process itself returned (-1 if nothing ran or it was killed).
 */
public record ActionResult(Status status, int rc, int rawExit, String exitReason, String stdout, String outputTail,
                           Instant startTime, long durationMs) {

    public enum Status {
        /** The agent ran and exited; rc is its answer. */
        DONE,
        /** Killed at its timeout, with its whole process tree. */
        TIMED_OUT,
        /** Refused before anything ran. */
        REJECTED,
        /** Could not be started (exec failed). */
        EXEC_ERROR
    }

    public String rcText() {
        return status == Status.TIMED_OUT ? "timed out" : Ocf.text(rc);
    }

    /** Whether the action did what was asked; for monitor/probe any definite answer counts. */
    public boolean succeeded(Action action) {
        if (status != Status.DONE) {
            return false;
        }
        if (action.isQuery()) {
            return rc == Ocf.SUCCESS || rc == Ocf.NOT_RUNNING || rc == Ocf.RUNNING_PROMOTED
                    || rc == Ocf.DEGRADED || rc == Ocf.DEGRADED_PROMOTED;
        }
        return rc == Ocf.SUCCESS;
    }

    static ActionResult rejected(AgentRejected e, Instant start) {
        return new ActionResult(Status.REJECTED, e.rc(), -1, e.getMessage(), "", "", start, 0);
    }
}
