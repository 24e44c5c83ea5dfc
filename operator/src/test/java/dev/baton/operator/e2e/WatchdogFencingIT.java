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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watchdog self-fencing end to end (stonith-watchdog-timeout, as sbd without a shared disk), every part real: the
 * operator jar, an agent per lab controller feeding its watchdog (agent.conf watchdog-device, a file here, timeout
 * 2 s), and per controller the lab's watchdog (hack/lab/watchdog/baton_lab_watchdog), run outside the controller as
 * a board's watchdog runs outside its OS: unfed for 2 s, it powers the controller off as the lab's fence agent does.
 * samples/fencing-lab without its device and with stonithWatchdogTimeout 4s (twice the watchdog's, as Pacemaker
 * advises): no device can fence, so the operator fences by watchdog — the VIP may come up on compute-2 only once
 * 4 s have passed since it asked, by when compute-1's watchdog has powered it off; never two holders.
 */
class WatchdogFencingIT {
  private static final ControlPlane CP = ControlPlane.get();
  private static final String PREFIX = "wdg";
  private static final long WATCHDOG_MS = 2000;
  private static final long STONITH_WATCHDOG_MS = 4000;

  private Cluster operatorHost;
  private String ns;
  private KubernetesClient client;
  private Lab lab;
  private Cluster cluster;
  private final Map<String, Process> watchdogs = new LinkedHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    Lab.lockMachine();
    ns = "e2e-watchdog-" + UUID.randomUUID().toString().substring(0, 4);
    KubernetesClient admin = CP.admin();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    client = CP.client(ns);
    lab = new Lab(PREFIX);
    cluster = new Cluster(lab, ns);
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
      for (Process w : watchdogs.values()) {
        w.destroy();
        w.waitFor(5, TimeUnit.SECONDS);
      }
      cluster.close();
      operatorHost.close();
    } finally {
      lab.close();
      client.close();
      CP.admin().namespaces().withName(ns).delete();
      Lab.unlockMachine();
    }
  }

  /** The agent freezes (SIGSTOP): it feeds its watchdog no more, and renews no lease. */
  @Test
  void aFrozenVipHolderIsResetByItsWatchdogAndItsVipMovesOnlyAfterStonithWatchdogTimeout() throws Exception {
    startWithTheGroupOnCompute1();
    try (Lab.VipWatch watch = lab.watchVip()) {
      long nano0 = System.nanoTime();
      Instant wall0 = Instant.now();
      assertThat(watch.holder()).as("the watch sees the VIP on c1 first").isEqualTo("c1");
      Instant fault = Instant.now();
      Lab.run(List.of("kill", "-STOP", Long.toString(cluster.agent("c1").pid())));
      Instant served = lab.awaitServedBy("wdg-c2", Duration.ofSeconds(60));

      Fenced f = assertCompute1ResetByItsWatchdogBeforeTheVipCameUpOnCompute2(watch, nano0, wall0, fault);
      assertThat(Duration.between(fault, f.vipOnC2()).toMillis()).as("not before stonith-watchdog-timeout")
          .isGreaterThanOrEqualTo(STONITH_WATCHDOG_MS);
      System.out.printf("watchdog fencing (agent frozen): freeze -> reset by its watchdog %d ms, freeze -> fence"
          + " asked %d ms, freeze -> fence taken as done %d ms, freeze -> VIP on compute-2 %d ms, freeze -> served by"
          + " compute-2 %.3f s, longest two-holder interval %.3f ms%n",
          Duration.between(fault, f.fired()).toMillis(), Duration.between(fault, f.requested()).toMillis(),
          Duration.between(fault, f.confirmed()).toMillis(), Duration.between(fault, f.vipOnC2()).toMillis(),
          Duration.between(fault, served).toMillis() / 1000.0, watch.longestOverlapMs());
    }
  }

  /**
   * nova-network's stop fails on compute-1 (its daemon SIGSTOPped; onFail: fence) under watchdog-only fencing: the
   * operator asks compute-1, still connected, to fence itself; its agent stops feeding, its watchdog resets it.
   */
  @Test
  void aNodeWhoseStopFailsSelfFencesAndItsVipMovesOnlyAfterStonithWatchdogTimeout() throws Exception {
    startWithTheGroupOnCompute1();
    try (Lab.VipWatch watch = lab.watchVip()) {
      long nano0 = System.nanoTime();
      Instant wall0 = Instant.now();
      assertThat(watch.holder()).as("the watch sees the VIP on c1 first").isEqualTo("c1");
      Instant fault = Instant.now();
      cluster.hangNovaNetworkAndBanTheGroup("c1");
      Instant served = lab.awaitServedBy("wdg-c2", Duration.ofSeconds(60));

      Instant stopFailed = cluster.novaNetworksFailedStop("compute-1");
      Fenced f = assertCompute1ResetByItsWatchdogBeforeTheVipCameUpOnCompute2(watch, nano0, wall0, fault);
      assertThat(f.fired()).as("reset after the stop failed").isAfter(stopFailed);
      assertThat(f.agentStarted()).as("compute-1's agent took the self-fence itself (it was connected)").isTrue();
      System.out.printf("watchdog fencing (failed stop): failed stop -> reset by its watchdog %d ms, failed stop ->"
          + " fence taken as done %d ms, failed stop -> VIP on compute-2 %d ms, fault -> served by compute-2 %.3f s,"
          + " longest two-holder interval %.3f ms%n",
          Duration.between(stopFailed, f.fired()).toMillis(), Duration.between(stopFailed, f.confirmed()).toMillis(),
          Duration.between(stopFailed, f.vipOnC2()).toMillis(), Duration.between(fault, served).toMillis() / 1000.0,
          watch.longestOverlapMs());
    }
  }

  /**
   * samples/fencing-lab without its device, stonithWatchdogTimeout 4s; each controller's agent feeds a file its
   * lab watchdog watches; the group on compute-1.
   */
  private void startWithTheGroupOnCompute1() throws Exception {
    cluster.apply("fencing-lab", Map.of("stonithTimeout: 20s", "stonithTimeout: 20s\n    stonithWatchdogTimeout: "
        + STONITH_WATCHDOG_MS / 1000 + "s"), java.util.Set.of("fence.yaml"));
    assertThat(client.resources(Primitive.class).withName("fence-lab").get()).as("no device").isNull();
    for (String node : lab.nodes()) {
      Path device = device(node);
      Files.createDirectories(device.getParent());
      Files.deleteIfExists(device);
      ProcessBuilder pb = new ProcessBuilder(lab.repo().resolve("hack/lab/watchdog/baton_lab_watchdog").toString(),
          "--lab", PREFIX, "--plug", node, "--device", device.toString(), "--timeout",
          Double.toString(WATCHDOG_MS / 1000.0), "--once");
      pb.redirectErrorStream(true).redirectOutput(watchdogLog(node).toFile());
      watchdogs.put(node, pb.start());
      cluster.agentSettings(node, Map.of("watchdog-device", device.toString(), "watchdog-timeout",
          WATCHDOG_MS + "ms"));
      cluster.startAgent(node);
    }
    lab.awaitServedBy("wdg-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    for (String node : lab.nodes()) {
      Cluster.await("the lab's watchdog of " + node + " armed", Duration.ofSeconds(10),
          () -> events(node).stream().anyMatch(e -> e.startsWith("armed ")));
    }
  }

  private Path device(String node) {
    return Path.of("/run/baton-lab", lab.ns(node), "watchdog");
  }

  private Path watchdogLog(String node) {
    return Cluster.LOGS.resolve(ns + "-watchdog-" + node + ".log");
  }

  private List<String> events(String node) {
    try {
      return Files.readAllLines(watchdogLog(node));
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /** When the fence was asked and taken as done, the VIP's kernel add on c2, the lab watchdog's reset. */
  private record Fenced(Instant requested, Instant confirmed, Instant vipOnC2, Instant fired, boolean agentStarted) {
  }

  /**
   * compute-1 was powered off by its watchdog (the lab's, unfed for 2 s), the operator took the watchdog fence as
   * done only after that and stonith-watchdog-timeout after asking, and the VIP started on compute-2 only after —
   * by the start action's time and by the kernel's address events — never with two holders; the HACluster's
   * fencing history has the fence with device watchdog. compute-2's watchdog never fired.
   */
  private Fenced assertCompute1ResetByItsWatchdogBeforeTheVipCameUpOnCompute2(Lab.VipWatch watch, long nano0,
      Instant wall0, Instant fault) throws Exception {
    ResourceAction fence = cluster.awaitAction("the watchdog fence of compute-1 taken as done",
        a -> a.getSpec().action.name()
        .equals("fence") && "compute-1".equals(a.getSpec().meta.get("target")) && a.getStatus() != null
        && "Succeeded".equals(a.getStatus().phase));
    ResourceAction vipStart = cluster.awaitAction("the VIP's start on compute-2",
        a -> a.getSpec().action.name().equals("start")
        && a.getSpec().resource.equals("vip") && a.getSpec().node.equals("compute-2") && a.getStatus() != null
        && a.getStatus().startTime != null);
    assertThat(fence.getSpec().resource).isEqualTo("watchdog");
    assertThat(fence.getSpec().node).as("addressed to the node it fences").isEqualTo("compute-1");
    assertThat(fence.getSpec().meta).containsEntry("fence-action", "off");
    Instant confirmed = Instant.parse(fence.getStatus().completionTime);
    assertThat(fence.getStatus().durationMs).as("waited stonith-watchdog-timeout").isGreaterThanOrEqualTo(
        STONITH_WATCHDOG_MS);
    Instant requested = confirmed.minusMillis(fence.getStatus().durationMs);
    assertThat(Instant.parse(vipStart.getStatus().startTime)).as("the VIP starts only after the fence")
        .isAfter(confirmed);

    // the lab's watchdog of c1 fired (and powered it off) after the fault and before the fence was taken as done
    List<String> c1 = events("c1");
    String fired = c1.stream().filter(e -> e.startsWith("fired ")).findFirst()
        .orElseThrow(() -> new AssertionError("c1's watchdog did not fire: " + c1));
    Instant firedAt = Instant.parse(fired.split(" ")[1]);
    assertThat(Long.parseLong(fired.split(" ")[2])).as("unfed for its timeout").isGreaterThanOrEqualTo(WATCHDOG_MS);
    assertThat(c1).as("powered off").anyMatch(e -> e.startsWith("off ") && e.endsWith(" 0"));
    assertThat(firedAt).as("reset after the fault").isAfter(fault);
    assertThat(firedAt).as("reset before the cluster took it as fenced").isBefore(confirmed);
    assertThat(events("c2")).as("compute-2's watchdog stays fed").noneMatch(e -> e.startsWith("fired "));

    // the kernel's own events: the VIP on c1, gone from c1, then on c2 - and on c2 only after the fence
    Thread.sleep(1000);
    List<long[]> events = watch.eventsSince(nano0);
    Optional<long[]> goneFromC1 = events.stream().filter(e -> e[1] == 1 && e[2] < 0).findFirst();
    Optional<long[]> onC2 = events.stream().filter(e -> e[1] == 2 && e[2] > 0).findFirst();
    assertThat(goneFromC1).as("the watch saw the VIP leave c1: %s", events).isPresent();
    assertThat(onC2).as("the watch saw the VIP on c2: %s", events).isPresent();
    assertThat(onC2.get()[0]).as("on c2 after it left c1").isGreaterThan(goneFromC1.get()[0]);
    Instant vipOnC2 = wall0.plusNanos(onC2.get()[0] - nano0);
    assertThat(vipOnC2).as("the VIP came up on c2 after the fence was taken as done").isAfter(confirmed);
    assertThat(watch.longestOverlapMs()).as("two controllers held the VIP at once").isZero();

    assertThat(Lab.run(List.of("bash", lab.repo().resolve("hack/lab.sh").toString(), "power", PREFIX, "c1",
        "status"), false).exit()).as("c1 powered off").isEqualTo(2);
    Cluster.await("the fencing history in the HACluster's status", Duration.ofSeconds(10), () -> {
      HAClusterStatus st = client.resources(HACluster.class).withName("openstack").get().getStatus();
      return st != null && st.fencing != null && st.fencing.stream().anyMatch(e -> "compute-1".equals(e.target)
          && "success".equals(e.result) && "watchdog".equals(e.device) && "compute-1".equals(e.delegate)
          && "off".equals(e.fenceAction) && e.completed != null);
    });
    assertThat(lab.holdsVip("c2")).isTrue();
    // the agent wrote Running when it took the self-fence (a frozen one cannot): its start precedes the request's
    // rounding only by the API's whole-second creation time
    boolean agentStarted = fence.getStatus().startTime != null
        && !fence.getStatus().startTime.equals(fence.getMetadata().getCreationTimestamp());
    return new Fenced(requested, confirmed, vipOnC2, firedAt, agentStarted);
  }
}
