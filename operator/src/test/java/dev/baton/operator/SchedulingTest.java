package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.cib.FailCounts;
import dev.baton.cib.ModelBuilder;
import dev.baton.cib.NodeState;
import dev.baton.cib.OperationHistory;
import dev.baton.cib.SchedulerInput;
import dev.baton.cib.Snapshot;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seed scenario through ModelBuilder, OperationHistory, FailCounts and the scheduler, without an API server. */
class SchedulingTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Plan NOTHING_TO_DO = new Plan(List.of(), Map.of());

  private static Decision decide(Snapshot s) {
    Map<String, PrimitiveStatus> ledgers = new HashMap<>();
    for (Primitive p : s.primitives()) {
      PrimitiveStatus st = p.getStatus() == null ? new PrimitiveStatus() : p.getStatus();
      FailCounts.requests(p, st, T0.plusSeconds(60));
      p.setStatus(st);
      ledgers.put(p.getMetadata().getName(), st);
    }
    OperationHistory h = new OperationHistory(s, ledgers);
    for (Primitive p : s.primitives()) {
      FailCounts.update(p, p.getStatus(), h, false, Set.of());
    }
    var built = ModelBuilder.build(s, n -> true, h.toModel(s.primitives(), ledgers), T0.plusSeconds(60));
    assertThat(built.problems().all()).isEmpty();
    return Scheduler.schedule(built.model());
  }

  @Test
  void seedPlacesVipAndWwwOnComputeOneAndStartsVipFirst() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    Decision d = decide(Fixtures.snapshot(seed, List.of()));
    assertThat(d.placement().roles()).containsEntry("vip", List.of("Started@compute-1"))
        .containsEntry("www", List.of("Started@compute-1"))
        // resources are assigned in configuration order (Pacemaker 2.1.5, default placement strategy); Baton's
        // is by name, so nova-network comes first and takes compute-1 (equal scores, both nodes empty), where
        // crm_simulate on the seed CIB, in which it comes last, puts it on compute-2 (fewer resources). Nothing
        // ties it to the VIP either way: the linter's warning on this sample
        .containsEntry("nova-network", List.of("Started@compute-1"));
    Plan plan = Plan.of(d.graph());
    Plan.Op startVip = new Plan.Op("start", "vip", "compute-1");
    Plan.Op startWww = new Plan.Op("start", "www", "compute-1");
    assertThat(plan.ops()).contains(startVip, startWww);
    assertThat(plan.predecessors().get(startWww)).contains(startVip);
  }

  @Test
  void wwwMonitorFailureMovesVipAndWwwToComputeTwo() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    HANode c1 = node(seed, "compute-1");
    HANode c2 = node(seed, "compute-2");
    for (String r : List.of("vip", "www", "nova-network")) {
      Fixtures.report(c1, r, "probe", "0s", 7, T0.toString());
      Fixtures.report(c2, r, "probe", "0s", 7, T0.toString());
    }
    Fixtures.report(c1, "vip", "start", "0s", 0, T0.plusSeconds(1).toString());
    Fixtures.report(c1, "www", "start", "0s", 0, T0.plusSeconds(2).toString());
    Fixtures.report(c2, "nova-network", "start", "0s", 0, T0.plusSeconds(2).toString());
    assertThat(Plan.of(decide(Fixtures.snapshot(seed, List.of())).graph()).isEmpty())
        .as("converged before the failure").isTrue();

    Fixtures.report(c1, "www", "monitor", "10s", 7, T0.plusSeconds(30).toString());
    Decision d = decide(Fixtures.snapshot(seed, List.of()));
    Primitive www = Fixtures.only(seed, Primitive.class).stream()
        .filter(p -> p.getMetadata().getName().equals("www")).findFirst().orElseThrow();
    assertThat(www.getStatus().failCounts).containsEntry("compute-1", 1);
    assertThat(d.placement().roles()).containsEntry("vip", List.of("Started@compute-2"))
        .containsEntry("www", List.of("Started@compute-2"));
    Plan plan = Plan.of(d.graph());
    // First step: stop www where it failed; the VIP waits for it (and, as in Pacemaker with no
    // stickiness, nova-network is rebalanced onto the node the others left).
    assertThat(plan.ready()).contains(new Plan.Op("stop", "www", "compute-1"))
        .doesNotContain(new Plan.Op("stop", "vip", "compute-1"), new Plan.Op("start", "vip", "compute-2"));

    // The same failure seen again is not counted twice.
    decide(Fixtures.snapshot(seed, List.of()));
    assertThat(www.getStatus().failCounts).containsEntry("compute-1", 1);

    // cleanup forgets it: everything may return to compute-1 (no stickiness in the seed).
    www.getMetadata().setAnnotations(Map.of(FailCounts.CLEANUP, T0.plusSeconds(40).toString()));
    Decision after = decide(Fixtures.snapshot(seed, List.of()));
    assertThat(www.getStatus().failCounts).isNull();
    assertThat(after.placement().roles()).containsEntry("www", List.of("Started@compute-1"));

    // crm_resource --fail on compute-1 counts like a failed monitor: www (and the VIP) leave again.
    www.getMetadata().setAnnotations(Map.of(FailCounts.FAIL, "compute-1@" + T0.plusSeconds(50)));
    Decision failed = decide(Fixtures.snapshot(seed, List.of()));
    assertThat(www.getStatus().failCounts).containsEntry("compute-1", 1);
    assertThat(www.getStatus().lastFailure.exitReason).contains("by request");
    assertThat(failed.placement().roles()).containsEntry("vip", List.of("Started@compute-2"));
    decide(Fixtures.snapshot(seed, List.of()));
    assertThat(www.getStatus().failCounts).as("one request, one failure").containsEntry("compute-1", 1);
  }

  /**
   * A monitor that timed out and passed on its next run a moment later: the agent's record of the monitor shows the
   * success, its last failure (Pacemaker's rsc_last_failure_0) the timeout. It counts, and www recovers (chaos run of
   * session 14, round 124: the two results fell into one status write, and the failure was never seen).
   */
  @Test
  void aFailedMonitorReplacedByASuccessStillCountsAsItsLastFailure() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    HANode c1 = node(seed, "compute-1");
    HANode c2 = node(seed, "compute-2");
    startedAtT0(c1, c2);
    Fixtures.report(c1, "www", "monitor", "10s", 0, T0.plusSeconds(32).toString());
    HANodeStatus.OperationRecord timedOut = new HANodeStatus.OperationRecord();
    timedOut.operation = "monitor";
    timedOut.interval = "10s";
    timedOut.rc = 1;
    timedOut.status = "timeout";
    timedOut.lastRun = T0.plusSeconds(30).toString();
    c1.getStatus().resources.stream().filter(h -> h.resource.equals("www")).findFirst().orElseThrow().lastFailure =
        timedOut;
    Decision d = decide(Fixtures.snapshot(seed, List.of()));
    Primitive www = Fixtures.only(seed, Primitive.class).stream()
        .filter(p -> p.getMetadata().getName().equals("www")).findFirst().orElseThrow();
    assertThat(www.getStatus().failCounts).containsEntry("compute-1", 1);
    assertThat(d.placement().roles()).containsEntry("www", List.of("Started@compute-2"));
    assertThat(Plan.of(d.graph()).ready()).contains(new Plan.Op("stop", "www", "compute-1"));
  }

  @Test
  void aCleanupOfAFailedStopProbesAgainInsteadOfAssumingItStillRuns() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    HANode c1 = node(seed, "compute-1");
    HANode c2 = node(seed, "compute-2");
    for (String r : List.of("vip", "www", "nova-network")) {
      Fixtures.report(c1, r, "probe", "0s", 7, T0.minusSeconds(1).toString());
      Fixtures.report(c2, r, "probe", "0s", 7, T0.minusSeconds(1).toString());
    }
    startedAtT0(c1, c2);
    // nova-network's stop on compute-2 failed (it hung): blocked there, still taken as running
    Fixtures.report(c2, "nova-network", "stop", "0s", 1, T0.plusSeconds(30).toString());
    Decision failed = decide(Fixtures.snapshot(seed, List.of()));
    assertThat(failed.placement().roles()).containsEntry("nova-network", List.of("Started@compute-2"));
    assertThat(Plan.of(failed.graph()).ops()).doesNotContain(new Plan.Op("probe", "nova-network", "compute-2"));

    // the administrator cleans both up; the daemon has ended since. Where it failed its history is cleared, so
    // it is probed there; the VIP, which never failed, keeps its history and is not probed
    List<Primitive> primitives = Fixtures.only(seed, Primitive.class);
    primitives.stream().filter(p -> List.of("nova-network", "vip").contains(p.getMetadata().getName()))
        .forEach(p -> p.getMetadata().setAnnotations(Map.of(FailCounts.CLEANUP, T0.plusSeconds(40).toString())));
    Plan cleaned = Plan.of(decide(Fixtures.snapshot(seed, List.of())).graph());
    assertThat(cleaned.ops()).contains(new Plan.Op("probe", "nova-network", "compute-2"))
        .doesNotContain(new Plan.Op("probe", "vip", "compute-1"), new Plan.Op("probe", "nova-network", "compute-1"));

    // the probe finds it stopped: it is started again, and nothing is probed twice
    Fixtures.report(c2, "nova-network", "monitor", "0s", 7, T0.plusSeconds(61).toString());
    Plan probed = Plan.of(decide(Fixtures.snapshot(seed, List.of())).graph());
    assertThat(probed.ops()).anyMatch(op -> op.action().equals("start") && op.resource().equals("nova-network"))
        .noneMatch(op -> op.action().equals("probe"));
  }

  @Test
  void aFailCountExpiresAtFailureTimeoutAndIsClearedSoTheServicesMayReturn() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    Fixtures.only(seed, HACluster.class).get(0).getSpec().resourceDefaults.failureTimeout = new IntOrString("1min");
    HANode c1 = node(seed, "compute-1");
    HANode c2 = node(seed, "compute-2");
    startedAtT0(c1, c2);
    Fixtures.report(c1, "www", "monitor", "10s", 7, T0.plusSeconds(30).toString());
    Fixtures.report(c1, "www", "stop", "0s", 0, T0.plusSeconds(31).toString());
    Fixtures.report(c1, "vip", "stop", "0s", 0, T0.plusSeconds(31).toString());
    Fixtures.report(c2, "vip", "start", "0s", 0, T0.plusSeconds(32).toString());
    Fixtures.report(c2, "www", "start", "0s", 0, T0.plusSeconds(32).toString());
    Map<String, NodeState> online = Map.of("compute-1", NodeState.ONLINE, "compute-2", NodeState.ONLINE);

    // 60 s after the failure: not yet expired (Pacemaker: once now is past it, in whole seconds)
    SchedulerInput at90 = SchedulerInput.of(Fixtures.snapshot(seed, List.of()), online, T0.plusSeconds(90));
    assertThat(at90.ledgers().get("www").failCounts).containsEntry("compute-1", 1);
    assertThat(Scheduler.schedule(at90.model()).placement().roles()).containsEntry("www", List.of("Started@compute-2"));
    // the operator writes the counted failure back into the Primitive's status
    Fixtures.only(seed, Primitive.class).forEach(p -> p.setStatus(at90.ledgers().get(p.getMetadata().getName())));

    SchedulerInput at91 = SchedulerInput.of(Fixtures.snapshot(seed, List.of()), online, T0.plusSeconds(91));
    assertThat(at91.ledgers().get("www").failCounts).as("cleared, as Pacemaker clears it").isNull();
    assertThat(at91.newFailures()).as("the old failure is not counted again").isEmpty();
    assertThat(Scheduler.schedule(at91.model()).placement().roles()).containsEntry("www", List.of("Started@compute-1"))
        .containsEntry("vip", List.of("Started@compute-1"));
  }

  @Test
  void aLostNodesReportsAreNotTakenAndOnItsReturnItsHistoryIsForgottenAndItIsProbedAgain() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    // stickiness, as the chaos lab has: the group stays where it moved
    Fixtures.only(seed, HACluster.class).get(0).getSpec().resourceDefaults.resourceStickiness = new IntOrString(100);
    HANode c1 = node(seed, "compute-1");
    HANode c2 = node(seed, "compute-2");
    startedAtT0(c1, c2);
    // compute-1 frozen past its lease: LOST, the group moved to compute-2
    Fixtures.report(c2, "vip", "start", "0s", 0, T0.plusSeconds(10).toString());
    Fixtures.report(c2, "www", "start", "0s", 0, T0.plusSeconds(10).toString());
    // thawed, its agent reports the VIP the kernel lifetime removed as a failed monitor, before its lease renewal
    Fixtures.report(c1, "vip", "monitor", "5s", 7, T0.plusSeconds(20).toString());
    Map<String, NodeState> c1Lost = Map.of("compute-1", NodeState.LOST, "compute-2", NodeState.ONLINE);
    Map<String, NodeState> online = Map.of("compute-1", NodeState.ONLINE, "compute-2", NodeState.ONLINE);

    Rejoins rejoins = new Rejoins(new Membership());
    assertThat(rejoins.update("ns", online, T0)).as("nothing lost yet").isEmpty();
    assertThat(rejoins.update("ns", c1Lost, T0.plusSeconds(9))).isEmpty();
    SchedulerInput whileLost = SchedulerInput.of(Fixtures.snapshot(seed, List.of()), c1Lost,
        rejoins.update("ns", c1Lost, T0.plusSeconds(20)), T0.plusSeconds(20));
    assertThat(whileLost.ledgers().get("vip").failCounts).as("a lost node's report is not taken").isNull();
    assertThat(whileLost.newFailures()).isEmpty();
    Fixtures.only(seed, Primitive.class).forEach(p -> p.setStatus(whileLost.ledgers().get(p.getMetadata().getName())));

    Map<String, Instant> back = rejoins.update("ns", online, T0.plusSeconds(21));
    assertThat(back).containsExactly(Map.entry("compute-1", T0.plusSeconds(21)));
    SchedulerInput rejoined = SchedulerInput.of(Fixtures.snapshot(seed, List.of()), online, back, T0.plusSeconds(21));
    assertThat(rejoined.ledgers().get("vip").failCounts).as("nor once it is back").isNull();
    assertThat(rejoined.ledgers().get("vip").cleanedAt).as("kept for a later operator")
        .containsEntry("compute-1", T0.plusSeconds(21).toString());
    assertThat(rejoined.history().nodesOf("vip")).as("its history from before is forgotten")
        .containsExactly("compute-2");
    Plan plan = Plan.of(Scheduler.schedule(rejoined.model()).graph());
    assertThat(plan.ops()).as("probed again, nothing stopped on what it reported before")
        .contains(new Plan.Op("probe", "vip", "compute-1"), new Plan.Op("probe", "www", "compute-1"),
            new Plan.Op("probe", "nova-network", "compute-1"))
        .doesNotContain(new Plan.Op("stop", "vip", "compute-1"), new Plan.Op("stop", "vip", "compute-2"),
            new Plan.Op("stop", "www", "compute-2"));

    // a later operator (nothing in memory) finds the failure forgotten in the Primitive's status
    Fixtures.only(seed, Primitive.class).forEach(p -> p.setStatus(rejoined.ledgers().get(p.getMetadata().getName())));
    SchedulerInput restarted = SchedulerInput.of(Fixtures.snapshot(seed, List.of()), online, T0.plusSeconds(30));
    assertThat(restarted.ledgers().get("vip").failCounts).isNull();
    assertThat(restarted.newFailures()).isEmpty();
    assertThat(rejoins.update("ns", online, T0.plusSeconds(40))).as("back once, not again")
        .containsExactly(Map.entry("compute-1", T0.plusSeconds(21)));
  }

  @Test
  void aNodeFirstSeenLostHasNothingToForget() {
    Rejoins rejoins = new Rejoins(new Membership());
    rejoins.update("ns", Map.of("compute-1", NodeState.LOST), T0);
    assertThat(rejoins.update("ns", Map.of("compute-1", NodeState.ONLINE), T0.plusSeconds(1))).isEmpty();
    assertThat(rejoins.update("other", Map.of("compute-1", NodeState.ONLINE), T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void nodesLostOnlyWhileTheOperatorWasBlindHaveNothingToForget() {
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
    Membership m = new Membership(nanos::get);
    Rejoins rejoins = new Rejoins(m);
    Map<String, NodeState> lost = Map.of("compute-1", NodeState.LOST, "compute-2", NodeState.LOST);
    Map<String, NodeState> online = Map.of("compute-1", NodeState.ONLINE, "compute-2", NodeState.ONLINE);
    m.observe("ns", lease("compute-1", "1"));
    m.observe("ns", lease("compute-2", "1"));
    rejoins.update("ns", online, T0);
    // etcd down: no lease changes for longer than a lease duration, both judged LOST meanwhile
    nanos.addAndGet(10_000_000_000L);
    rejoins.update("ns", lost, T0.plusSeconds(10));
    m.observe("ns", lease("compute-1", "2"));
    m.observe("ns", lease("compute-2", "2"));
    assertThat(rejoins.update("ns", online, T0.plusSeconds(11))).isEmpty();
    // compute-1 alone frozen while compute-2 renews: a loss, and a return
    rejoins.update("ns", Map.of("compute-1", NodeState.LOST, "compute-2", NodeState.ONLINE), T0.plusSeconds(20));
    nanos.addAndGet(1_000_000_000L);
    m.observe("ns", lease("compute-2", "3"));
    m.observe("ns", lease("compute-1", "3"));
    assertThat(rejoins.update("ns", online, T0.plusSeconds(21)))
        .containsExactly(Map.entry("compute-1", T0.plusSeconds(21)));
  }

  private static io.fabric8.kubernetes.api.model.coordination.v1.Lease lease(String node, String version) {
    return new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder().withNewMetadata().withName(node)
        .withResourceVersion(version).endMetadata().withNewSpec().withHolderIdentity(node).endSpec().build();
  }

  @Test
  void monitorsAreWantedForStartedPrimitivesUntilTheAgentReportsThem() throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    HANode c1 = node(seed, "compute-1");
    Fixtures.report(c1, "vip", "start", "0s", 0, T0.toString());
    Snapshot s = Fixtures.snapshot(seed, List.of());
    List<Monitors.Wanted> wanted = Monitors.missing(s.primitives(), new OperationHistory(s), Set.of("compute-1"), NOTHING_TO_DO);
    assertThat(wanted).singleElement().satisfies(w -> {
      assertThat(w.primitive().getMetadata().getName()).isEqualTo("vip");
      assertThat(w.intervalMs()).isEqualTo(3000);
    });
    assertThat(Monitors.missing(s.primitives(), new OperationHistory(s), Set.of(), NOTHING_TO_DO)).as("not on offline nodes").isEmpty();
    Fixtures.report(c1, "vip", "monitor", "3s", 0, T0.plusSeconds(1).toString());
    Snapshot s2 = Fixtures.snapshot(seed, List.of());
    assertThat(Monitors.missing(s2.primitives(), new OperationHistory(s2), Set.of("compute-1"), NOTHING_TO_DO)).isEmpty();
    // started again (a fail-back), and already to be stopped there: no monitor until it has settled
    Fixtures.report(c1, "vip", "start", "0s", 0, T0.plusSeconds(2).toString());
    Snapshot s3 = Fixtures.snapshot(seed, List.of());
    Plan moving = new Plan(List.of(new Plan.Op("stop", "vip", "compute-1")), Map.of(new Plan.Op("stop", "vip", "compute-1"), Set.of()));
    assertThat(Monitors.missing(s3.primitives(), new OperationHistory(s3), Set.of("compute-1"), NOTHING_TO_DO)).hasSize(1);
    assertThat(Monitors.missing(s3.primitives(), new OperationHistory(s3), Set.of("compute-1"), moving)).isEmpty();
  }

  /** vip and www started on c1, nova-network on c2, at T0. */
  private static void startedAtT0(HANode c1, HANode c2) {
    Fixtures.report(c1, "vip", "start", "0s", 0, T0.toString());
    Fixtures.report(c1, "www", "start", "0s", 0, T0.toString());
    Fixtures.report(c2, "nova-network", "start", "0s", 0, T0.toString());
  }

  private static HANode node(List<HasMetadata> objects, String name) {
    return Fixtures.only(objects, HANode.class).stream().filter(n -> n.getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }
}
