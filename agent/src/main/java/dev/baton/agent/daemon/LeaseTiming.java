package dev.baton.agent.daemon;

import dev.baton.agent.exec.Durations;
import dev.baton.api.v1alpha1.HAClusterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A node's lease duration and renew interval: HACluster spec.lease (DESIGN section 6), or the agent
 * config until the HACluster has been read.
 */
record LeaseTiming(long durationMs, long renewIntervalMs) {
    /** What the operator assumes when the HACluster sets no spec.lease (HAClusterSpec.LeaseSettings). */
    static final LeaseTiming DEFAULT = new LeaseTiming(2000, 500);

    LeaseTiming {
        if (renewIntervalMs <= 0) {
            throw new IllegalArgumentException("renew interval must be positive, got " + renewIntervalMs + " ms");
        }
        if (renewIntervalMs * 2 > durationMs) {
            throw new IllegalArgumentException("renew interval (" + renewIntervalMs + " ms) must be at most half of the lease duration ("
                    + durationMs + " ms)");
        }
    }

    /** Whole seconds, rounded up: the Lease's leaseDurationSeconds and the VIPs' kernel lifetime. */
    long seconds() {
        return (durationMs + 999) / 1000;
    }

    /**
     * Isolated once the last renewal that got through was sent this long ago (duration minus one renew
     * interval): the policy then still completes (VIPs in milliseconds) before the lease itself runs out.
     */
    long isolationAfterMs() {
        return durationMs - renewIntervalMs;
    }

    /** HACluster spec.lease; what it leaves out has the defaults the operator assumes too. */
    static LeaseTiming of(HAClusterSpec.LeaseSettings lease) {
        if (lease == null) {
            return DEFAULT;
        }
        return new LeaseTiming(millis(lease.duration, DEFAULT.durationMs), millis(lease.renewInterval, DEFAULT.renewIntervalMs));
    }

    private static long millis(IntOrString v, long fallback) {
        if (v == null) {
            return fallback;
        }
        return v.getIntVal() != null ? v.getIntVal() * 1000L : Durations.toMillis(v.getStrVal());
    }

    @Override
    public String toString() {
        return "duration " + durationMs + " ms, renew every " + renewIntervalMs + " ms";
    }
}
