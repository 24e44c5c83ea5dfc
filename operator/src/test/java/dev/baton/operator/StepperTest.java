package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.TransitionGraph;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepperTest {
  private static final Plan.Op STOP_WWW = new Plan.Op("stop", "www", "c1");
  private static final Plan.Op STOP_VIP = new Plan.Op("stop", "vip", "c1");
  private static final Plan.Op START_VIP = new Plan.Op("start", "vip", "c2");
  private static final Plan.Op START_WWW = new Plan.Op("start", "www", "c2");

  private static Plan failover() {
    return Plan.of(new TransitionGraph(List.of(), List.of("stop www@c1", "stop vip@c1", "start vip@c2",
        "start www@c2", "monitor/10000 www@c2"), List.of(new TransitionGraph.Edge("stop www@c1", "stop vip@c1"),
        new TransitionGraph.Edge("stop vip@c1", "start vip@c2"), new TransitionGraph.Edge("start vip@c2", "start www@c2"),
        new TransitionGraph.Edge("stop www@c1", "start www@c2"))));
  }

  @Test
  void parsesOperationsAndLeavesRecurringMonitorsToTheAgents() {
    assertThat(failover().ops()).containsExactly(STOP_WWW, STOP_VIP, START_VIP, START_WWW);
    assertThat(Plan.parse("monitor db:1@n2")).contains(new Plan.Op("probe", "db", "n2"));
    assertThat(Plan.parse("monitor/3000 vip@n1")).isEmpty();
    assertThat(Plan.parse("fence/reboot n3")).contains(new Plan.Op("fence/reboot", null, "n3"));
    assertThat(Plan.parse("fence/on n3").orElseThrow().fenceKind()).isEqualTo("on");
    assertThat(Plan.parse("fence/reboot n3").orElseThrow().key()).isEqualTo("fence/reboot n3");
  }

  @Test
  void aFenceIsABarrierTheStepperNeverDispatchesToTheNodeItFences() {
    // a failed stop with on-fail=fence on c1: what ran there starts on c2 only after c1 is fenced
    Plan fencing = Plan.of(new TransitionGraph(List.of(), List.of("fence/off c1", "start vip@c2", "start www@c2"),
        List.of(new TransitionGraph.Edge("fence/off c1", "start vip@c2"),
            new TransitionGraph.Edge("start vip@c2", "start www@c2"))));
    Plan.Op fence = new Plan.Op("fence/off", null, "c1");
    assertThat(fencing.fences()).containsExactly(fence);
    Stepper.Step s = Stepper.step(fencing, null, Set.of(), Set.of(), Set.of("c1", "c2"));
    assertThat(s.kind()).isEqualTo(Stepper.Kind.NEW);
    assertThat(s.dispatch()).as("the Fencer runs it, elsewhere; the starts wait for it").isEmpty();
    // once confirmed, c1 is down: the recomputed plan is what remains of the transition, the starts go out
    Plan after = Plan.of(new TransitionGraph(List.of(), List.of("start vip@c2", "start www@c2"),
        List.of(new TransitionGraph.Edge("start vip@c2", "start www@c2"))));
    Stepper.Step next = Stepper.step(after, fencing.ops(), Set.of(), Set.of(), Set.of("c2"));
    assertThat(next.kind()).isEqualTo(Stepper.Kind.CONTINUE);
    assertThat(next.dispatch()).containsExactly(START_VIP);
  }

  @Test
  void dispatchesOnlyWhatHasNoPendingPredecessor() {
    Stepper.Step s = Stepper.step(failover(), null, Set.of(), Set.of(), Set.of("c1", "c2"));
    assertThat(s.kind()).isEqualTo(Stepper.Kind.NEW);
    assertThat(s.dispatch()).containsExactly(STOP_WWW);
  }

  @Test
  void continuesTheTransitionWhileThePlanIsWhatRemainsOfIt() {
    Plan rest = Plan.of(new TransitionGraph(List.of(), List.of("start vip@c2", "start www@c2"),
        List.of(new TransitionGraph.Edge("start vip@c2", "start www@c2"))));
    Stepper.Step s = Stepper.step(rest, failover().ops(), Set.of(STOP_WWW, STOP_VIP), Set.of(), Set.of("c1", "c2"));
    assertThat(s.kind()).isEqualTo(Stepper.Kind.CONTINUE);
    assertThat(s.dispatch()).containsExactly(START_VIP);
  }

  @Test
  void newInputWaitsForRunningActionsThenStartsANewTransition() {
    Plan other = Plan.of(new TransitionGraph(List.of(), List.of("start nova@c2"), List.of()));
    assertThat(Stepper.step(other, failover().ops(), Set.of(), Set.of("www"), Set.of("c1", "c2")).kind())
        .isEqualTo(Stepper.Kind.WAIT);
    Stepper.Step s = Stepper.step(other, failover().ops(), Set.of(STOP_WWW), Set.of(), Set.of("c1", "c2"));
    assertThat(s.kind()).isEqualTo(Stepper.Kind.NEW);
    assertThat(s.dispatch()).containsExactly(new Plan.Op("start", "nova", "c2"));
  }

  @Test
  void anActionAskedForAgainAfterItRanIsNewInput() {
    Plan retry = Plan.of(new TransitionGraph(List.of(), List.of("start vip@c2"), List.of()));
    assertThat(Stepper.step(retry, failover().ops(), Set.of(START_VIP), Set.of(), Set.of("c2")).kind())
        .isEqualTo(Stepper.Kind.NEW);
  }

  @Test
  void nothingIsSentToANodeThatIsNotOnlineAndConvergenceWaitsForRunningActions() {
    assertThat(Stepper.step(failover(), null, Set.of(), Set.of(), Set.of("c2")).dispatch()).isEmpty();
    Plan empty = Plan.of(new TransitionGraph(List.of(), List.of(), List.of()));
    assertThat(Stepper.step(empty, null, Set.of(), Set.of("vip"), Set.of()).kind()).isEqualTo(Stepper.Kind.WAIT);
    assertThat(Stepper.step(empty, null, Set.of(), Set.of(), Set.of()).kind()).isEqualTo(Stepper.Kind.CONVERGED);
  }
}
