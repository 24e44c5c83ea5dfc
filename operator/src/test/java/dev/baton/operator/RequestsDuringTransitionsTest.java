package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.LocationConstraintSpec;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.FailCounts;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crm_resource request that arrives while a transition runs is never lost (the defect of bench-failover: a
 * cleanup set while the failover's last start still ran, and the operator never failed back). The seed's shape
 * with LSB test services: web fails on compute-1, the transition moves ip and web to compute-2 and rebalances
 * net; at a random moment of it (seeded) a request arrives — a cleanup or refresh of web (then everything fails back),
 * a ban of web from compute-2, or compute-2 put in standby — and every time it must be acted on.
 */
@ExtendWith(KubeApi.class)
class RequestsDuringTransitionsTest {
  private static final List<String> SERVICES = List.of("ip", "web", "net");
  private static final String CONFIG = """
      apiVersion: baton.dev/v1alpha1
      kind: HACluster
      metadata: {name: lab}
      spec:
        properties: {stonithEnabled: false, noQuorumPolicy: ignore, startFailureIsFatal: false}
        resourceDefaults: {migration-threshold: 1}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: HANode
      metadata: {name: compute-1}
      spec: {}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: HANode
      metadata: {name: compute-2}
      spec: {}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: ip}
      spec: {class: lsb, type: ip, operations: [{name: monitor, interval: 5s}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: web}
      spec: {class: lsb, type: web, operations: [{name: monitor, interval: 500ms}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: Primitive
      metadata: {name: net}
      spec: {class: lsb, type: net, operations: [{name: monitor, interval: 60s}]}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: ColocationConstraint
      metadata: {name: web-with-ip}
      spec: {resource: web, withResource: ip, score: INFINITY}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: OrderConstraint
      metadata: {name: ip-then-web}
      spec: {first: ip, then: web, kind: Mandatory}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: LocationConstraint
      metadata: {name: ip-on-compute-1}
      spec: {resource: ip, node: compute-1, score: 200}
      ---
      apiVersion: baton.dev/v1alpha1
      kind: LocationConstraint
      metadata: {name: ip-on-compute-2}
      spec: {resource: ip, node: compute-2, score: 100}
      """;

  @TempDir
  Path dir;
  private LocalCluster cluster;

  @AfterEach
  void tearDown() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private boolean placed(String node, String... services) {
    String other = node.equals("compute-1") ? "compute-2" : "compute-1";
    for (String s : services) {
      if (!cluster.running(node, s) || cluster.running(other, s)) {
        return false;
      }
    }
    return true;
  }

  /** The crm_resource requests of the matrix, each with what must hold once it was acted on. */
  enum Request { CLEANUP, REFRESH, BAN, STANDBY }

  @Test
  void aRequestAtAnyMomentOfTheFailoverIsActedOn(KubeApi.Env env) throws Exception {
    cluster = new LocalCluster(env, dir);
    cluster.startAgent("compute-1", SERVICES);
    cluster.startAgent("compute-2", SERVICES);
    cluster.startOperator();
    cluster.apply(CONFIG);
    cluster.await("ip and web on compute-1, net on compute-2", Duration.ofSeconds(60), this::initial);

    // net's start outlasts the failover of ip and web, as nova-network's did in the field
    cluster.startTakes("net", 2.5);
    Random random = new Random(11);
    int rounds = 12;
    int failBacks = 0;
    for (int i = 0; i < rounds; i++) {
      Request request = Request.values()[i % Request.values().length];
      Instant fault = Instant.now();
      cluster.crash("compute-1", "web");
      Transition failover = awaitTransition(env, fault, "web monitor");
      // anywhere from the transition's first action to a little after its last (about 3 s here)
      long delay = random.nextInt(3500);
      Thread.sleep(delay);
      Instant asked = Instant.now();
      String what = "round " + i + ": " + request + " " + delay + " ms into " + name(failover);
      switch (request) {
        case CLEANUP, REFRESH -> {
          annotate(env, "web", request == Request.CLEANUP ? FailCounts.CLEANUP : FailCounts.REFRESH, asked.toString());
          // the failure forgotten: everything returns to compute-1 (no stickiness)
          cluster.await(what + ": fail-back", Duration.ofSeconds(30), this::initial);
          failBacks++;
        }
        case BAN -> {
          ban(env, "web", "compute-2");
          // failed on compute-1, banned from compute-2: web runs nowhere; ip goes back to compute-1
          cluster.await(what + ": web off compute-2", Duration.ofSeconds(30), () -> !cluster.running("compute-2", "web")
              && !cluster.running("compute-1", "web") && placed("compute-1", "ip") && cluster.converged());
          env.client().resources(LocationConstraint.class).withName("cli-ban-web-on-compute-2").delete();
        }
        case STANDBY -> {
          standby(env, "compute-2", true);
          cluster.await(what + ": nothing on compute-2", Duration.ofSeconds(30), () -> SERVICES.stream()
              .noneMatch(sv -> cluster.running("compute-2", sv)) && cluster.converged());
          standby(env, "compute-2", false);
        }
      }
      System.out.printf("%s: acted on, %d ms after the request%n", what, Duration.between(asked, Instant.now())
          .toMillis());
      if (request == Request.BAN || request == Request.STANDBY) {
        annotate(env, "web", FailCounts.CLEANUP, Instant.now().toString());
        cluster.await(what + ": back as configured", Duration.ofSeconds(30), this::initial);
        failBacks++;
      }
    }
    // the watcher: compute-1's web script logged its first start and one per fail-back, none twice
    assertThat(cluster.actionLog("compute-1").stream().filter(l -> l.endsWith(" start web")).count())
        .isEqualTo(1 + failBacks);
  }

  private boolean initial() {
    return placed("compute-1", "ip", "web") && placed("compute-2", "net") && cluster.converged();
  }

  private static void ban(KubeApi.Env env, String resource, String node) {
    LocationConstraint l = new LocationConstraint();
    l.setMetadata(new ObjectMetaBuilder().withName("cli-ban-" + resource + "-on-" + node).build());
    l.setSpec(new LocationConstraintSpec());
    l.getSpec().resource = resource;
    l.getSpec().node = node;
    l.getSpec().score = new IntOrString("-INFINITY");
    env.client().resource(l).create();
  }

  private static void standby(KubeApi.Env env, String node, boolean on) {
    env.client().resources(HANode.class).withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"standby\":" + on + "}}");
  }

  private Transition awaitTransition(KubeApi.Env env, Instant after, String reason) throws InterruptedException {
    Transition[] found = new Transition[1];
    cluster.await("a transition for " + reason, Duration.ofSeconds(20), () -> {
      found[0] = env.client().resources(Transition.class).list().getItems().stream()
          .filter(t -> t.getSpec().reason != null && t.getSpec().reason.contains(reason))
          .filter(t -> !Instant.ofEpochMilli(Long.parseLong(name(t).substring(3))).isBefore(after.minusMillis(50)))
          .max(Comparator.comparing(RequestsDuringTransitionsTest::name)).orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  /** As kubectl annotate writes it: a merge patch of the annotation alone, whatever else changed meanwhile. */
  private static void annotate(KubeApi.Env env, String primitive, String key, String value) {
    env.client().resources(Primitive.class).withName(primitive).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
  }

  private static String name(Transition t) {
    return t.getMetadata().getName();
  }
}
