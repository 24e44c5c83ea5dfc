package dev.baton.scheduler.model;

/**
 * What the operation history says about one primitive (or unique clone instance "rsc:N") on one node:
 * its current role, whether its last operation failed (and which), the fail-count and last failure time
 * (epoch seconds, 0 if none). {@code pending} marks an operation still in flight. {@code hardError} is set
 * when the agent said it can never run here (NODE: not installed, invalid parameter, insufficient
 * privileges) or anywhere (CLUSTER: not configured). {@code agent} ("ocf:heartbeat:IPaddr2", null if unknown) is
 * the agent the history was recorded with: history of another agent than the configured one does not count.
 */
public record ResourceHistory(String resource, String node, Role role, boolean failed, String failedOperation,
                              int failCount, long lastFailure, boolean pending, HardError hardError,
                              String agent) {
    public enum HardError { NONE, NODE, CLUSTER }
}
