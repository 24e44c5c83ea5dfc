package dev.baton.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.testsupport.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing end to end, every part real: the operator jar, an agent per lab controller, the lab's fence agent
 * (hack/lab/fence/fence_baton_lab, the fence-agents protocol) as a stonith primitive running on compute-2
 * (samples/fencing-lab). The
 * group's last member cannot stop on compute-1 (its daemon is SIGSTOPped, the stop script gives up after 5 s) and
 * its stop has on-fail=fence: compute-1 must be powered off by compute-2's agent, and the VIP may come up on
 * compute-2 only after that fence is confirmed — never two holders. And the same when compute-1 is lost (its
 * links cut): with fencing on, a lost node is fenced before what ran there starts elsewhere.
 */
class FencingIT {
  private static final ControlPlane CP = ControlPlane.get();
  private static final String PREFIX = "fen";

  private Cluster operatorHost;
  private String ns;
  private KubernetesClient client;
  private Lab lab;
  private Cluster cluster;

  @BeforeEach
  void setUp() throws Exception {
    Lab.lockMachine();
    ns = "e2e-fencing-" + UUID.randomUUID().toString().substring(0, 4);
    KubernetesClient admin = CP.admin();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    client = CP.client(ns);
    lab = new Lab(PREFIX);
    cluster = new Cluster(lab, ns);
    cluster.fenceRoots(lab.repo().resolve("hack/lab/fence"), Path.of("/usr/sbin"));
    operatorHost = new Cluster(null, ns);
    operatorHost.startOperator("operator");
  }

  @AfterEach
  void tearDown() throws Exception {
    Files.writeString(Cluster.LOGS.resolve(ns + "-objects.yaml"), client.getKubernetesSerialization().asYaml(
        List.of(client.resources(ResourceAction.class).list().getItems(), client.resources(Transition.class).list()
            .getItems(), client.resources(Primitive.class).list().getItems(),
            client.resources(HACluster.class).list().getItems())));
    lab.saveServiceLogs(Cluster.LOGS, ns);
    try {
      cluster.close();
      operatorHost.close();
    } finally {
      lab.close();
      client.close();
      CP.admin().namespaces().withName(ns).delete();
      Lab.unlockMachine();
    }
  }

  @Test
  void aNodeWhoseStopFailsIsFencedAndItsVipComesUpElsewhereOnlyAfterTheFenceIsConfirmed() throws Exception {
    startWithTheGroupOnCompute1();
    try (Lab.VipWatch watch = lab.watchVip()) {
      long nano0 = System.nanoTime();
      Instant wall0 = Instant.now();
      assertThat(watch.holder()).as("the watch sees the VIP on c1 first").isEqualTo("c1");
      Instant fault = Instant.now();
      cluster.hangNovaNetworkAndBanTheGroup("c1");
      Instant served = lab.awaitServedBy("fen-c2", Duration.ofSeconds(60));

      Instant stopFailed = cluster.novaNetworksFailedStop("compute-1");
      Fenced f = assertCompute1FencedBeforeTheVipCameUpOnCompute2(watch, nano0, wall0);
      assertThat(f.requested().plusSeconds(1)).as("the fence was asked for after the stop failed")
          .isAfterOrEqualTo(stopFailed);

      System.out.printf("fencing: failed stop -> confirmed fence %d ms, failed stop -> VIP on compute-2 %d ms,"
          + " fault -> served by compute-2 %.3f s, longest two-holder interval %.3f ms%n",
          Duration.between(stopFailed, f.confirmed()).toMillis(), Duration.between(stopFailed, f.vipOnC2()).toMillis(),
          Duration.between(fault, served).toMillis() / 1000.0, watch.longestOverlapMs());
    }
  }

  /**
   * Node loss with fencing on: the VIP holder's links are cut (its agent alive but cut off, as in the chaos
   * lab's node-loss). Its lease runs out; as Pacemaker does with a node that left the membership uncleanly, it is
   * fenced (compute-2's agent powers it off) before the group may start on compute-2.
   */
  @Test
  void aLostVipHolderIsFencedAndItsVipComesUpElsewhereOnlyAfterTheFenceIsConfirmed() throws Exception {
    startWithTheGroupOnCompute1();
    try (Lab.VipWatch watch = lab.watchVip()) {
      long nano0 = System.nanoTime();
      Instant wall0 = Instant.now();
      assertThat(watch.holder()).as("the watch sees the VIP on c1 first").isEqualTo("c1");
      Instant fault = Instant.now();
      lab.cut("c1");
      Instant served = lab.awaitServedBy("fen-c2", Duration.ofSeconds(60));

      Fenced f = assertCompute1FencedBeforeTheVipCameUpOnCompute2(watch, nano0, wall0);
      // asked for by the transition of the node's loss (lease 2 s + stop grace 0.5 s from its last renewal seen)
      assertThat(f.started()).as("the fence ran after the cut").isAfter(fault);
      assertThat(client.resources(Transition.class).withName(f.transition()).get().getSpec().reason)
          .as("the fence's transition is the node's loss").contains("nodes not online: [compute-1]");

      System.out.printf("fencing (node loss): cut -> fence started %d ms, cut -> confirmed fence %d ms,"
          + " confirmed fence -> VIP on compute-2 %d ms, cut -> served by compute-2 %.3f s,"
          + " longest two-holder interval %.3f ms%n",
          Duration.between(fault, f.started()).toMillis(), Duration.between(fault, f.confirmed()).toMillis(),
          Duration.between(f.confirmed(), f.vipOnC2()).toMillis(), Duration.between(fault, served).toMillis() / 1000.0,
          watch.longestOverlapMs());
    }
  }

  /**
   * Fencing topology: compute-1's level 1 is a device with a wrong plug (c9: the lab's switch has no such outlet,
   * its off fails), its level 2 the lab device. When compute-1 is lost, level 1 is tried and fails, level 2 fences
   * it, and the VIP comes up on compute-2 only after that.
   */
  @Test
  void aLostNodesFailingFirstLevelGivesWayToTheSecondAndTheVipWaitsForIt() throws Exception {
    startWithTheGroupOnCompute1();
    client.load(new ByteArrayInputStream("""
        apiVersion: baton.dev/v1alpha1
        kind: Primitive
        metadata: {name: fence-wrong-plug}
        spec:
          class: stonith
          type: fence_baton_lab
          params: {lab: %s, pcmk_host_map: "compute-1:c9"}
          operations: [{name: monitor, interval: 10s}]
        ---
        apiVersion: baton.dev/v1alpha1
        kind: LocationConstraint
        metadata: {name: fence-wrong-plug-not-on-compute-1}
        spec: {resource: fence-wrong-plug, node: compute-1, score: -INFINITY}
        """.formatted(PREFIX).getBytes())).inNamespace(ns).serverSideApply();
    client.resources(HACluster.class).withName("openstack").edit(h -> {
      h.getSpec().fencingTopology = client.getKubernetesSerialization().unmarshal("""
          fencingTopology:
          - {index: 1, target: compute-1, devices: [fence-wrong-plug]}
          - {index: 2, target: compute-1, devices: [fence-lab]}
          """, dev.baton.api.v1alpha1.HAClusterSpec.class).fencingTopology;
      return h;
    });
    Cluster.await("the second device started on compute-2", Duration.ofSeconds(60),
        () -> Cluster.activeOn("compute-2").test(cluster.primitive("fence-wrong-plug")));
    cluster.awaitConverged();
    try (Lab.VipWatch watch = lab.watchVip()) {
      long nano0 = System.nanoTime();
      Instant wall0 = Instant.now();
      assertThat(watch.holder()).as("the watch sees the VIP on c1 first").isEqualTo("c1");
      Instant fault = Instant.now();
      lab.cut("c1");
      Instant served = lab.awaitServedBy("fen-c2", Duration.ofSeconds(60));

      Fenced f = assertCompute1FencedBeforeTheVipCameUpOnCompute2(watch, nano0, wall0);
      ResourceAction first = cluster.awaitAction("level 1's failed fence",
          a -> a.getSpec().action.name().equals("fence")
          && a.getSpec().resource.equals("fence-wrong-plug") && a.getStatus() != null
          && "Failed".equals(a.getStatus().phase));
      assertThat(first.getSpec().meta).containsEntry("fence-level", "1");
      assertThat(Instant.parse(first.getStatus().completionTime)).as("level 2 after level 1 failed")
          .isBeforeOrEqualTo(f.started());
      assertThat(client.resources(HACluster.class).withName("openstack").get().getStatus().fencing)
          .extracting(e -> e.device + "@" + e.level + " " + e.result)
          .containsSubsequence("fence-wrong-plug@1 failed", "fence-lab@2 success");

      System.out.printf("fencing (topology): cut -> level 1 failed %d ms, cut -> level 2 confirmed %d ms,"
          + " confirmed fence -> VIP on compute-2 %d ms, cut -> served by compute-2 %.3f s,"
          + " longest two-holder interval %.3f ms%n",
          Duration.between(fault, Instant.parse(first.getStatus().completionTime)).toMillis(),
          Duration.between(fault, f.confirmed()).toMillis(), Duration.between(f.confirmed(), f.vipOnC2()).toMillis(),
          Duration.between(fault, served).toMillis() / 1000.0, watch.longestOverlapMs());
    }
  }

  /** samples/fencing-lab, its device pointed at this lab: the device on compute-2, the group on compute-1. */
  private void startWithTheGroupOnCompute1() throws Exception {
    cluster.apply("fencing-lab", java.util.Map.of("lab: lab ", "lab: " + PREFIX + " "));
    cluster.startAgent("c1");
    cluster.startAgent("c2");
    lab.awaitServedBy("fen-c1", Duration.ofSeconds(60));
    Cluster.await("the fence device started on compute-2", Duration.ofSeconds(60),
        () -> Cluster.activeOn("compute-2").test(cluster.primitive("fence-lab")));
    cluster.awaitConverged();
  }

  /**
   * The fence's request (the ResourceAction's creation, whole seconds), start and confirmation (its agent's times),
   * the VIP's kernel add on c2, and the transition that asked for the fence.
   */
  private record Fenced(Instant requested, Instant started, Instant confirmed, Instant vipOnC2, String transition) {
  }

  /**
   * compute-1 was powered off by compute-2's agent with the lab device, and the VIP started on compute-2 only
   * after that fence was confirmed — by the start action's own time and by the kernel's address events — never
   * with two holders; the lab's power switch says c1 is off, and the HACluster's fencing history has the fence.
   */
  private Fenced assertCompute1FencedBeforeTheVipCameUpOnCompute2(Lab.VipWatch watch, long nano0, Instant wall0)
      throws Exception {
    ResourceAction fence = cluster.awaitAction("the confirmed fence of compute-1",
        a -> a.getSpec().action.name().equals("fence")
        && "compute-1".equals(a.getSpec().meta.get("target")) && a.getStatus() != null
        && "Succeeded".equals(a.getStatus().phase));
    ResourceAction vipStart = cluster.awaitAction("the VIP's start on compute-2",
        a -> a.getSpec().action.name().equals("start")
        && a.getSpec().resource.equals("vip") && a.getSpec().node.equals("compute-2") && a.getStatus() != null
        && a.getStatus().startTime != null);
    assertThat(fence.getSpec().node).as("fenced by the other node").isEqualTo("compute-2");
    assertThat(fence.getSpec().resource).isEqualTo("fence-lab");
    assertThat(fence.getSpec().meta).containsEntry("fence-action", "off");
    Instant fenced = Instant.parse(fence.getStatus().completionTime);
    assertThat(Instant.parse(vipStart.getStatus().startTime)).as("the VIP starts only after the fence is confirmed")
        .isAfter(fenced);

    // the kernel's own events: the VIP on c1, gone from c1, then on c2 - and on c2 only after the fence
    Thread.sleep(1000);
    List<long[]> events = watch.eventsSince(nano0);
    Optional<long[]> goneFromC1 = events.stream().filter(e -> e[1] == 1 && e[2] < 0).findFirst();
    Optional<long[]> onC2 = events.stream().filter(e -> e[1] == 2 && e[2] > 0).findFirst();
    assertThat(goneFromC1).as("the watch saw the VIP leave c1: %s", events).isPresent();
    assertThat(onC2).as("the watch saw the VIP on c2: %s", events).isPresent();
    assertThat(onC2.get()[0]).as("on c2 after it left c1").isGreaterThan(goneFromC1.get()[0]);
    Instant vipOnC2 = wall0.plusNanos(onC2.get()[0] - nano0);
    assertThat(vipOnC2).as("the VIP came up on c2 after the fence was confirmed").isAfter(fenced);
    assertThat(watch.longestOverlapMs()).as("two controllers held the VIP at once").isZero();

    // compute-1 is off (the lab's power switch says so), and the cluster's fencing history says who did it
    assertThat(Lab.run(List.of("bash", lab.repo().resolve("hack/lab.sh").toString(), "power", PREFIX, "c1",
        "status"), false).exit()).as("c1 powered off").isEqualTo(2);
    Cluster.await("the fencing history in the HACluster's status", Duration.ofSeconds(10), () -> {
      HAClusterStatus st = client.resources(HACluster.class).withName("openstack").get().getStatus();
      return st != null && st.fencing != null && st.fencing.stream().anyMatch(e -> "compute-1".equals(e.target)
          && "success".equals(e.result) && "compute-2".equals(e.delegate) && "fence-lab".equals(e.device)
          && "off".equals(e.fenceAction) && e.completed != null);
    });
    assertThat(lab.holdsVip("c2")).isTrue();
    return new Fenced(Instant.parse(fence.getMetadata().getCreationTimestamp()),
        Instant.parse(fence.getStatus().startTime), fenced, vipOnC2, fence.getSpec().transition);
  }
}
