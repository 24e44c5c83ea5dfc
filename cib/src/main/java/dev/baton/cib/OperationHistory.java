package dev.baton.cib;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the agents report (HANode status operation history, and ResourceAction results that the
 * history may not show yet) replayed into each primitive's role and failure state per node, the
 * way Pacemaker reads its lrm history. Fail-counts persist in the Primitive's status, which only
 * the operator writes: a failure is counted once, when first seen.
 */
public final class OperationHistory {
  static final int OCF_OK = 0;
  static final int OCF_NOT_RUNNING = 7;
  static final int OCF_RUNNING_PROMOTED = 8;

  /** One operation result on one node. {@code time} orders results from the same agent. */
  public record Op(String resource, String node, String operation, long intervalMs, int rc, String rcText,
      String exitReason, Instant time) {
    public boolean probe() {
      return operation.equals("probe") || operation.equals("monitor") && intervalMs == 0;
    }

    public boolean failed() {
      return switch (probe() ? "probe" : operation) {
        case "probe" -> rc != OCF_OK && rc != OCF_NOT_RUNNING && rc != OCF_RUNNING_PROMOTED;
        case "monitor" -> rc != OCF_OK && rc != OCF_RUNNING_PROMOTED;
        default -> rc != OCF_OK;
      };
    }

    public String label() {
      return operation + (intervalMs > 0 ? "/" + intervalMs + "ms" : "");
    }
  }

  /** One primitive on one node after replay. */
  public record State(Role role, Op lastFailure, boolean pending) {
  }

  private final Map<String, Map<String, List<Op>>> ops = new LinkedHashMap<>();
  private final Map<String, Set<String>> inFlight = new HashMap<>();
  private final Map<String, Instant> rejoined;

  public OperationHistory(Snapshot s) {
    this(s, Map.of());
  }

  public OperationHistory(Snapshot s, Map<String, PrimitiveStatus> ledgers) {
    this(s, ledgers, Map.of());
  }

  /**
   * @param ledgers the Primitives' statuses: each one's last counted failure is part of the history
   *     even when the agent's record of it is gone (an agent restart, or a failure by request)
   * @param rejoined nodes back after being lost, and since when: their results from before are left out, as
   *     Pacemaker's DC erases a joining node's resource history (the scheduler then probes it again)
   */
  public OperationHistory(Snapshot s, Map<String, PrimitiveStatus> ledgers, Map<String, Instant> rejoined) {
    this.rejoined = rejoined;
    ledgers.forEach((rsc, st) -> {
      var f = st.lastFailure;
      if (f != null && f.time != null && !Instant.parse(f.time).isBefore(FailCounts.cleanedAt(st, f.node))) {
        String[] label = f.operation.split("/", 2); // "monitor/10000ms"
        add(new Op(rsc, f.node, label[0], label.length > 1 ? interval(label[1]) : 0, f.rc, f.rcText, f.exitReason,
            Instant.parse(f.time)));
      }
    });
    for (HANode n : s.nodes()) {
      HANodeStatus st = n.getStatus();
      if (st == null || st.resources == null) {
        continue;
      }
      for (HANodeStatus.ResourceHistory rh : st.resources) {
        for (HANodeStatus.OperationRecord r : rh.results()) { // with the last failure, though a success replaced it
          if (r.rc == null || r.lastRun == null || "pending".equals(r.status)) {
            continue;
          }
          add(new Op(rh.resource, n.getMetadata().getName(), r.operation, interval(r.interval), r.rc, r.rcText,
              r.exitReason, Instant.parse(r.lastRun)));
        }
      }
    }
    for (ResourceAction a : s.actions()) {
      var spec = a.getSpec();
      var st = a.getStatus();
      if (!Snapshot.operation(a)) {
        continue;
      }
      if (st == null || st.phase == null || st.phase.equals("Pending") || st.phase.equals("Running")) {
        inFlight.computeIfAbsent(spec.resource, k -> new java.util.HashSet<>()).add(spec.node);
      } else if (st.rc != null && st.completionTime != null) {
        String op = spec.action == dev.baton.api.v1alpha1.ResourceActionSpec.Action.probe ? "monitor"
            : spec.action.name();
        add(new Op(spec.resource, spec.node, op, spec.interval == null ? 0
            : dev.baton.scheduler.importer.Durations.toMillis(spec.interval), st.rc, st.rcText, st.exitReason,
            Instant.parse(st.completionTime)));
      }
    }
    ops.values().forEach(byNode -> byNode.values().forEach(l -> l.sort(Comparator.comparing(Op::time))));
    ledgers.forEach(this::clearedByCleanup);
  }

  /**
   * crm_resource --cleanup clears the whole history of a resource on a node where it has failed, "to allow current
   * state to be rechecked": the scheduler then probes it there instead of assuming what its last result said (after
   * a failed stop, what ran there may have ended since). Where it had not failed, a cleanup leaves the history.
   */
  private void clearedByCleanup(String resource, PrimitiveStatus ledger) {
    Map<String, List<Op>> byNode = ops.get(resource);
    if (byNode == null) {
      return;
    }
    byNode.entrySet().removeIf(e -> {
      Instant cleaned = FailCounts.cleanedAt(ledger, e.getKey());
      List<Op> before = e.getValue().stream().filter(o -> o.time().isBefore(cleaned)).toList();
      if (lastFailure(before, Instant.EPOCH) == null) {
        return false;
      }
      e.getValue().removeAll(before);
      return e.getValue().isEmpty();
    });
  }

  private static long interval(String s) {
    return s == null || s.isBlank() ? 0 : dev.baton.scheduler.importer.Durations.toMillis(s);
  }

  private void add(Op op) {
    Instant back = rejoined.get(op.node());
    if (back != null && op.time().isBefore(back)) {
      return;
    }
    List<Op> list = ops.computeIfAbsent(op.resource(), k -> new LinkedHashMap<>())
        .computeIfAbsent(op.node(), k -> new ArrayList<>());
    // The same result may come both from the agent's history and from the action's status.
    boolean dup = list.stream().anyMatch(o -> o.operation().equals(op.operation()) && o.rc() == op.rc()
        && o.intervalMs() == op.intervalMs() && Math.abs(o.time().toEpochMilli() - op.time().toEpochMilli()) < 1000);
    if (!dup) {
      list.add(op);
    }
  }

  /** Replays one primitive's results on one node, ignoring failures from before {@code since}. */
  public State state(String resource, String node, Instant since) {
    Role role = Role.STOPPED;
    List<Op> list = ops.getOrDefault(resource, Map.of()).getOrDefault(node, List.of());
    for (Op op : list) {
      boolean ok = !op.failed();
      switch (op.probe() ? "probe" : op.operation()) {
        case "start" -> role = Role.STARTED; // a failed start may have left something running: it needs a stop
        case "stop" -> role = ok ? Role.STOPPED : role;
        case "promote" -> role = ok ? Role.PROMOTED : role;
        case "demote" -> role = ok ? Role.UNPROMOTED : role;
        case "probe", "monitor" -> role = op.rc() == OCF_RUNNING_PROMOTED ? Role.PROMOTED
            : op.rc() == OCF_OK ? (role == Role.STOPPED || role == Role.PROMOTED ? Role.STARTED : role)
            : op.rc() == OCF_NOT_RUNNING && op.probe() ? Role.STOPPED : role;
        default -> {
        }
      }
    }
    boolean pending = inFlight.getOrDefault(resource, Set.of()).contains(node);
    return new State(role, lastFailure(list, since), pending);
  }

  /** The failure these results (oldest first) end with, ignoring failures from before {@code since}; or null. */
  private static Op lastFailure(List<Op> list, Instant since) {
    Op failure = null;
    for (Op op : list) {
      if (op.failed() && op.time().isAfter(since)) {
        failure = op;
      } else if (!op.failed() && failure != null && !op.operation().equals("monitor")) {
        failure = null; // it was stopped or (re)started since: no longer failed here (the count stays)
      }
    }
    return failure;
  }

  /** Failures on {@code node} after {@code after}, oldest first (probes that only found it stopped are no failures). */
  public List<Op> failuresAfter(String resource, String node, Instant after) {
    return ops.getOrDefault(resource, Map.of()).getOrDefault(node, List.of()).stream()
        .filter(o -> o.failed() && o.time().isAfter(after)).toList();
  }

  /** When the primitive last started, stopped, changed role or was found by a probe on this node. */
  public Instant lastStateChange(String resource, String node) {
    return ops.getOrDefault(resource, Map.of()).getOrDefault(node, List.of()).stream()
        .filter(o -> o.probe() || !o.operation().equals("monitor")).map(Op::time).max(Instant::compareTo)
        .orElse(Instant.EPOCH);
  }

  /** Whether the agent reported a result of the recurring monitor with this interval at or after {@code since}. */
  public boolean monitoredSince(String resource, String node, long intervalMs, Instant since) {
    return ops.getOrDefault(resource, Map.of()).getOrDefault(node, List.of()).stream()
        .anyMatch(o -> o.operation().equals("monitor") && o.intervalMs() == intervalMs && !o.time().isBefore(since));
  }

  /** Every node with any result of this primitive. */
  public Set<String> nodesOf(String resource) {
    return ops.getOrDefault(resource, Map.of()).keySet();
  }

  public Set<String> resources() {
    return ops.keySet();
  }

  public static String agent(Primitive p) {
    var s = p.getSpec();
    return agent(s.resourceClass, s.provider, s.type);
  }

  /** class:provider:type (class:type without a provider), as agents list them and crm_mon prints them. */
  public static String agent(dev.baton.api.v1alpha1.PrimitiveSpec.ResourceClass c, String provider, String type) {
    return c.name() + (provider == null ? "" : ":" + provider) + ":" + type;
  }

  /** OCF's hard errors: the agent says it can never run here (2, 3, 4, 5) or anywhere (6). */
  public static ResourceHistory.HardError hardError(Op failure) {
    if (failure == null) {
      return ResourceHistory.HardError.NONE;
    }
    return switch (failure.rc()) {
      case 2, 3, 4, 5 -> ResourceHistory.HardError.NODE;
      case 6 -> ResourceHistory.HardError.CLUSTER;
      default -> ResourceHistory.HardError.NONE;
    };
  }

  /** The scheduler's view: role, failure, fail-count per primitive and node. */
  public List<ResourceHistory> toModel(List<Primitive> primitives, Map<String, PrimitiveStatus> ledgers) {
    List<ResourceHistory> out = new ArrayList<>();
    Map<String, Primitive> byName = new HashMap<>();
    primitives.forEach(p -> byName.put(p.getMetadata().getName(), p));
    for (String rsc : ops.keySet()) {
      PrimitiveStatus ledger = ledgers.get(rsc);
      for (String node : ops.get(rsc).keySet()) {
        State st = state(rsc, node, FailCounts.cleanedAt(ledger, node));
        int failCount = ledger == null || ledger.failCounts == null ? 0 : ledger.failCounts.getOrDefault(node, 0);
        String counted = ledger == null || ledger.failuresCountedUntil == null ? null
            : ledger.failuresCountedUntil.get(node);
        long lastFailure = counted == null ? 0 : Instant.parse(counted).getEpochSecond();
        out.add(new ResourceHistory(rsc, node, st.role(), st.lastFailure() != null,
            st.lastFailure() == null ? null : st.lastFailure().operation(), failCount, lastFailure, st.pending(),
            hardError(st.lastFailure()), byName.containsKey(rsc) ? agent(byName.get(rsc)) : null));
      }
    }
    return out;
  }
}
