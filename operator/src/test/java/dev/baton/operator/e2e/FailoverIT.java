package dev.baton.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.testsupport.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The field report's requirement, end to end, with every real part: the local kube-apiserver,
 * the operator jar, one agent per controller inside its network namespace, the native IPaddr2
 * VIP, LSB scripts serving HTTP, and a client namespace fetching http://198.51.100.100/.
 */
class FailoverIT {
  private static final ControlPlane CP = ControlPlane.get();
  private static final String OPS = "baton-e2e-operator";
  private static KubernetesClient admin;
  private static Cluster operatorHost;
  private static Process operator;

  private String ns;
  private KubernetesClient client;
  private Lab lab;
  private Cluster cluster;

  @BeforeAll
  static void startOperator() throws IOException {
    Lab.lockMachine();
    admin = CP.admin();
    if (admin.namespaces().withName(OPS).get() == null) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OPS).endMetadata().build())
          .create();
    }
    operatorHost = new Cluster(null, OPS);
    operator = operatorHost.startOperator("operator");
  }

  @AfterAll
  static void stopOperator() throws Exception {
    try {
      operatorHost.close();
    } finally {
      Lab.unlockMachine();
    }
  }

  @BeforeEach
  void setUp(TestInfo info) throws IOException {
    ns = "e2e-" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "")
        .substring(0, 12) + "-" + UUID.randomUUID().toString().substring(0, 4);
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    client = CP.client(ns);
    lab = new Lab("e2e");
    cluster = new Cluster(lab, ns);
  }

  @AfterEach
  void tearDown() throws Exception {
    // what happened, for the reader of a failed run
    Files.writeString(Cluster.LOGS.resolve(ns + "-objects.yaml"), client.getKubernetesSerialization().asYaml(
        List.of(client.resources(ResourceAction.class).list().getItems(), client.resources(Transition.class).list()
            .getItems(), client.resources(Primitive.class).list().getItems())));
    lab.saveServiceLogs(Cluster.LOGS, ns);
    try {
      cluster.close();
    } finally {
      lab.close();
      client.close();
      admin.namespaces().withName(ns).delete();
    }
  }

  /**
   * compute-1 first, the way the tests' stories begin (the VIP and its services on compute-1): agents started
   * together join in either order on a loaded machine, and whichever joins first runs everything.
   */
  private void startAgents() throws IOException, InterruptedException {
    cluster.startAgent("c1");
    awaitOnline(List.of("compute-1"));
    cluster.startAgent("c2");
    awaitOnline(List.of("compute-1", "compute-2"));
  }

  private void awaitOnline(List<String> nodes) throws InterruptedException {
    Cluster.await(String.join(" and ", nodes) + " online", Duration.ofSeconds(30), () -> {
      HACluster c = client.resources(HACluster.class).withName("openstack").get();
      return c != null && c.getStatus() != null && c.getStatus().onlineNodes != null
          && c.getStatus().onlineNodes.containsAll(nodes);
    });
  }

  @Test
  void seedWwwFailureMovesVipAndWwwToTheStandby() throws Exception {
    cluster.apply("openstack-controllers", Map.of());
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();

    Instant fault = Instant.now();
    lab.killService("c1", "apache2");
    Instant back = lab.awaitServedBy("e2e-c2", Duration.ofSeconds(40));
    System.out.printf("failover (www killed, monitor interval 10s): %.3f s%n",
        Duration.between(fault, back).toMillis() / 1000.0);

    assertThat(lab.holdsVip("c1")).isFalse();
    assertThat(lab.holdsVip("c2")).isTrue();
    Cluster.await("www's fail-count", Duration.ofSeconds(10), () -> cluster.primitive("www").getStatus().failCounts != null);
    Primitive www = cluster.primitive("www");
    assertThat(www.getStatus().failCounts).containsEntry("compute-1", 1);
    assertThat(www.getStatus().lastFailure.operation).startsWith("monitor");
    assertThat(client.resources(Transition.class).list().getItems())
        .anyMatch(t -> t.getSpec().reason.contains("www monitor") && t.getSpec().reason.contains("compute-1"));
  }

  @Test
  void novaNetworkFailureMovesOnlyNovaNetworkInTheSeedButEverythingWhenGrouped() throws Exception {
    // The seed: nothing ties nova-network to the VIP.
    cluster.apply("openstack-controllers", Map.of("interval: 60s", "interval: 1s"));
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    // assigned first (configuration order is by name in Baton, SchedulingTest): beside the VIP, by chance
    Cluster.await("nova-network on compute-1", Duration.ofSeconds(30), () -> Cluster.activeOn("compute-1").test(cluster.primitive("nova-network")));
    lab.killService("c1", "nova-network");
    Cluster.await("nova-network recovered on compute-2", Duration.ofSeconds(30),
        () -> Cluster.activeOn("compute-2").test(cluster.primitive("nova-network")) && "Started".equals(cluster.primitive("nova-network").getStatus().state));
    assertThat(lab.holdsVip("c1")).as("the VIP did not move").isTrue();
    assertThat(lab.http(Duration.ofSeconds(1))).contains("e2e-c1");
  }

  @Test
  void groupedServicesTakeTheVipAlongWhenAnyOfThemFails() throws Exception {
    cluster.apply("openstack-controllers-fixed", Map.of("interval: 60s", "interval: 1s"));
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    Cluster.await("nova-network with the VIP", Duration.ofSeconds(30), () -> Cluster.activeOn("compute-1").test(cluster.primitive("nova-network")));
    lab.killService("c1", "nova-network");
    lab.awaitServedBy("e2e-c2", Duration.ofSeconds(30));
    Cluster.await("nova-network on compute-2", Duration.ofSeconds(30), () -> Cluster.activeOn("compute-2").test(cluster.primitive("nova-network")));
    assertThat(lab.holdsVip("c1")).isFalse();
  }

  @Test
  void nodeLossRecoversOnTheStandbyWithNeverTwoVipHoldersAndNoFailBackAboveTheStickiness() throws Exception {
    cluster.apply("openstack-controllers-fixed", Map.of());
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    try (Lab.VipWatch watch = lab.watchVip()) {
      Instant fault = Instant.now();
      cluster.powerOff("c1");
      Instant back = lab.awaitServedBy("e2e-c2", Duration.ofSeconds(30));
      System.out.printf("failover (node loss, lease 2s + grace 0.5s): %.3f s, longest two-holder interval %.3f ms%n",
          Duration.between(fault, back).toMillis() / 1000.0, watch.longestOverlapMs());
      assertThat(Duration.between(fault, back)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
      Thread.sleep(1000);
      assertThat(watch.longestOverlapMs()).as("two controllers held the VIP at once").isZero();
    }
    // compute-1 returns: stickiness 150 > 200 - 100, so nothing moves back.
    lab.restore("c1");
    cluster.startAgent("c1");
    awaitOnline(List.of("compute-1", "compute-2"));
    Thread.sleep(3000);
    assertThat(lab.http(Duration.ofSeconds(1))).contains("e2e-c2");
    assertThat(lab.holdsVip("c1")).isFalse();
  }

  @Test
  void withoutStickinessTheServicesFailBackWhenThePreferredNodeReturns() throws Exception {
    cluster.apply("openstack-controllers", Map.of());
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    cluster.powerOff("c1");
    lab.awaitServedBy("e2e-c2", Duration.ofSeconds(30));
    lab.restore("c1");
    cluster.startAgent("c1");
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(30));
    assertThat(lab.holdsVip("c2")).isFalse();
  }

  @Test
  void aFailureExpiresAtItsFailureTimeoutAndTheServicesFailBackWithoutACleanup() throws Exception {
    // the seed with failure-timeout 6s; www monitored every second so the failure is found at once
    cluster.apply("openstack-controllers", Map.of("migration-threshold: 1", "migration-threshold: 1\n    failure-timeout: 6s",
        "interval: 10s", "interval: 1s"));
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    lab.killService("c1", "apache2");
    lab.awaitServedBy("e2e-c2", Duration.ofSeconds(30));
    Cluster.await("www's failure counted on compute-1", Duration.ofSeconds(10), () -> {
      var st = cluster.primitive("www").getStatus();
      return st.failuresCountedUntil != null && st.failuresCountedUntil.containsKey("compute-1");
    });
    // Pacemaker: the fail-count has expired once now is past the last failure + failure-timeout, in whole seconds
    Instant expires = Instant.parse(cluster.primitive("www").getStatus().failuresCountedUntil.get("compute-1"))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(6 + 1);
    while (Instant.now().isBefore(expires.minusMillis(500))) {
      assertThat(lab.http(Duration.ofMillis(300))).as("still served by compute-2 before the failure expires")
          .contains("e2e-c2");
      Thread.sleep(200);
    }
    Instant back = lab.awaitServedBy("e2e-c1", Duration.ofSeconds(30));
    // no cluster-recheck-interval: the transition back starts when the failure expires, not at some later poll
    Transition failBack = client.resources(Transition.class).list().getItems().stream()
        .filter(t -> t.getSpec().actions.stream().anyMatch(a -> a.action.equals("start") && a.resource.equals("www")
            && "compute-1".equals(a.node)) && t.getStatus() != null && t.getStatus().startTime != null
            && !Instant.parse(t.getStatus().startTime).isBefore(expires.minusSeconds(1)))
        .findFirst().orElseThrow();
    double wake = Duration.between(expires, Instant.parse(failBack.getStatus().startTime)).toMillis() / 1000.0;
    System.out.printf("failure-timeout 6s: fail-back transition %.3f s after the failure expired, served by compute-1"
        + " %.3f s after%n", wake, Duration.between(expires, back).toMillis() / 1000.0);
    assertThat(wake).isBetween(0.0, 1.0);
    assertThat(cluster.primitive("www").getStatus().failCounts).as("the expired fail-count is cleared").isNull();
    assertThat(lab.holdsVip("c2")).isFalse();
  }

  @Test
  void aNewOperatorCompletesATransitionItsPredecessorLeftAndStartsNothingTwice() throws Exception {
    // a slow start keeps the transition open long enough to kill the leader in the middle of it
    cluster.startAgent("c1");
    cluster.startAgent("c2");
    cluster.apply("openstack-controllers", Map.of());
    Cluster.await("a transition in progress", Duration.ofSeconds(30), () -> client.resources(ResourceAction.class).list()
        .getItems().stream().anyMatch(a -> a.getSpec().action.name().equals("start")));
    operatorHost.killOperator(operator);
    operator = operatorHost.startOperator("operator-2");
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    Cluster.await("converged", Duration.ofSeconds(30), () -> {
      HACluster c = client.resources(HACluster.class).withName("openstack").get();
      return c.getStatus() != null && c.getStatus().condition(Condition.READY).map(k -> k.status.equals("True")).orElse(false);
    });
    Map<String, Long> starts = client.resources(ResourceAction.class).list().getItems().stream()
        .filter(a -> a.getSpec().action.name().equals("start"))
        .collect(Collectors.groupingBy(a -> a.getSpec().resource + "@" + a.getSpec().node, Collectors.counting()));
    assertThat(starts).containsEntry("vip@compute-1", 1L).containsEntry("www@compute-1", 1L)
        .allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
  }

  @Test
  void aBadReferenceIsReportedOnTheObjectAndRunningServicesStayPut() throws Exception {
    cluster.apply("openstack-controllers", Map.of());
    startAgents();
    lab.awaitServedBy("e2e-c1", Duration.ofSeconds(60));
    cluster.awaitConverged();
    int transitions = client.resources(Transition.class).list().getItems().size();
    client.load(new java.io.ByteArrayInputStream("""
        apiVersion: baton.dev/v1alpha1
        kind: ColocationConstraint
        metadata: {name: nova-with-vip}
        spec: {resource: nova-netwrok, withResource: vip, score: INFINITY}
        """.getBytes())).inNamespace(ns).serverSideApply();
    Cluster.await("Ready=False on the constraint", Duration.ofSeconds(20), () -> {
      var c = client.resources(dev.baton.api.v1alpha1.ColocationConstraint.class).withName("nova-with-vip").get();
      return c.getStatus() != null && c.getStatus().condition(Condition.READY)
          .map(k -> k.status.equals("False") && k.reason.equals("UnknownReference") && k.message.contains("nova-netwrok"))
          .orElse(false);
    });
    Thread.sleep(1500);
    assertThat(lab.http(Duration.ofSeconds(1))).contains("e2e-c1");
    assertThat(client.resources(Transition.class).list().getItems()).hasSize(transitions);

    // parameters checked against the meta-data the agents report: a typo on the running VIP leaves it running,
    // a new primitive with a parameter its agent does not define is never started
    client.resources(Primitive.class).withName("vip").edit(p -> {
      p.getSpec().params.put("nicc", new io.fabric8.kubernetes.api.model.IntOrString("eth0"));
      return p;
    });
    client.load(new java.io.ByteArrayInputStream("""
        apiVersion: baton.dev/v1alpha1
        kind: Primitive
        metadata: {name: cache}
        spec: {class: ocf, provider: heartbeat, type: Dummy, params: {bogus: "1"}}
        """.getBytes())).inNamespace(ns).serverSideApply();
    for (String name : List.of("vip", "cache")) {
      Cluster.await("Ready=False UnknownParameter on " + name, Duration.ofSeconds(20), () -> cluster.primitive(name).getStatus() != null
          && cluster.primitive(name).getStatus().condition(Condition.READY).map(k -> k.status.equals("False")
          && k.reason.equals("UnknownParameter") && k.message.contains(name.equals("vip") ? "'nicc'" : "'bogus'"))
          .orElse(false));
    }
    Thread.sleep(1500);
    assertThat(lab.http(Duration.ofSeconds(1))).contains("e2e-c1");
    assertThat(client.resources(ResourceAction.class).list().getItems())
        .noneMatch(a -> a.getSpec().resource.equals("cache") && a.getSpec().action.name().equals("start"))
        .noneMatch(a -> a.getSpec().resource.equals("vip") && a.getSpec().action.name().equals("stop"));
  }
}
