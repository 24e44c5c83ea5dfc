package dev.baton.operator;

import dev.baton.api.v1alpha1.Operation;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cib.Durations;
import dev.baton.cib.OperationHistory;
import dev.baton.scheduler.model.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recurring monitors, level-triggered: every primitive active on an online node must have each of
 * its configured monitors (for its current role) running in that node's agent. A monitor counts
 * as running once the agent has reported a result for it since the primitive last changed state
 * there; otherwise the operator asks for it with a monitor ResourceAction, which the agent then
 * repeats at its interval on its own.
 */
final class Monitors {
  private Monitors() {
  }

  /** A wanted monitor; {@code since} (the last state change) makes its action name unique per run. */
  record Wanted(Primitive primitive, String node, long intervalMs, Operation op, Instant since) {
    String actionName() {
      return ("mon-" + primitive.getMetadata().getName() + "-" + node + "-" + intervalMs + "-"
          + since.toEpochMilli()).toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param plan what is still to be done: a primitive the plan still stops, starts, promotes or demotes on a node
   *     gets its monitor once it has settled there (asked in the same pass as a stop, the agent would start the
   *     monitor after the stop and report a stopped resource as failed)
   */
  static List<Wanted> missing(List<Primitive> primitives, OperationHistory history, Set<String> online, Plan plan) {
    Set<String> unsettled = new java.util.HashSet<>();
    plan.ops().forEach(op -> unsettled.add(op.resource() + "@" + op.node()));
    List<Wanted> out = new ArrayList<>();
    for (Primitive p : primitives) {
      if (p.getSpec().operations == null) {
        continue;
      }
      String rsc = p.getMetadata().getName();
      for (String node : history.nodesOf(rsc)) {
        OperationHistory.State st = history.state(rsc, node, Instant.EPOCH);
        if (!online.contains(node) || !st.role().active() || st.pending() || st.lastFailure() != null
            || unsettled.contains(rsc + "@" + node)) {
          continue;
        }
        Instant since = history.lastStateChange(rsc, node);
        for (Operation o : p.getSpec().operations) {
          long interval = Durations.millis(o.interval, 0);
          if (o.name != Operation.Name.monitor || interval == 0 || Boolean.FALSE.equals(o.enabled)
              || !appliesTo(o.role, st.role())) {
            continue;
          }
          if (!history.monitoredSince(rsc, node, interval, since)) {
            out.add(new Wanted(p, node, interval, o, since));
          }
        }
      }
    }
    return out;
  }

  /** A monitor without a role runs in every role but Promoted, which needs its own (Pacemaker's rule). */
  static boolean appliesTo(Operation.Role opRole, Role role) {
    if (opRole == null) {
      return role != Role.PROMOTED;
    }
    return switch (opRole) {
      case Promoted -> role == Role.PROMOTED;
      case Unpromoted -> role == Role.UNPROMOTED || role == Role.STARTED;
      case Started -> role == Role.STARTED || role == Role.UNPROMOTED;
      case Stopped -> false;
    };
  }
}
