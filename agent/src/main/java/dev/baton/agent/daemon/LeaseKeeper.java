package dev.baton.agent.daemon;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's coordination.k8s.io/v1 Lease, named after the node. What counts for safety is when the
 * last successful renewal was *sent* (monotonic clock): the API server saw it no earlier than that.
 * <p>
 * Each renewal carries a {@link LeaseTiming} (HACluster spec.lease) as leaseDurationSeconds; the
 * operator judges the node by the longer of that and the HACluster's. A renewal whose answer is lost
 * may still have reached the API server, so until one carrying a new timing is confirmed, isolation is
 * judged by the earlier deadline of the old and the new.
 */
final class LeaseKeeper {
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    private final KubernetesClient baseClient;
    private final String namespace;
    private final String node;
    private volatile long lastRenewalSent = System.nanoTime();
    private volatile LeaseTiming confirmed;
    private volatile long isolationAfterMs;
    private KubernetesClient client;
    private long clientTimeoutMs;
    private Lease current;

    LeaseKeeper(KubernetesClient client, String namespace, String node, LeaseTiming initial) {
        this.baseClient = client;
        this.namespace = namespace;
        this.node = node;
        this.confirmed = initial;
        this.isolationAfterMs = initial.isolationAfterMs();
    }

    long millisSinceRenewal() {
        return (System.nanoTime() - lastRenewalSent) / 1_000_000;
    }

    /** The timing the last successful renewal carried: it sets the renew cadence and the failsafe's window. */
    LeaseTiming timing() {
        return confirmed;
    }

    /** True once no renewal has got through for the isolation time of the timing in force. */
    boolean overdue() {
        // deadline first: a renewal publishes its send time before relaxing the deadline
        long after = isolationAfterMs;
        return millisSinceRenewal() >= after;
    }

    /** One renewal attempt carrying timing (create on first use); true if the API server accepted it. */
    synchronized boolean renew(LeaseTiming timing) {
        isolationAfterMs = Math.min(isolationAfterMs, timing.isolationAfterMs());
        long sent = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        var leases = client(Math.min(confirmed.renewIntervalMs(), timing.renewIntervalMs())).leases().inNamespace(namespace);
        int seconds = (int) timing.seconds();
        try {
            if (current == null) {
                current = leases.withName(node).get();
            }
            if (current == null) {
                Lease l = new Lease();
                l.setMetadata(new ObjectMetaBuilder().withName(node).withNamespace(namespace)
                        .addToLabels("baton.dev/node", node).build());
                LeaseSpec spec = new LeaseSpec();
                spec.setAcquireTime(now);
                spec.setHolderIdentity(node);
                spec.setLeaseDurationSeconds(seconds);
                spec.setLeaseTransitions(0);
                spec.setRenewTime(now);
                l.setSpec(spec);
                current = leases.resource(l).create();
            } else {
                current.getSpec().setHolderIdentity(node);
                current.getSpec().setLeaseDurationSeconds(seconds);
                current.getSpec().setRenewTime(now);
                current = leases.resource(current).update();
            }
            lastRenewalSent = sent;
            if (!timing.equals(confirmed)) {
                LOG.info(() -> "lease timing now " + timing);
            }
            confirmed = timing;
            isolationAfterMs = timing.isolationAfterMs();
            return true;
        } catch (KubernetesClientException e) {
            // a conflict means our copy is stale: fetch afresh next time
            current = null;
            LOG.log(Level.FINE, "lease renewal failed", e);
            return false;
        }
    }

    /**
     * Requests time out after one renew interval, so renewals stay one interval apart: the failsafe's
     * arithmetic (see Failsafe) counts on a node's successful renewals being at most that far apart.
     */
    private KubernetesClient client(long timeoutMs) {
        if (client == null || clientTimeoutMs != timeoutMs) {
            int t = (int) Math.max(200, timeoutMs);
            client = baseClient.newClient(new RequestConfigBuilder(baseClient.getConfiguration().getRequestConfig())
                    .withRequestTimeout(t).withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
            clientTimeoutMs = timeoutMs;
        }
        return client;
    }
}
