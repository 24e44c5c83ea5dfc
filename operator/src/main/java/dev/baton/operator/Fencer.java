package dev.baton.operator;

import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Durations;
import dev.baton.cib.FenceDevices;
import dev.baton.cib.FencingTopology;
import dev.baton.cib.LiveState;
import dev.baton.cib.Snapshot;
import dev.baton.scheduler.model.ClusterModel;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs the scheduler's fencing, as Pacemaker's fencer does: a fence of node N is asked of the agent of another
 * online node that runs a fencing device (a stonith primitive) able to fence N by its pcmk_host_list/map/check, as
 * a ResourceAction of action fence (off or reboot per stonith-action, within stonith-timeout). Only once that
 * action reports success is N down for the scheduler ({@link Membership#fenced}): what ran there counts as
 * stopped and may start elsewhere — the scheduler orders those starts after the fence, and the plan keeps them
 * waiting until it is confirmed. A failed fence is tried again, stonith-max-attempts (10) times per transition.
 */
final class Fencer {
  private static final Logger LOG = Logger.getLogger(Fencer.class);
  static final long DEFAULT_TIMEOUT_MS = 60_000;
  static final int MAX_ATTEMPTS = 10;

  private final KubernetesClient client;
  private final Membership membership;
  private final Instant started;
  private final WatchdogFencer watchdog;
  private final Set<String> confirmed = new HashSet<>();
  private final Set<String> undeliverable = new HashSet<>();
  /** The namespaces whose fencing history this operator has read (once, at its first look). */
  private final Set<String> recalled = new HashSet<>();
  /** namespace/transition/target → when this operator first found the fence wanted (its delay counts from then). */
  private final java.util.Map<String, Instant> wanted = new java.util.HashMap<>();

  Fencer(KubernetesClient client, Membership membership, Instant started) {
    this.client = client;
    this.membership = membership;
    this.started = started;
    this.watchdog = new WatchdogFencer(client, System::nanoTime);
  }

  /** The watchdog fences due (stonith-watchdog-timeout passed) are done; ms until the next is due, or -1. */
  long completeWatchdogFences(Snapshot s, HAClusterSpec cs, Instant now) {
    return watchdog.complete(s, cs, now);
  }

  static boolean isFence(ResourceAction a) {
    return a.getSpec() != null && a.getSpec().action == ResourceActionSpec.Action.fence;
  }

  static String target(ResourceAction a) {
    return a.getSpec().meta == null ? null : a.getSpec().meta.get(ActionFactory.FENCE_TARGET);
  }

  /**
   * Takes the fences confirmed since the last look: their targets are down from now on. Only fences this operator
   * may have asked for count (finished after it started): an older success says nothing of the node now.
   */
  synchronized void confirm(Snapshot s) {
    if (recalled.add(s.namespace())) {
      recall(s);
    }
    for (ResourceAction a : s.actions()) {
      if (!isFence(a) || Snapshot.running(a) || !"Succeeded".equals(a.getStatus().phase)
          || a.getStatus().completionTime == null || Instant.parse(a.getStatus().completionTime).isBefore(started)
          || !FenceLevels.completes(a) || !confirmed.add(a.getMetadata().getUid())) {
        continue;
      }
      membership.fenced(s.namespace(), target(a));
      LOG.infof("%s: %s of %s confirmed by %s (device %s): it is down", s.namespace(),
          a.getSpec().meta.get(ActionFactory.FENCE_ACTION), target(a), a.getSpec().node, a.getSpec().resource);
      EventRecorder.record(client, s.namespace(), "HANode", target(a), "Warning", "Fenced",
          a.getSpec().meta.get(ActionFactory.FENCE_ACTION) + " of " + target(a) + " by " + a.getSpec().node
              + " with " + a.getSpec().resource + ": confirmed");
    }
  }

  /**
   * What an operator before this one confirmed: a node the fencing history (status.fencing) has fenced after its
   * lease's last renewal is down still ({@link LiveState#fencedSinceRenewal}, the rule kubectl baton simulate
   * reads it by). Without this, a restarted operator would see the lapsed lease afresh, take the node as LOST a
   * lease duration later, and fence it a second time.
   */
  private void recall(Snapshot s) {
    for (var n : s.nodes()) {
      String node = n.getMetadata().getName();
      if (LiveState.fencedSinceRenewal(s, node)) {
        membership.fenced(s.namespace(), node);
        LOG.infof("%s: %s was fenced (status.fencing) and has not renewed its lease since: it is down",
            s.namespace(), node);
      }
    }
  }

  /**
   * Asks for each fence of the plan that the transition {@code t} has none running for and has attempts left; the
   * first of a target in the transition only once its delay ({@link FenceDelays}) has passed since it was first
   * wanted. Returns in how many milliseconds a delayed fence is due (-1: none is waiting).
   */
  synchronized long request(Snapshot s, Transition t, List<Plan.Op> fences, Set<String> online, HAClusterSpec cs,
      ClusterModel model, Instant now) {
    long wake = -1;
    String key = s.namespace() + "/" + t.getMetadata().getName() + "/";
    wanted.keySet().removeIf(k -> k.startsWith(s.namespace() + "/") && !k.startsWith(key));
    for (Plan.Op f : fences) {
      List<ResourceAction> ofTarget = s.actions().stream().filter(a -> isFence(a) && f.node().equals(target(a)))
          .toList();
      if (ofTarget.stream().anyMatch(Snapshot::running)) {
        continue; // one fence of a node at a time, whichever transition asked for it
      }
      if (ofTarget.stream().filter(a -> t.getMetadata().getName().equals(a.getSpec().transition)
          && Snapshot.failed(a)).count() >= MAX_ATTEMPTS) {
        if (undeliverable.add(t.getMetadata().getName() + "/" + f.node())) {
          LOG.warnf("%s: fencing %s failed %d times in %s: not tried again (stonith-max-attempts)", s.namespace(),
              f.node(), MAX_ATTEMPTS, t.getMetadata().getName());
        }
        continue;
      }
      List<FencingTopology.Level> levels = FencingTopology.levels(cs, s.nodes(), f.node());
      Optional<FenceLevels.Step> step = Optional.empty();
      Optional<Delegate> d;
      if (levels.isEmpty()) {
        d = delegate(s, f.node(), online, device -> true);
      } else {
        List<ResourceAction> asked = ofTarget.stream()
            .filter(a -> t.getMetadata().getName().equals(a.getSpec().transition))
            .sorted(Comparator.comparingLong(Fencer::askedAt)).toList();
        if (!asked.isEmpty() && !Snapshot.failed(asked.get(asked.size() - 1))
            && FenceLevels.completes(asked.get(asked.size() - 1))) {
          continue; // done: confirm() took it
        }
        step = FenceLevels.next(levels, f.fenceKind(), asked,
            device -> delegate(s, f.node(), online, device::equals).isPresent());
        d = step.flatMap(x -> delegate(s, f.node(), online, x.device()::equals));
      }
      if (d.isEmpty()) {
        // no device can: its own watchdog, with stonith-watchdog-timeout — only while another node is online to
        // take over, as a device needs one to run on (a cluster all of whose leases lapsed waits for a node back)
        if (online.stream().anyMatch(n -> !n.equals(f.node()))
            && watchdog.request(s, t, f.node(), f.fenceKind(), cs, now)) {
          continue;
        }
        if (undeliverable.add(t.getMetadata().getName() + "/" + f.node())) {
          LOG.warnf("%s: %s must be fenced, but no other online node runs a fencing device that can fence it",
              s.namespace(), f.node());
          EventRecorder.record(client, s.namespace(), "HANode", f.node(), "Warning", "FencingImpossible",
              "no other online node runs a fencing device able to fence " + f.node()
                  + ": what ran there stays blocked");
        }
        continue;
      }
      long delayMs = ofTarget.stream().anyMatch(a -> t.getMetadata().getName().equals(a.getSpec().transition)) ? 0
          : FenceDelays.delayMs(model, d.get().device(), f.node(), t.getMetadata().getName());
      long waited = java.time.Duration.between(wanted.computeIfAbsent(key + f.node(),
          k -> now), now).toMillis();
      if (waited < delayMs) {
        if (waited == 0) {
          LOG.infof("%s: fence of %s delayed %d ms (priority-fencing-delay, pcmk_delay_base/max of %s)",
              s.namespace(), f.node(), delayMs, d.get().device().getMetadata().getName());
        }
        wake = wake < 0 ? delayMs - waited : Math.min(wake, delayMs - waited);
        continue;
      }
      String name = ("fence-" + f.node() + "-" + now.toEpochMilli()).toLowerCase(Locale.ROOT);
      ResourceAction a = ActionFactory.fence(t, name, d.get().device(), d.get().node(), f.node(),
          step.map(FenceLevels.Step::action).orElse(f.fenceKind()), timeoutMs(cs));
      step.ifPresent(x -> FenceLevels.mark(a, x));
      try {
        client.resource(a).create();
        LOG.infof("%s: %s of %s asked of %s with device %s%s (%s)", s.namespace(), a.getSpec().meta.get(
            ActionFactory.FENCE_ACTION), f.node(), d.get().node(), d.get().device().getMetadata().getName(),
            step.map(x -> ", level " + x.level()).orElse(""), name);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    return wake;
  }

  record Delegate(Primitive device, String node) {
  }

  /**
   * The device and node to fence {@code target} with: the first device (by name) of those {@code allowed} whose
   * host list allows the target and that runs on an online node other than the target (a node does not fence
   * itself).
   */
  static Optional<Delegate> delegate(Snapshot s, String target, Set<String> online,
      java.util.function.Predicate<String> allowed) {
    return FenceDevices.of(s.primitives()).stream()
        .filter(p -> allowed.test(p.getMetadata().getName()) && FenceDevices.mayFence(p, target))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .flatMap(p -> (p.getStatus() == null || p.getStatus().activeOn == null ? List.<String>of()
            : p.getStatus().activeOn).stream()
            .map(where -> where.substring(where.indexOf('@') + 1))
            .filter(n -> !n.equals(target) && online.contains(n))
            .map(n -> new Delegate(p, n)))
        .findFirst();
  }

  /** When a fence action was asked for: its name ends with the epoch milliseconds (see request). */
  static long askedAt(ResourceAction a) {
    String n = a.getMetadata().getName();
    try {
      return Long.parseLong(n.substring(n.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static long timeoutMs(HAClusterSpec cs) {
    return cs.properties == null ? DEFAULT_TIMEOUT_MS : Durations.millis(cs.properties.stonithTimeout, DEFAULT_TIMEOUT_MS);
  }
}
