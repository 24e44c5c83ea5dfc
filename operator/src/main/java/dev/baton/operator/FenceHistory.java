package dev.baton.operator;

import dev.baton.api.v1alpha1.HAClusterStatus.FenceEvent;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.cib.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HACluster's fencing history (status.fencing, crm_mon's "Fencing History"): every fence action there is, as
 * its ResourceAction says it went, merged into what the status held (fence actions go with their Transition; their
 * history stays), the latest {@value #LIMIT} kept.
 */
final class FenceHistory {
  static final int LIMIT = 20;

  private FenceHistory() {
  }

  static List<FenceEvent> merge(List<FenceEvent> before, Snapshot s) {
    Map<String, FenceEvent> byAction = new LinkedHashMap<>();
    if (before != null) {
      before.forEach(e -> byAction.put(e.action, e));
    }
    s.actions().stream().filter(Fencer::isFence).forEach(a -> byAction.put(a.getMetadata().getName(), event(a)));
    List<FenceEvent> out = new ArrayList<>(byAction.values());
    out.sort(Comparator.comparing((FenceEvent e) -> e.requested == null ? "" : e.requested));
    List<FenceEvent> latest = out.subList(Math.max(0, out.size() - LIMIT), out.size());
    return latest.isEmpty() ? null : List.copyOf(latest);
  }

  private static FenceEvent event(ResourceAction a) {
    FenceEvent e = new FenceEvent();
    e.action = a.getMetadata().getName();
    e.target = Fencer.target(a);
    e.fenceAction = a.getSpec().meta.get(ActionFactory.FENCE_ACTION);
    e.delegate = a.getSpec().node;
    e.device = a.getSpec().resource;
    e.level = FenceLevels.level(a);
    e.requested = a.getMetadata().getCreationTimestamp();
    e.result = Snapshot.running(a) ? "pending" : "Succeeded".equals(a.getStatus().phase) ? "success" : "failed";
    if (!Snapshot.running(a)) {
      e.completed = a.getStatus().completionTime;
      e.exitReason = a.getStatus().exitReason;
    }
    return e;
  }
}
