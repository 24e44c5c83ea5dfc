package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cib.NodeState;
import dev.baton.cib.SchedulerInput;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Role;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A node lost (its lease ran out) with fencing on, as Pacemaker treats a node that left the membership uncleanly:
 * samples/fencing-lab (stonith-enabled, stonith-action off, the lab device on compute-2 able to fence both nodes),
 * the group on compute-1, through SchedulerInput, the scheduler, the Plan and the Stepper, without an API server.
 */
class LostNodeFencingTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final Map<String, NodeState> C1_LOST = Map.of("compute-1", NodeState.LOST,
      "compute-2", NodeState.ONLINE);
  private static final Plan.Op FENCE_C1 = new Plan.Op("fence/off", null, "compute-1");
  private static final List<Plan.Op> GROUP_ON_C2 = List.of(new Plan.Op("start", "vip", "compute-2"),
      new Plan.Op("start", "www", "compute-2"), new Plan.Op("start", "nova-network", "compute-2"));

  /** The group started on compute-1, the device on compute-2; both agents joined (each has its Lease). */
  private static List<HasMetadata> running() throws Exception {
    List<HasMetadata> objects = Fixtures.sample("fencing-lab");
    HANode c1 = node(objects, "compute-1");
    HANode c2 = node(objects, "compute-2");
    for (String r : List.of("vip", "www", "nova-network", "fence-lab")) {
      Fixtures.report(c1, r, "probe", "0s", 7, T0.toString());
      Fixtures.report(c2, r, "probe", "0s", 7, T0.toString());
    }
    Fixtures.report(c2, "fence-lab", "start", "0s", 0, T0.plusSeconds(1).toString());
    for (String r : List.of("vip", "www", "nova-network")) {
      Fixtures.report(c1, r, "start", "0s", 0, T0.plusSeconds(1).toString());
    }
    return objects;
  }

  private static SchedulerInput input(List<HasMetadata> objects, Map<String, NodeState> states, List<String> joined) {
    return SchedulerInput.of(Fixtures.snapshot(objects, List.of(), joined), states, T0.plusSeconds(60));
  }

  @Test
  void aLostNodeAFencingDeviceMayFenceIsUncleanAndFencedBeforeItsGroupStartsElsewhere() throws Exception {
    List<HasMetadata> objects = running();
    assertThat(Plan.of(Scheduler.schedule(input(objects, Map.of("compute-1", NodeState.ONLINE, "compute-2",
        NodeState.ONLINE), List.of("compute-1", "compute-2")).model()).graph()).isEmpty())
        .as("converged before the loss").isTrue();

    SchedulerInput in = input(objects, C1_LOST, List.of("compute-1", "compute-2"));
    Node c1 = in.model().nodes().stream().filter(n -> n.name().equals("compute-1")).findFirst().orElseThrow();
    assertThat(c1.online()).isFalse();
    assertThat(c1.unclean()).isEqualTo(SchedulerInput.LEFT_MEMBERSHIP);
    assertThat(in.model().history()).as("what ran there is still known to run there")
        .anyMatch(h -> h.resource().equals("vip") && h.node().equals("compute-1") && h.role() == Role.STARTED);
    assertThat(in.unfenceable()).isEmpty();

    Plan plan = Plan.of(Scheduler.schedule(in.model()).graph());
    assertThat(plan.fences()).containsExactly(FENCE_C1);
    assertThat(plan.ops()).containsAll(GROUP_ON_C2);
    GROUP_ON_C2.forEach(start -> assertThat(plan.predecessors().get(start)).as("%s after the fence", start)
        .contains(FENCE_C1));
    Stepper.Step step = Stepper.step(plan, null, Set.of(), Set.of(), Set.of("compute-2"));
    assertThat(step.dispatch()).as("nothing of the group is dispatched before the fence is confirmed")
        .doesNotContainAnyElementsOf(GROUP_ON_C2).doesNotContain(FENCE_C1)
        // the group's stops on compute-1 (Pacemaker's, implied by the fence) are never sent to the lost node
        .noneMatch(op -> op.node().equals("compute-1"));
  }

  @Test
  void onceTheFenceIsConfirmedTheNodeIsCleanAndItsGroupStartsElsewhere() throws Exception {
    SchedulerInput in = input(running(), Map.of("compute-1", NodeState.FENCED, "compute-2", NodeState.ONLINE),
        List.of("compute-1", "compute-2"));
    Node c1 = in.model().nodes().stream().filter(n -> n.name().equals("compute-1")).findFirst().orElseThrow();
    assertThat(c1.online()).isFalse();
    assertThat(c1.unclean()).isNull();
    assertThat(in.model().history()).as("the fence stopped what ran there")
        .noneMatch(h -> h.node().equals("compute-1") && h.role() != Role.STOPPED);
    Plan plan = Plan.of(Scheduler.schedule(in.model()).graph());
    assertThat(plan.fences()).isEmpty();
    assertThat(Stepper.step(plan, null, Set.of(), Set.of(), Set.of("compute-2")).dispatch())
        .contains(GROUP_ON_C2.get(0));
  }

  @Test
  void aLostNodeNoDeviceMayFenceIsTakenAsDownByItsLeaseAsBeforeAndNamed() throws Exception {
    List<HasMetadata> objects = running();
    Primitive device = Fixtures.only(objects, Primitive.class).stream()
        .filter(p -> p.getMetadata().getName().equals("fence-lab")).findFirst().orElseThrow();
    device.getSpec().params.put("pcmk_host_map", new io.fabric8.kubernetes.api.model.IntOrString("compute-2:c2"));
    SchedulerInput in = input(objects, C1_LOST, List.of("compute-1", "compute-2"));
    assertThat(in.unfenceable()).containsExactly("compute-1");
    assertNotFenced(in);
  }

  @Test
  void withoutFencingOrForANodeThatNeverJoinedNothingIsFenced() throws Exception {
    List<HasMetadata> disabled = running();
    Fixtures.only(disabled, HACluster.class).get(0).getSpec().properties.stonithEnabled = false;
    SchedulerInput off = input(disabled, C1_LOST, List.of("compute-1", "compute-2"));
    assertNotFenced(off);
    assertThat(off.unfenceable()).as("fencing is off: nothing to warn about").isEmpty();

    SchedulerInput neverJoined = input(running(), C1_LOST, List.of("compute-2"));
    assertNotFenced(neverJoined);
    assertThat(neverJoined.unfenceable()).isEmpty();
  }

  @Test
  void simulatesNodeFailFencesAsTheOperatorWould() throws Exception {
    var online = input(running(), Map.of("compute-1", NodeState.ONLINE, "compute-2", NodeState.ONLINE),
        List.of("compute-1", "compute-2")).model();
    var failed = dev.baton.cib.Injections.parse(List.of("compute-1"), List.of()).apply(online);
    assertThat(Plan.of(Scheduler.schedule(failed).graph()).fences()).containsExactly(FENCE_C1);
    assertThat(failed).isEqualTo(input(running(), C1_LOST, List.of("compute-1", "compute-2")).model());
  }

  @Test
  void theLostNodeRunningTheMostImportantResourcesIsFencedAfterPriorityFencingDelay() throws Exception {
    List<HasMetadata> objects = running();
    HACluster cluster = Fixtures.only(objects, HACluster.class).get(0);
    cluster.getSpec().properties.priorityFencingDelay = new io.fabric8.kubernetes.api.model.IntOrString("15s");
    dev.baton.api.v1alpha1.ResourceGroup group = Fixtures.only(objects, dev.baton.api.v1alpha1.ResourceGroup.class)
        .get(0);
    group.getSpec().meta = new dev.baton.api.v1alpha1.MetaAttributes();
    group.getSpec().meta.priority = 10; // its members inherit it: compute-1's priority is 30, compute-2's 0
    var lost = input(objects, C1_LOST, List.of("compute-1", "compute-2")).model();
    assertThat(dev.baton.scheduler.PriorityFencing.delayMs(lost, "compute-1")).isEqualTo(15_000);
    assertThat(dev.baton.scheduler.PriorityFencing.delayMs(lost, "compute-2")).as("online: not fenced for leaving")
        .isZero();
    Primitive device = Fixtures.only(objects, Primitive.class).stream()
        .filter(p -> p.getMetadata().getName().equals("fence-lab")).findFirst().orElseThrow();
    device.getSpec().params.put("pcmk_delay_base", new io.fabric8.kubernetes.api.model.IntOrString(
        "compute-1:2s;compute-2:0"));
    assertThat(FenceDelays.delayMs(lost, device, "compute-1", "tr-1")).as("plus the device's delay for the node")
        .isEqualTo(17_000);
    device.getSpec().params.put("pcmk_delay_max", new io.fabric8.kubernetes.api.model.IntOrString("5s"));
    long random = FenceDelays.delayMs(lost, device, "compute-1", "tr-1");
    assertThat(random).isBetween(17_000L, 20_000L).isEqualTo(FenceDelays.delayMs(lost, device, "compute-1", "tr-1"));

    // the other side runs as important a resource: equal priorities, no delay
    Primitive heavy = Fixtures.only(objects, Primitive.class).stream()
        .filter(p -> p.getMetadata().getName().equals("fence-lab")).findFirst().orElseThrow();
    heavy.getSpec().meta = new dev.baton.api.v1alpha1.MetaAttributes();
    heavy.getSpec().meta.priority = 30;
    assertThat(dev.baton.scheduler.PriorityFencing.delayMs(input(objects, C1_LOST,
        List.of("compute-1", "compute-2")).model(), "compute-1")).isZero();
    heavy.getSpec().meta.priority = 1;
    assertThat(dev.baton.scheduler.PriorityFencing.delayMs(input(objects, C1_LOST,
        List.of("compute-1", "compute-2")).model(), "compute-1")).isEqualTo(15_000);
    cluster.getSpec().properties.priorityFencingDelay = null;
    assertThat(dev.baton.scheduler.PriorityFencing.delayMs(input(objects, C1_LOST,
        List.of("compute-1", "compute-2")).model(), "compute-1")).as("unset: none").isZero();
  }

  /** As without fencing: compute-1 offline and clean, its group started on compute-2 at once. */
  private static void assertNotFenced(SchedulerInput in) {
    Node c1 = in.model().nodes().stream().filter(n -> n.name().equals("compute-1")).findFirst().orElseThrow();
    assertThat(c1.online()).isFalse();
    assertThat(c1.unclean()).isNull();
    Plan plan = Plan.of(Scheduler.schedule(in.model()).graph());
    assertThat(plan.fences()).isEmpty();
    assertThat(Stepper.step(plan, null, Set.of(), Set.of(), Set.of("compute-2")).dispatch())
        .contains(GROUP_ON_C2.get(0));
  }

  private static HANode node(List<HasMetadata> objects, String name) {
    return Fixtures.only(objects, HANode.class).stream().filter(n -> n.getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }
}
