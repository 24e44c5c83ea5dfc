package dev.baton.scheduler.model;

/**
 * What the operation history says about one primitive (or unique clone instance "rsc:N") on one node:
 * its current role, whether its last operation failed (and which), the fail-count and last failure time
 * (epoch seconds, 0 if none). {@code pending} marks an operation still in flight. {@code hardError} is set
 * when the agent said it can never run here (NODE: not installed, invalid parameter, insufficient
 * privileges) or anywhere (CLUSTER: not configured).
 */
public record ResourceHistory(String resource, String node, Role role, boolean failed, String failedOperation,
                              int failCount, long lastFailure, boolean pending, HardError hardError) {
    public enum HardError { NONE, NODE, CLUSTER }
}
