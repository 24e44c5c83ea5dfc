package dev.baton.operator;

import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Snapshot;
import dev.baton.cib.WatchdogFencing;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Fencing by watchdog (stonith-watchdog-timeout, {@link WatchdogFencing}), for a node no device can fence: the fence
 * is a ResourceAction addressed to the target itself (device {@value WatchdogFencing#DEVICE}), so that its agent,
 * if it still hears the API, stops feeding its watchdog at once (self-fencing); whether it hears or not, the
 * operator takes the fence as done once stonith-watchdog-timeout has passed since it asked (by its own monotonic
 * clock; a fence asked by an earlier operator counts from when this one first saw it, never earlier), and writes
 * the action's status itself: Succeeded, then confirmed as any fence ({@link Fencer#confirm}). An agent that
 * answers it cannot (it feeds no watchdog) fails the fence, which is then tried as any failed fence.
 */
final class WatchdogFencer {
  private static final Logger LOG = Logger.getLogger(WatchdogFencer.class);

  private final KubernetesClient client;
  private final LongSupplier clock;
  /** Watchdog fences by uid, with when this operator asked for them or first saw them. */
  private final Map<String, Long> since = new ConcurrentHashMap<>();

  WatchdogFencer(KubernetesClient client, LongSupplier clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Asks for the watchdog fence of {@code target} if it can be fenced so (its agent feeds a watchdog shorter than
   * stonith-watchdog-timeout): true when asked (or already asked).
   */
  boolean request(Snapshot s, Transition t, String target, String kind, HAClusterSpec cs, Instant now) {
    Optional<HANode> node = s.nodes().stream().filter(n -> target.equals(n.getMetadata().getName())).findFirst();
    if (node.isEmpty() || !WatchdogFencing.mayFence(cs, node.get())) {
      return false;
    }
    long timeoutMs = WatchdogFencing.timeoutMs(cs);
    ResourceAction a = action(t, ("fence-" + target + "-" + now.toEpochMilli()).toLowerCase(Locale.ROOT), target, kind,
        timeoutMs);
    try {
      ResourceAction created = client.resource(a).create();
      since.put(created.getMetadata().getUid(), clock.getAsLong());
      LOG.infof("%s: %s of %s by its watchdog: asked it to self-fence, taken as done in %d ms"
          + " (stonith-watchdog-timeout) (%s)", s.namespace(), kind, target, timeoutMs, a.getMetadata().getName());
      EventRecorder.record(client, s.namespace(), "HANode", target, "Warning", "WatchdogFencing",
          kind + " of " + target + " by its watchdog: taken as done " + timeoutMs + " ms from now");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    return true;
  }

  /** The watchdog fence action: on the target node, device watchdog, stonith-watchdog-timeout as its timeout. */
  static ResourceAction action(Transition t, String name, String target, String kind, long timeoutMs) {
    ResourceAction a = new ResourceAction();
    a.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(t.getMetadata().getNamespace())
        .addToLabels(ActionFactory.NODE_LABEL, target)
        .addToLabels(ActionFactory.RESOURCE_LABEL, WatchdogFencing.DEVICE)
        .addToLabels(ActionFactory.TRANSITION_LABEL, t.getMetadata().getName())
        .addToLabels(ActionFactory.FENCE_TARGET_LABEL, target)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Baton.API_VERSION).withKind("Transition")
            .withName(t.getMetadata().getName()).withUid(t.getMetadata().getUid()).withController(true).build())
        .build());
    ResourceActionSpec spec = new ResourceActionSpec();
    spec.node = target;
    spec.resource = WatchdogFencing.DEVICE;
    spec.action = ResourceActionSpec.Action.fence;
    // no fence agent runs: the target's agent stops feeding its watchdog (the class and type say what fences)
    spec.resourceClass = dev.baton.api.v1alpha1.PrimitiveSpec.ResourceClass.stonith;
    spec.type = WatchdogFencing.DEVICE;
    spec.transition = t.getMetadata().getName();
    spec.timeout = timeoutMs + "ms";
    spec.interval = "0ms";
    spec.params = Map.of();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("timeout", Long.toString(timeoutMs));
    meta.put(ActionFactory.FENCE_TARGET, target);
    meta.put(ActionFactory.FENCE_ACTION, kind);
    spec.meta = meta;
    a.setSpec(spec);
    return a;
  }

  /**
   * Completes each watchdog fence still running whose stonith-watchdog-timeout has passed: its status Succeeded,
   * written by the operator (the target, reset by its watchdog, cannot). Returns the milliseconds until the next
   * one is due, or -1.
   */
  long complete(Snapshot s, HAClusterSpec cs, Instant now) {
    long timeoutMs = WatchdogFencing.timeoutMs(cs);
    long next = -1;
    for (ResourceAction a : s.actions()) {
      if (!WatchdogFencing.isWatchdogFence(a)) {
        continue;
      }
      String uid = a.getMetadata().getUid();
      if (!Snapshot.running(a)) {
        since.remove(uid);
        continue;
      }
      long waitedMs = (clock.getAsLong() - since.computeIfAbsent(uid, k -> clock.getAsLong())) / 1_000_000;
      // the timeout of the fence as asked (the cluster's may have changed since), never shorter than the cluster's
      long dueMs = Math.max(timeoutMs, Long.parseLong(a.getSpec().meta.getOrDefault("timeout", "0")));
      if (waitedMs < dueMs) {
        next = next < 0 ? dueMs - waitedMs : Math.min(next, dueMs - waitedMs);
        continue;
      }
      ResourceActionStatus st = new ResourceActionStatus();
      st.observedGeneration = a.getMetadata().getGeneration();
      st.phase = "Succeeded";
      st.rc = 0;
      st.rcText = "ok";
      st.startTime = a.getStatus() != null && a.getStatus().startTime != null ? a.getStatus().startTime
          : a.getMetadata().getCreationTimestamp();
      st.completionTime = now.truncatedTo(ChronoUnit.MILLIS).toString();
      st.durationMs = waitedMs;
      st.exitReason = "stonith-watchdog-timeout (" + dueMs + " ms) passed: reset by its watchdog";
      st.setCondition(new Condition(Condition.READY, Condition.TRUE, "Succeeded", "fence " + WatchdogFencing.DEVICE
          + ": " + st.exitReason, st.observedGeneration, st.completionTime));
      ResourceAction copy = client.getKubernetesSerialization().clone(a);
      copy.setStatus(st);
      copy.getMetadata().setResourceVersion(null);
      try {
        client.resource(copy).updateStatus();
        LOG.infof("%s: %s of %s by its watchdog: %d ms passed, taken as done", s.namespace(),
            a.getSpec().meta.get(ActionFactory.FENCE_ACTION), Fencer.target(a), waitedMs);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 409) {
          throw e;
        }
      }
    }
    return next;
  }
}
