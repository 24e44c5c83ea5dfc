package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterStatus.FenceEvent;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.cib.NodeState;
import dev.baton.cib.SchedulerInput;
import dev.baton.cib.Snapshot;
import dev.baton.cib.WatchdogFencing;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.model.Node;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Watchdog self-fencing (stonith-watchdog-timeout) decided as the operator decides it, without an API server:
 * samples/fencing-lab without its device, the group on compute-1, stonithWatchdogTimeout 4s, each agent feeding a
 * 2 s watchdog (HANode status.watchdogTimeoutMs).
 */
class WatchdogFencingTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final Map<String, NodeState> C1_LOST = Map.of("compute-1", NodeState.LOST,
      "compute-2", NodeState.ONLINE);
  private static final Plan.Op FENCE_C1 = new Plan.Op("fence/off", null, "compute-1");
  private static final Plan.Op VIP_ON_C2 = new Plan.Op("start", "vip", "compute-2");
  private static final List<String> BOTH = List.of("compute-1", "compute-2");

  /** The lab sample without a device, watchdog fencing on, the group started on compute-1. */
  private static List<HasMetadata> running(String swt, Long watchdogMs) throws Exception {
    List<HasMetadata> objects = new ArrayList<>(Fixtures.sample("fencing-lab"));
    objects.removeIf(o -> o instanceof Primitive p && p.getMetadata().getName().equals("fence-lab")
        || o instanceof LocationConstraint l && l.getMetadata().getName().startsWith("fence-lab"));
    Fixtures.only(objects, HACluster.class).get(0).getSpec().properties.stonithWatchdogTimeout =
        swt == null ? null : new IntOrString(swt);
    for (HANode n : Fixtures.only(objects, HANode.class)) {
      for (String r : List.of("vip", "www", "nova-network")) {
        Fixtures.report(n, r, "probe", "0s", 7, T0.toString());
      }
      if (n.getStatus() == null) {
        n.setStatus(new HANodeStatus());
      }
      n.getStatus().watchdogTimeoutMs = watchdogMs;
    }
    HANode c1 = Fixtures.only(objects, HANode.class).stream().filter(n -> n.getMetadata().getName()
        .equals("compute-1")).findFirst().orElseThrow();
    for (String r : List.of("vip", "www", "nova-network")) {
      Fixtures.report(c1, r, "start", "0s", 0, T0.plusSeconds(1).toString());
    }
    return objects;
  }

  private static SchedulerInput input(List<HasMetadata> objects, Map<String, NodeState> states) {
    return SchedulerInput.of(Fixtures.snapshot(objects, List.of(), BOTH), states, T0.plusSeconds(60));
  }

  private static Node c1(SchedulerInput in) {
    return in.model().nodes().stream().filter(n -> n.name().equals("compute-1")).findFirst().orElseThrow();
  }

  @Test
  void aLostNodeFeedingAWatchdogIsFencedByItBeforeItsGroupStartsElsewhere() throws Exception {
    List<HasMetadata> objects = running("4s", 2000L);
    assertThat(Plan.of(Scheduler.schedule(input(objects, Map.of("compute-1", NodeState.ONLINE, "compute-2",
        NodeState.ONLINE)).model()).graph()).isEmpty()).as("converged (managed without any device)").isTrue();

    SchedulerInput in = input(objects, C1_LOST);
    assertThat(in.model().properties().haveWatchdog()).isTrue();
    assertThat(c1(in).unclean()).isEqualTo(SchedulerInput.LEFT_MEMBERSHIP);
    assertThat(in.unfenceable()).isEmpty();
    Plan plan = Plan.of(Scheduler.schedule(in.model()).graph());
    assertThat(plan.fences()).containsExactly(FENCE_C1);
    assertThat(plan.predecessors().get(VIP_ON_C2)).as("the VIP starts after the fence").contains(FENCE_C1);
    assertThat(Stepper.step(plan, null, Set.of(), Set.of(), Set.of("compute-2")).dispatch())
        .doesNotContain(VIP_ON_C2);

    // `kubectl baton simulate --node-fail compute-1` decides the same
    var failed = dev.baton.cib.Injections.parse(List.of("compute-1"), List.of())
        .apply(input(objects, Map.of("compute-1", NodeState.ONLINE, "compute-2", NodeState.ONLINE)).model());
    assertThat(failed).isEqualTo(in.model());
  }

  @Test
  void aNodeWithoutAWatchdogOrWithOneNotShorterIsTakenAsDownByItsLeaseAsWithoutFencing() throws Exception {
    for (Long own : new Long[] {null, 4000L, 6000L}) {
      SchedulerInput in = input(running("4s", own), C1_LOST);
      assertThat(c1(in).unclean()).as("watchdog %s ms", own).isNull();
      assertThat(in.unfenceable()).containsExactly("compute-1");
      assertThat(Plan.of(Scheduler.schedule(in.model()).graph()).fences()).isEmpty();
    }
    // 0 is off: the lab sample's stonith-enabled without a device manages nothing, as Pacemaker
    SchedulerInput off = input(running("0", 2000L), C1_LOST);
    assertThat(off.model().properties().haveWatchdog()).isFalse();
    assertThat(WatchdogFencing.on(Fixtures.only(running("0", 2000L), HACluster.class).get(0).getSpec())).isFalse();
  }

  @Test
  void theWatchdogFenceIsAddressedToItsTargetAndCompletedByTheOperatorOnlyOnceTheTimeoutPassed() throws Exception {
    var t = new dev.baton.api.v1alpha1.Transition();
    t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("tr-1").withNamespace("test")
        .withUid("u").build());
    ResourceAction a = WatchdogFencer.action(t, "fence-compute-1-1", "compute-1", "off", 4000);
    assertThat(a.getSpec().node).as("addressed to the target itself").isEqualTo("compute-1");
    assertThat(a.getSpec().resource).isEqualTo(WatchdogFencing.DEVICE);
    // what the ResourceAction schema requires (the API server refused the action without them)
    assertThat(a.getSpec().resourceClass).isEqualTo(dev.baton.api.v1alpha1.PrimitiveSpec.ResourceClass.stonith);
    assertThat(a.getSpec().type).isEqualTo("watchdog");
    assertThat(a.getSpec().meta).containsEntry("target", "compute-1").containsEntry("fence-action", "off")
        .containsEntry("timeout", "4000");
    assertThat(Fencer.isFence(a) && WatchdogFencing.isWatchdogFence(a)).isTrue();
    a.getMetadata().setUid("a1");
    a.getMetadata().setCreationTimestamp("2026-12-04T10:00:03Z");

    // the lost target never answers: its action is not withdrawn with the node's other actions
    Snapshot s = Fixtures.snapshot(running("4s", 2000L), List.of(a), BOTH);
    assertThat(s.abandoned(C1_LOST)).isEmpty();

    // due only after stonith-watchdog-timeout by the operator's own clock (from when it asked or first saw it)
    long[] now = {0};
    WatchdogFencer wf = new WatchdogFencer(null, () -> now[0]);
    var cs = s.cluster().getSpec();
    assertThat(wf.complete(s, cs, T0)).isEqualTo(4000);
    now[0] = 3_999_000_000L;
    assertThat(wf.complete(s, cs, T0)).as("1 ms to go: not completed (no client needed)").isEqualTo(1);

    FenceEvent pending = FenceHistory.merge(null, s).get(0);
    assertThat(pending.device).isEqualTo("watchdog");
    assertThat(pending.delegate).as("the node fences itself").isEqualTo("compute-1");
    assertThat(pending.result).isEqualTo("pending");
    ResourceActionStatus done = new ResourceActionStatus();
    done.phase = "Succeeded";
    done.completionTime = "2026-12-04T10:00:07.000Z";
    a.setStatus(done);
    assertThat(FenceHistory.merge(List.of(pending), Fixtures.snapshot(running("4s", 2000L), List.of(a), BOTH)))
        .singleElement().satisfies(e -> assertThat(e.result).isEqualTo("success"));
  }
}
