package dev.baton.operator.gitops;

import static dev.baton.operator.gitops.GitSyncTest.location;
import static dev.baton.operator.gitops.GitSyncTest.primitive;
import static dev.baton.operator.gitops.GitSyncTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.git.Manifests;
import dev.baton.testsupport.ControlPlane;
import dev.baton.testsupport.GitServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator itself (Quarkus, JOSDK) syncing a GitSource from git daemon into the real API server. */
@QuarkusTest
@WithTestResource(GitSourceReconcilerTest.ControlPlaneWithCrds.class)
public class GitSourceReconcilerTest {
  private static final int INTERVAL_SECONDS = 2;
  private static GitServer server;

  @Inject
  KubernetesClient client;

  /** Before the operator starts: the API server runs, the CRDs are installed, the client finds it. */
  public static class ControlPlaneWithCrds implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      System.setProperty("kubeconfig", ControlPlane.get().kubeconfig().toString());
      return Map.of();
    }

    @Override
    public void stop() {
    }
  }

  @BeforeAll
  static void startGit() throws Exception {
    server = GitServer.start();
  }

  @AfterAll
  static void stopGit() throws Exception {
    server.close();
  }

  @Test
  void syncsPushesWithinOneIntervalAndReportsKstatus() throws Exception {
    String ns = "gitops-op-" + UUID.randomUUID().toString().substring(0, 8);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    try (GitServer.Author git = server.repository("operator")) {
      String first = git.write("www.yaml", primitive("www", "apache2")).push("www");
      GitSource gs = GitSyncTest.source(ns, "config", git.url, null, false);
      gs.getMetadata().setUid(null);
      gs.getMetadata().setGeneration(null);
      gs.getSpec().interval = new IntOrString(INTERVAL_SECONDS + "s");
      Resource<GitSource> source = client.resources(GitSource.class).inNamespace(ns).resource(gs);
      source.create();

      GitSource ready = await(source, s -> ready(s, Condition.TRUE, "Applied") && first.equals(s.getStatus().lastAppliedRevision));
      assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
      assertThat(ready.getStatus().inventory).containsExactly("Primitive/www");
      assertThat(ready.getStatus().condition("Reconciling")).get().extracting(c -> c.status).isEqualTo(Condition.FALSE);
      assertThat(ready.getStatus().condition("Stalled")).get().extracting(c -> c.status).isEqualTo(Condition.FALSE);
      assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
        assertThat(e.getReason()).isEqualTo("Applied");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("config");
        assertThat(e.getMessage()).contains(first.substring(0, 7)).contains("1 objects");
      });

      String second = git.write("www.yaml", primitive("www", "nginx")).push("nginx");
      long pushed = System.nanoTime();
      client.genericKubernetesResources(Manifests.KINDS.get("Primitive")).inNamespace(ns).withName("www")
          .waitUntilCondition(p -> "nginx".equals(spec(p).get("type")), 30, TimeUnit.SECONDS);
      Duration latency = Duration.ofNanos(System.nanoTime() - pushed);
      System.out.printf("[gitops] push → applied by the operator: %d ms (interval %d s)%n", latency.toMillis(),
          INTERVAL_SECONDS);
      // one interval, plus what a loaded test machine needs for one sync
      assertThat(latency).isLessThan(Duration.ofSeconds(INTERVAL_SECONDS + 3));
      await(source, s -> second.equals(s.getStatus().lastAppliedRevision));

      String bad = git.write("bad.yaml", location("bad", "lots")).push("a score that is no score");
      GitSource stalled = await(source, s -> ready(s, Condition.FALSE, "ValidationFailed"));
      assertThat(stalled.getStatus().condition(Condition.READY).get().message)
          .contains("bad.yaml document 1 (LocationConstraint/bad)").contains("spec.score");
      assertThat(stalled.getStatus().condition("Stalled")).get().extracting(c -> c.status).isEqualTo(Condition.TRUE);
      assertThat(stalled.getStatus().lastAttemptedRevision).isEqualTo(bad);
      assertThat(stalled.getStatus().lastAppliedRevision).isEqualTo(second);
      GenericKubernetesResource www = client.genericKubernetesResources(Manifests.KINDS.get("Primitive"))
          .inNamespace(ns).withName("www").get();
      assertThat(spec(www)).containsEntry("type", "nginx");

      source.edit(s -> {
        s.getSpec().suspend = true;
        return s;
      });
      await(source, s -> ready(s, Condition.FALSE, "Suspended"));
      String fixed = git.delete("bad.yaml").push("fix");
      Thread.sleep(Duration.ofSeconds(2L * INTERVAL_SECONDS).toMillis());
      assertThat(source.get().getStatus().lastAppliedRevision).as("suspended: nothing synced").isEqualTo(second);

      source.edit(s -> {
        s.getSpec().suspend = false;
        return s;
      });
      await(source, s -> ready(s, Condition.TRUE, "Applied") && fixed.equals(s.getStatus().lastAppliedRevision));
    } finally {
      client.namespaces().withName(ns).delete();
    }
  }

  /**
   * With the HA operator running beside it, the Transition a synced revision causes names that
   * revision (read from the objects' baton.dev/git-revision annotation). A Lease renewed here stands
   * in for the node's agent, so the node is online and the scheduler has something to do.
   */
  @Test
  void theTransitionARevisionCausesNamesTheRevision() throws Exception {
    String ns = "gitops-tr-" + UUID.randomUUID().toString().substring(0, 8);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor();
    try (GitServer.Author git = server.repository("transition")) {
      agent.scheduleAtFixedRate(() -> renewLease(ns, "node-1"), 0, 500, TimeUnit.MILLISECONDS);
      String sha = git.write("cluster.yaml", "apiVersion: baton.dev/v1alpha1\nkind: HACluster\nmetadata: {name: ha}\n"
              + "spec: {properties: {stonithEnabled: false}}\n")
          .write("node.yaml", "apiVersion: baton.dev/v1alpha1\nkind: HANode\nmetadata: {name: node-1}\nspec: {}\n")
          .write("www.yaml", primitive("www", "apache2")).push("a cluster of one");
      GitSource gs = GitSyncTest.source(ns, "config", git.url, null, false);
      gs.getMetadata().setUid(null);
      gs.getMetadata().setGeneration(null);
      gs.getSpec().interval = new IntOrString(INTERVAL_SECONDS);
      client.resources(GitSource.class).inNamespace(ns).resource(gs).create();

      Transition t = client.resources(Transition.class).inNamespace(ns).informOnCondition(
          list -> list.stream().anyMatch(x -> sha.equals(x.getSpec().revision))).get(60, TimeUnit.SECONDS)
          .stream().filter(x -> sha.equals(x.getSpec().revision)).findFirst().orElseThrow();
      assertThat(t.getSpec().reason).contains(sha.substring(0, 12));
    } finally {
      agent.shutdownNow();
      client.namespaces().withName(ns).delete();
    }
  }

  @Test
  void aThousandObjectsAreOneTransition() throws Exception {
    String ns = "gitops-1000-" + UUID.randomUUID().toString().substring(0, 8);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor();
    try (GitServer.Author git = server.repository("thousand-op")) {
      agent.scheduleAtFixedRate(() -> renewLease(ns, "compute-1"), 0, 500, TimeUnit.MILLISECONDS);
      String sha = git.writeAll(GitSyncTest.thousandObjects())
          .write("cluster.yaml", "apiVersion: baton.dev/v1alpha1\nkind: HACluster\nmetadata: {name: ha}\n"
              + "spec: {properties: {stonithEnabled: false}}\n")
          .write("node.yaml", "apiVersion: baton.dev/v1alpha1\nkind: HANode\nmetadata: {name: compute-1}\nspec: {}\n")
          .push("1000 objects, a cluster and its node");
      GitSource gs = GitSyncTest.source(ns, "big", git.url, null, false);
      gs.getMetadata().setUid(null);
      gs.getMetadata().setGeneration(null);
      long t0 = System.nanoTime();
      Resource<GitSource> source = client.resources(GitSource.class).inNamespace(ns).resource(gs);
      source.create();
      source.waitUntilCondition(s -> s != null && s.getStatus() != null && sha.equals(s.getStatus().lastAppliedRevision),
          3, TimeUnit.MINUTES);
      long applied = System.nanoTime() - t0;
      Transition t = client.resources(Transition.class).inNamespace(ns).informOnCondition(list -> !list.isEmpty())
          .get(60, TimeUnit.SECONDS).get(0);
      Thread.sleep(3000); // longer than the operator's quiet period: a second transition would show by now
      System.out.printf("[gitops] 1000 objects through the operator: GitSource created → Ready %d ms%n",
          applied / 1_000_000);
      assertThat(client.resources(Transition.class).inNamespace(ns).list().getItems())
          .extracting(x -> x.getMetadata().getName()).containsExactly(t.getMetadata().getName());
      assertThat(t.getSpec().revision).isEqualTo(sha);
    } finally {
      agent.shutdownNow();
      client.namespaces().withName(ns).delete();
    }
  }

  private void renewLease(String ns, String node) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    client.leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata().withName(node)
        .addToLabels("baton.dev/node", node).endMetadata()
        .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(2).withRenewTime(now).withAcquireTime(now)
        .endSpec().build()).forceConflicts().fieldManager("test-agent").serverSideApply();
  }

  private static boolean ready(GitSource s, String status, String reason) {
    return s != null && s.getStatus() != null && s.getStatus().condition(Condition.READY)
        .filter(c -> status.equals(c.status) && reason.equals(c.reason)).isPresent()
        && s.getMetadata().getGeneration().equals(s.getStatus().observedGeneration);
  }

  private static GitSource await(Resource<GitSource> source, Predicate<GitSource> condition) {
    return source.waitUntilCondition(s -> s != null && s.getStatus() != null && condition.test(s), 30, TimeUnit.SECONDS);
  }
}
