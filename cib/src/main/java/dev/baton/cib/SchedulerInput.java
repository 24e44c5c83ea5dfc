package dev.baton.cib;

import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.scheduler.importer.LiveFailures;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scheduler decides from, computed from one {@link Snapshot} and the nodes' membership: the
 * operator reconciles with it, {@code kubectl baton simulate} shows what the operator would decide.
 *
 * @param ledgers each Primitive's status with the fail-counts this input counted (the operator writes them back)
 * @param newFailures the failures counted now, in words ("www monitor/10000ms failed on n1 (rc=7)")
 * @param unfenceable LOST nodes that fencing would have to fence but that no fencing device may fence: taken as
 *     down by their lease alone, as without fencing (the operator says so in an Event)
 */
public record SchedulerInput(ModelBuilder.Result built, OperationHistory history, Map<String, PrimitiveStatus> ledgers,
    List<String> newFailures, List<String> unfenceable) {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  /** Pacemaker's reason for fencing a node that left the membership uncleanly (pe_fence_node in unpack). */
  public static final String LEFT_MEMBERSHIP = "peer is no longer part of the cluster";

  public static SchedulerInput of(Snapshot s, Map<String, NodeState> states, Instant now) {
    return of(s, states, Map.of(), now);
  }

  /**
   * @param rejoined nodes that came back after being LOST, with when the operator saw them back: as Pacemaker's
   *     DC erases a joining node's resource history, what they reported before is forgotten (the scheduler probes
   *     them again) and its failures are never counted
   */
  public static SchedulerInput of(Snapshot s, Map<String, NodeState> states, Map<String, Instant> rejoined,
      Instant now) {
    HAClusterSpec cs = s.cluster().getSpec() == null ? new HAClusterSpec() : s.cluster().getSpec();
    boolean startFailureIsFatal = cs.properties == null || cs.properties.startFailureIsFatal == null
        || cs.properties.startFailureIsFatal;
    Map<String, PrimitiveStatus> ledgers = new HashMap<>();
    for (Primitive p : s.primitives()) {
      PrimitiveStatus st = p.getStatus() == null ? new PrimitiveStatus() : JSON.clone(p.getStatus());
      FailCounts.requests(p, st, now);
      FailCounts.expire(st, FailCounts.failureTimeoutMs(p, cs), now);
      rejoined.forEach((node, at) -> FailCounts.forgetBefore(st, node, at));
      ledgers.put(p.getMetadata().getName(), st);
    }
    OperationHistory history = new OperationHistory(s, ledgers, rejoined);
    // a lost node is no member: what it reports is not taken (once back, its history from before is forgotten)
    Set<String> lost = new HashSet<>();
    states.forEach((node, state) -> {
      if (state.down()) {
        lost.add(node);
      }
    });
    // With fencing, a node that left the membership without being fenced is unclean, as in Pacemaker
    // (determine_online_status_fencing: "peer is no longer part of the cluster"): what it ran stays in the history,
    // and the scheduler fences it before starting that elsewhere. Once the fence is confirmed the node is FENCED:
    // down and clean. A node no device may fence is taken as down by its lease (its agent stopped what ran there
    // before the lease ran out, DESIGN.md section 6) as without fencing, and named in unfenceable; with
    // stonith-watchdog-timeout a node whose agent feeds a watchdog is fenced by it (WatchdogFencing). A node that never
    // held a lease never joined: nothing can run there, it is not fenced (Baton has no startup-fencing).
    boolean stonith = cs.properties == null || cs.properties.stonithEnabled == null || cs.properties.stonithEnabled;
    boolean fencingMeant = !FenceDevices.of(s.primitives()).isEmpty() || WatchdogFencing.on(cs)
        || cs.properties != null && Boolean.TRUE.equals(cs.properties.stonithEnabled);
    Map<String, dev.baton.api.v1alpha1.HANode> nodes = new HashMap<>();
    s.nodes().forEach(n -> nodes.put(n.getMetadata().getName(), n));
    Set<String> joined = new HashSet<>();
    s.leases().forEach(l -> joined.add(l.getMetadata().getName()));
    Set<String> toFence = new HashSet<>();
    List<String> unfenceable = new ArrayList<>();
    states.forEach((node, state) -> {
      if (state != NodeState.LOST || !stonith || !joined.contains(node)) {
        return;
      }
      // or by its own watchdog (stonith-watchdog-timeout), when no device may
      if (FenceDevices.anyMayFence(s.primitives(), node) || WatchdogFencing.mayFence(cs, nodes.get(node))) {
        toFence.add(node);
      } else if (fencingMeant) {
        unfenceable.add(node);
      }
    });
    List<String> newFailures = new ArrayList<>();
    for (Primitive p : s.primitives()) {
      String rsc = p.getMetadata().getName();
      FailCounts.update(p, ledgers.get(rsc), history, startFailureIsFatal, lost).forEach(f -> newFailures.add(
          rsc + " " + f.label() + " failed on " + f.node() + " (rc=" + f.rc() + ")"));
    }
    List<ResourceHistory> modelHistory = history.toModel(s.primitives(), ledgers).stream()
        .map(h -> lost.contains(h.node()) && !toFence.contains(h.node()) ? stoppedOnLostNode(h) : h).toList();
    ModelBuilder.Result raw = ModelBuilder.build(s, n -> !lost.contains(n.getMetadata().getName()),
        n -> toFence.contains(n.getMetadata().getName()) ? LEFT_MEMBERSHIP : null, modelHistory, now);
    // each failure's on-fail as configured (a failed stop with on-fail=fence leaves its node to be fenced)
    ModelBuilder.Result built = new ModelBuilder.Result(LiveFailures.resolve(raw.model(), (rsc, node) -> {
      OperationHistory.State st = history.state(rsc, node, FailCounts.cleanedAt(ledgers.get(rsc), node));
      return st.lastFailure() == null ? 0 : st.lastFailure().intervalMs();
    }), raw.problems(), raw.askMetaData());
    return new SchedulerInput(built, history, ledgers, newFailures, List.copyOf(unfenceable));
  }

  /**
   * A lost node taken as down (fenced, or not to be fenced): its agent stopped everything before its lease ran out
   * (and the kernel dropped its VIPs), or the fence did, so what it last reported running counts as stopped.
   * Fail-counts stay.
   */
  public static ResourceHistory stoppedOnLostNode(ResourceHistory h) {
    return new ResourceHistory(h.resource(), h.node(), Role.STOPPED, false, null, h.failCount(), h.lastFailure(),
        false, ResourceHistory.HardError.NONE, h.agent());
  }

  public ClusterModel model() {
    return built.model();
  }

  public Problems problems() {
    return built.problems();
  }
}
