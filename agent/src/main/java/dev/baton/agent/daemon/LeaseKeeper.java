package dev.baton.agent.daemon;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's coordination.k8s.io/v1 Lease, named after the node. What counts for safety is when the
 * last successful renewal was *sent* (monotonic clock): the API server saw it no earlier than that.
 */
final class LeaseKeeper {
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final String node;
    private final int durationSeconds;
    private volatile long lastRenewalSent = System.nanoTime();
    private Lease current;

    LeaseKeeper(KubernetesClient client, String namespace, String node, long durationMs) {
        this.client = client;
        this.namespace = namespace;
        this.node = node;
        this.durationSeconds = (int) Math.max(1, (durationMs + 999) / 1000);
    }

    long millisSinceRenewal() {
        return (System.nanoTime() - lastRenewalSent) / 1_000_000;
    }

    /** One renewal attempt (create on first use); true if the API server accepted it. */
    synchronized boolean renew() {
        long sent = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        var leases = client.leases().inNamespace(namespace);
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
                spec.setLeaseDurationSeconds(durationSeconds);
                spec.setLeaseTransitions(0);
                spec.setRenewTime(now);
                l.setSpec(spec);
                current = leases.resource(l).create();
            } else {
                current.getSpec().setHolderIdentity(node);
                current.getSpec().setLeaseDurationSeconds(durationSeconds);
                current.getSpec().setRenewTime(now);
                current = leases.resource(current).update();
            }
            lastRenewalSent = sent;
            return true;
        } catch (KubernetesClientException e) {
            // a conflict means our copy is stale: fetch afresh next time
            current = null;
            LOG.log(Level.FINE, "lease renewal failed", e);
            return false;
        }
    }
}
