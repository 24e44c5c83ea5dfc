package dev.baton.scheduler.model;

/**
 * What the operation history says about one primitive (or unique clone instance "rsc:N") on one node:
 * its current role, whether it is failed there (and which operation failed last), the fail-count and last failure
 * time (epoch seconds, 0 if none). {@code pending} marks an operation still in flight. {@code hardError} bans the
 * resource from this node (INSTANCE: a failed stop, which bans only the clone instance that failed to stop, not
 * its anonymous clone [__stop_fail__ is placed on the instance]; NODE: not installed, invalid parameter,
 * insufficient privileges, which ban an anonymous clone as a whole [hard-error on the parent]) or from every node
 * (CLUSTER: not configured). {@code agent} ("ocf:heartbeat:IPaddr2", null if unknown) is the agent the
 * history was recorded with: history of another agent than the configured one does not count. {@code onFail} is
 * the response to the failures that still count (null when none do); {@code failureIgnored} says a failure was
 * ignored by on-fail=ignore, which also exempts the resource from migration-threshold. {@code shutdownLock} is
 * when the resource was locked to this node as it shut down (the lrm_resource's shutdown-lock, epoch seconds; 0:
 * not locked). {@code migrationSource} names the node a partial live migration to this node comes from (its
 * migrate_to succeeded, no migrate_from has finished here yet; null: none). {@code failCountOnly}: the node has a
 * fail-count for the resource but no operation history: the count counts, but says nothing of its state there
 * (Pacemaker does not know it there: it is probed, and its promotion score does not apply there).
 */
public record ResourceHistory(String resource, String node, Role role, boolean failed, String failedOperation,
                              int failCount, long lastFailure, boolean pending, HardError hardError,
                              String agent, OnFail onFail, boolean failureIgnored, long shutdownLock,
                              String migrationSource, boolean failCountOnly) {
    public enum HardError { NONE, INSTANCE, NODE, CLUSTER }

    /** History without a shutdown lock. */
    public ResourceHistory(String resource, String node, Role role, boolean failed, String failedOperation,
                           int failCount, long lastFailure, boolean pending, HardError hardError,
                           String agent, OnFail onFail, boolean failureIgnored) {
        this(resource, node, role, failed, failedOperation, failCount, lastFailure, pending, hardError, agent,
                onFail, failureIgnored, 0, null, false);
    }

    /** A fail-count on a node where the resource has no operation history. */
    public static ResourceHistory failCountOnly(String resource, String node, int failCount, long lastFailure) {
        return new ResourceHistory(resource, node, Role.STOPPED, false, null, failCount, lastFailure, false,
                HardError.NONE, null, null, false, 0, null, true);
    }

    public ResourceHistory withOnFail(OnFail response) {
        return new ResourceHistory(resource, node, role, failed, failedOperation, failCount, lastFailure, pending,
                hardError, agent, response, failureIgnored, shutdownLock, migrationSource, failCountOnly);
    }

    public ResourceHistory withShutdownLock(long lockedAt) {
        return new ResourceHistory(resource, node, role, failed, failedOperation, failCount, lastFailure, pending,
                hardError, agent, onFail, failureIgnored, lockedAt, migrationSource, failCountOnly);
    }

    public ResourceHistory withMigrationSource(String source) {
        return new ResourceHistory(resource, node, role, failed, failedOperation, failCount, lastFailure, pending,
                hardError, agent, onFail, failureIgnored, shutdownLock, source, failCountOnly);
    }

    /** History without on-fail policies: a failure is restarted, a failed stop blocks. */
    public ResourceHistory(String resource, String node, Role role, boolean failed, String failedOperation,
                           int failCount, long lastFailure, boolean pending, HardError hardError, String agent) {
        this(resource, node, role, failed, failedOperation, failCount, lastFailure, pending, hardError, agent,
                !failed ? null : "stop".equals(failedOperation) ? OnFail.BLOCK : OnFail.RESTART, false);
    }
}
