package dev.baton.operator;

import java.util.List;
import java.util.Set;

/**
 * Drives a transition one step at a time, the way Pacemaker's DC does, but level-triggered: the
 * plan is recomputed from what the agents report after every result, so what remains of it is
 * exactly what is still to do. A recomputed plan that asks for something the current transition
 * did not contain (a failure, a lost node, a configuration change) aborts that transition: once
 * the actions already running have finished, a new transition starts from the new plan.
 */
final class Stepper {
  private Stepper() {
  }

  enum Kind { CONVERGED, WAIT, CONTINUE, NEW }

  record Step(Kind kind, List<Plan.Op> dispatch) {
  }

  /**
   * @param current the actions of the transition in progress, or null
   * @param finished actions of the current transition that already ran (a plan asking for one again means new input)
   * @param inFlight primitives with an action running
   * @param online nodes whose agent can take actions now
   */
  static Step step(Plan plan, List<Plan.Op> current, Set<Plan.Op> finished, Set<String> inFlight, Set<String> online) {
    if (plan.isEmpty()) {
      return new Step(inFlight.isEmpty() ? Kind.CONVERGED : Kind.WAIT, List.of());
    }
    boolean sameTransition = current != null && current.containsAll(plan.ops())
        && plan.ops().stream().noneMatch(finished::contains);
    if (!sameTransition && !inFlight.isEmpty()) {
      return new Step(Kind.WAIT, List.of());
    }
    // fences are the Fencer's: run by another node than the one fenced
    List<Plan.Op> dispatch = plan.ready().stream()
        .filter(op -> !op.fence() && !inFlight.contains(op.resource()) && online.contains(op.node())).toList();
    return new Step(sameTransition ? Kind.CONTINUE : Kind.NEW, dispatch);
  }
}
