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
 */
public record SchedulerInput(ModelBuilder.Result built, OperationHistory history, Map<String, PrimitiveStatus> ledgers,
    List<String> newFailures) {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

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
      if (state == NodeState.LOST) {
        lost.add(node);
      }
    });
    List<String> newFailures = new ArrayList<>();
    for (Primitive p : s.primitives()) {
      String rsc = p.getMetadata().getName();
      FailCounts.update(p, ledgers.get(rsc), history, startFailureIsFatal, lost).forEach(f -> newFailures.add(
          rsc + " " + f.label() + " failed on " + f.node() + " (rc=" + f.rc() + ")"));
    }
    List<ResourceHistory> modelHistory = history.toModel(s.primitives(), ledgers).stream()
        .map(h -> states.get(h.node()) == NodeState.LOST ? stoppedOnLostNode(h) : h).toList();
    ModelBuilder.Result raw = ModelBuilder.build(s,
        n -> states.get(n.getMetadata().getName()) != NodeState.LOST, modelHistory, now);
    // each failure's on-fail as configured (a failed stop with on-fail=fence leaves its node to be fenced)
    ModelBuilder.Result built = new ModelBuilder.Result(LiveFailures.resolve(raw.model(), (rsc, node) -> {
      OperationHistory.State st = history.state(rsc, node, FailCounts.cleanedAt(ledgers.get(rsc), node));
      return st.lastFailure() == null ? 0 : st.lastFailure().intervalMs();
    }), raw.problems(), raw.askMetaData());
    return new SchedulerInput(built, history, ledgers, newFailures);
  }

  /**
   * A lost node is safely down: its agent stopped everything before its lease ran out (and the
   * kernel dropped its VIPs), so what it last reported running counts as stopped. Fail-counts stay.
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
