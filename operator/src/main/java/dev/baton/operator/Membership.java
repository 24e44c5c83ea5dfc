package dev.baton.operator;

import dev.baton.cib.NodeState;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Node membership from the agents' Leases, judged by the operator's own monotonic clock: a lease
 * counts from when the operator saw it change, never from the agent's timestamps (clocks differ).
 * A node whose lease stopped changing is first {@code UNCLEAN} (its agent may still be stopping its
 * resources, and the kernel may still hold its VIP until the address lifetime runs out), and only
 * {@code LOST} once lease duration + stop grace have passed: then its resources may start elsewhere.
 * The lease duration is the longer of the HACluster's and the one the agent last announced in its
 * Lease (leaseDurationSeconds): an agent follows a new HACluster value only at its next renewal, and
 * its VIPs keep the lifetime it announced until then.
 *
 * <p>The operator's own blindness does not count: when no lease of a namespace changed for longer than a
 * lease duration (the API server or etcd down, the operator cut off: live agents renew every renew interval)
 * and then one does, every lease of the namespace counts from that moment. Otherwise the first agent to
 * renew after an outage would find its peers long LOST while they, frozen by the outage, still hold their VIPs
 * and are renewing a moment later (seen in the chaos matrix's etcd-restart: 1.1 s with two VIP holders).
 */
@ApplicationScoped
public class Membership {
  private record Seen(String version, long atNanos, long announcedMs) {
  }

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  /** Per namespace: when a lease last changed, and when the operator saw leases change again after a gap. */
  private final Map<String, Long> lastChange = new ConcurrentHashMap<>();
  private final Map<String, Long> resumed = new ConcurrentHashMap<>();
  private final Map<String, Integer> resumptions = new ConcurrentHashMap<>();
  /** Fenced nodes, with when the operator saw the fence confirmed. */
  private final Map<String, Long> fenced = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  public Membership() {
    this(System::nanoTime);
  }

  Membership(LongSupplier clock) {
    this.clock = clock;
  }

  /** Records a lease as seen now if it changed since the last look (or was never seen). */
  public void observe(String namespace, Lease lease) {
    String renewed = lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? ""
        : lease.getSpec().getRenewTime().toString();
    String version = lease.getMetadata().getResourceVersion() + "/" + renewed;
    Integer seconds = lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
    long announcedMs = seconds == null ? 0 : seconds * 1000L;
    long now = clock.getAsLong();
    Seen before = seen.get(namespace + "/" + lease.getMetadata().getName());
    if (before != null && before.version.equals(version)) {
      return;
    }
    String key = namespace + "/" + lease.getMetadata().getName();
    seen.put(key, new Seen(version, now, announcedMs));
    // a fenced node is back once it renews again: not a renewal from before the fence still on its way (the
    // lease and the fence's result reach the operator on different watches), but one a lease duration later
    Long fencedAt = fenced.get(key);
    if (fencedAt != null && (now - fencedAt) / 1_000_000 > Math.max(ClusterController.DEFAULT_LEASE_MS, announcedMs)) {
      fenced.remove(key);
    }
    Long last = lastChange.put(namespace, now);
    // a lease without a duration: the default one (a gap shorter than a renewal must never count as blindness)
    long gapMs = Math.max(ClusterController.DEFAULT_LEASE_MS, Math.max(announcedMs, before == null ? 0 : before.announcedMs));
    if (last != null && (now - last) / 1_000_000 > gapMs) {
      resumed.put(namespace, now);
      resumptions.merge(namespace, 1, Integer::sum);
    }
  }

  /** How often leases of the namespace changed again after the operator saw none change for a lease duration. */
  public int resumptions(String namespace) {
    return resumptions.getOrDefault(namespace, 0);
  }

  /**
   * A fence of the node was confirmed: it runs nothing now, so it is FENCED at once (down and clean: its resources
   * may start elsewhere), whatever its lease said, until it renews its lease again (it was rebooted). This is what
   * tells a fenced node from one whose lease merely ran out (LOST), which fencing has still to fence.
   */
  public void fenced(String namespace, String node) {
    fenced.put(namespace + "/" + node, clock.getAsLong());
  }

  /** A node without any lease seen is LOST: it never joined, nothing of it can be running. */
  public NodeState state(String namespace, String node, long durationMs, long graceMs) {
    if (fenced.containsKey(namespace + "/" + node)) {
      return NodeState.FENCED;
    }
    Long expired = sinceExpiry(namespace, node, durationMs);
    return expired == null ? NodeState.LOST : expired < 0 ? NodeState.ONLINE
        : expired < graceMs ? NodeState.UNCLEAN : NodeState.LOST;
  }

  /** Milliseconds until this node's state next changes if its lease is not renewed, or -1 if never. */
  public long nextChangeMs(String namespace, String node, long durationMs, long graceMs) {
    if (fenced.containsKey(namespace + "/" + node)) {
      return -1;
    }
    Long expired = sinceExpiry(namespace, node, durationMs);
    return expired == null ? -1 : expired < 0 ? -expired : expired < graceMs ? graceMs - expired : -1;
  }

  /** Milliseconds since the node's lease ran out (negative while it lasts), or null if never seen. */
  private Long sinceExpiry(String namespace, String node, long durationMs) {
    Seen s = seen.get(namespace + "/" + node);
    if (s == null) {
      return null;
    }
    long from = Math.max(s.atNanos, resumed.getOrDefault(namespace, s.atNanos));
    return (clock.getAsLong() - from) / 1_000_000 - Math.max(durationMs, s.announcedMs);
  }
}
