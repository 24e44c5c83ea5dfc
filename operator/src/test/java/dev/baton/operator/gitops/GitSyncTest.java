package dev.baton.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceSpec;
import dev.baton.cib.git.GitCache;
import dev.baton.cib.git.GitOps;
import dev.baton.cib.git.Manifests;
import dev.baton.operator.gitops.GitSync.Outcome;
import dev.baton.operator.gitops.GitSync.Result;
import dev.baton.testsupport.GitServer;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** GitSync against the real API server and a real git daemon; each test in its own namespace. */
@ExtendWith(KubeApi.class)
class GitSyncTest {
  private static GitServer server;
  private final KubernetesClient client;
  private final List<String> namespaces = new ArrayList<>();
  @TempDir
  Path cache;
  private GitSync sync;

  GitSyncTest(KubeApi.Env env) {
    this.client = env.controlPlane().admin();
  }

  @BeforeAll
  static void startGit() throws Exception {
    server = GitServer.start();
  }

  @AfterAll
  static void stopGit() throws IOException {
    server.close();
  }

  @BeforeEach
  void newSync() throws IOException {
    sync = new GitSync(client, cache, 16);
  }

  @AfterEach
  void cleanUp() {
    sync.close();
    namespaces.forEach(n -> client.namespaces().withName(n).delete());
  }

  @Test
  void appliesARevisionWholeLabelledWithSourceAndRevision() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("fixed")) {
      Path samples = Path.of(System.getProperty("baton.repo", "../")).resolve("samples/openstack-controllers-fixed");
      try (Stream<Path> files = Files.list(samples)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          git.write("cluster/" + f.getFileName(), Files.readString(f));
        }
      }
      git.write("cluster/README.md", "not YAML, not read");
      String sha = git.push("openstack controllers");
      GitSource source = source(ns, "ha", git.url, "cluster", false);

      Result r = sync.sync(source);

      assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.APPLIED);
      assertThat(r.revision()).isEqualTo(sha);
      assertThat(r.inventory()).containsExactly("ColocationConstraint/services-with-vip", "HACluster/openstack",
          "HANode/compute-1", "HANode/compute-2", "LocationConstraint/compute-1", "LocationConstraint/compute-2",
          "OrderConstraint/vip-before-services", "Primitive/nova-network", "Primitive/vip", "Primitive/www",
          "ResourceGroup/controller-services");
      GenericKubernetesResource vip = get(ns, "Primitive", "vip");
      assertThat(vip.getMetadata().getLabels()).containsEntry(GitOps.SOURCE_LABEL, "ha");
      assertThat(vip.getMetadata().getAnnotations()).containsEntry(GitOps.REVISION_ANNOTATION, sha);
      assertThat(vip.getMetadata().getManagedFields()).anyMatch(m -> GitOps.FIELD_MANAGER.equals(m.getManager()));
      assertThat(spec(vip)).containsEntry("type", "IPaddr2");

      Result again = sync.sync(source);
      assertThat(again.outcome()).isEqualTo(Outcome.APPLIED);
      assertThat(again.changed()).as("an unchanged revision writes nothing").isEmpty();
      assertThat(get(ns, "Primitive", "vip").getMetadata().getResourceVersion())
          .isEqualTo(vip.getMetadata().getResourceVersion());

      Result wrongPath = sync.sync(source(ns, "elsewhere", git.url, "clusters", false));
      assertThat(wrongPath.outcome()).isEqualTo(Outcome.VALIDATION_FAILED);
      assertThat(wrongPath.message()).endsWith("path clusters does not exist at " + sha.substring(0, 7));
    }
  }

  @Test
  void invalidYamlAppliesNothingAndNamesFileAndDocument() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("yaml")) {
      String good = git.write("a.yaml", primitive("www", "apache2")).push("www");
      GitSource source = source(ns, "src", git.url, null, false);
      assertThat(sync.sync(source).outcome()).isEqualTo(Outcome.APPLIED);

      git.write("a.yaml", primitive("www", "nginx"))
          .write("b.yaml", primitive("db", "mysql") + "---\n" + "kind: Primitive\nmetadata: {name: x\n  spec: [\n")
          .push("nginx, db, and a typo");
      Result r = sync.sync(source);

      assertThat(r.outcome()).isEqualTo(Outcome.VALIDATION_FAILED);
      assertThat(r.message()).contains("b.yaml document 2: invalid YAML");
      assertThat(get(ns, "Primitive", "db")).as("nothing of the revision is applied").isNull();
      GenericKubernetesResource www = get(ns, "Primitive", "www");
      assertThat(spec(www)).containsEntry("type", "apache2");
      assertThat(www.getMetadata().getAnnotations()).containsEntry(GitOps.REVISION_ANNOTATION, good);
    }
  }

  @Test
  void objectTheApiServerRejectsAppliesNothingAndNamesTheField() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("rejected")) {
      git.write("p.yaml", primitive("www", "apache2")).push("www");
      GitSource source = source(ns, "src", git.url, null, false);
      assertThat(sync.sync(source).outcome()).isEqualTo(Outcome.APPLIED);

      git.write("p.yaml", primitive("www", "nginx"))
          .write("c/loc.yaml", location("good", 100) + "---\n" + location("bad", "lots"))
          .push("nginx, and a score that is no score");
      Result r = sync.sync(source);

      assertThat(r.outcome()).isEqualTo(Outcome.VALIDATION_FAILED);
      assertThat(r.message()).contains("c/loc.yaml document 2 (LocationConstraint/bad)").contains("spec.score")
          .contains("must be an integer from -1000000 to 1000000, or INFINITY").doesNotContain("document 1");
      assertThat(get(ns, "LocationConstraint", "good")).isNull();
      assertThat(spec(get(ns, "Primitive", "www"))).containsEntry("type", "apache2");
    }
  }

  @Test
  void onlyBatonConfigurationKindsAreAccepted() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("kinds")) {
      git.write("ok.yaml", primitive("www", "apache2"))
          .write("other.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n"
              + "---\n---\napiVersion: baton.dev/v1alpha1\nkind: GitSource\nmetadata: {name: nested}\nspec: {url: file:///x}\n"
              + "---\napiVersion: baton.dev/v1alpha1\nkind: Primitive\nmetadata: {name: p, namespace: elsewhere}\n"
              + "spec: {class: lsb, type: x}\n")
          .push("a ConfigMap, a GitSource and a Primitive for another namespace");
      Result r = sync.sync(source(ns, "src", git.url, null, false));

      assertThat(r.outcome()).isEqualTo(Outcome.VALIDATION_FAILED);
      assertThat(r.message()).contains("other.yml document 1: kind ConfigMap of apiVersion v1 is not accepted")
          .contains("other.yml document 3: kind GitSource of apiVersion baton.dev/v1alpha1 is not accepted")
          .contains("other.yml document 4: metadata.namespace elsewhere is not the GitSource's namespace");
      assertThat(get(ns, "Primitive", "www")).isNull();
    }
  }

  @Test
  void manyProblemsAreSummarised() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("many")) {
      git.write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n".repeat(25)).push("25 ConfigMaps");
      Result r = sync.sync(source(ns, "src", git.url, null, false));
      assertThat(r.message()).contains("bad.yaml document 10: kind ConfigMap").doesNotContain("bad.yaml document 11:")
          .endsWith("; and 15 more");
    }
  }

  @Test
  void pruneDeletesWhatLeftGitOnlyWhenEnabledAndNeverTouchesOthers() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("prune")) {
      git.write("www.yaml", primitive("www", "apache2")).write("db.yaml", primitive("db", "mysql")).push("two");
      GitSource source = source(ns, "src", git.url, null, false);
      assertThat(sync.sync(source).outcome()).isEqualTo(Outcome.APPLIED);
      client.genericKubernetesResources(Manifests.KINDS.get("Primitive")).inNamespace(ns)
          .resource(handMade(ns, "manual")).create();

      git.delete("db.yaml").push("db leaves Git");
      Result kept = sync.sync(source);
      assertThat(kept.outcome()).isEqualTo(Outcome.APPLIED);
      assertThat(kept.inventory()).containsExactly("Primitive/www");
      assertThat(kept.pruned()).isEmpty();
      assertThat(get(ns, "Primitive", "db")).as("without prune, kept").isNotNull();

      source.getSpec().prune = true;
      Result pruned = sync.sync(source);
      assertThat(pruned.pruned()).containsExactly("Primitive/db");
      assertThat(get(ns, "Primitive", "db")).isNull();
      assertThat(get(ns, "Primitive", "www")).isNotNull();
      assertThat(get(ns, "Primitive", "manual")).as("not created by the source: never touched").isNotNull();

      git.delete("www.yaml").push("everything leaves Git");
      Result empty = sync.sync(source);
      assertThat(empty.outcome()).isEqualTo(Outcome.VALIDATION_FAILED);
      assertThat(empty.message()).contains("no objects in *.yaml or *.yml under the repository root");
      assertThat(get(ns, "Primitive", "www")).as("an empty revision prunes nothing").isNotNull();
    }
  }

  @Test
  void revertingACommitRestoresThePreviousConfiguration() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("revert")) {
      git.write("loc.yaml", location("prefer-1", 200)).push("prefer compute-1");
      GitSource source = source(ns, "src", git.url, null, false);
      sync.sync(source);
      String bad = git.write("loc.yaml", location("prefer-1", -50)).write("more.yaml", primitive("extra", "x"))
          .push("oops");
      assertThat(sync.sync(source).outcome()).isEqualTo(Outcome.APPLIED);
      assertThat(spec(get(ns, "LocationConstraint", "prefer-1"))).containsEntry("score", -50);

      String revert = git.revert(bad);
      source.getSpec().prune = true;
      Result r = sync.sync(source);

      assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
      assertThat(r.revision()).isEqualTo(revert);
      GenericKubernetesResource loc = get(ns, "LocationConstraint", "prefer-1");
      assertThat(spec(loc)).containsEntry("score", 200);
      assertThat(loc.getMetadata().getAnnotations()).containsEntry(GitOps.REVISION_ANNOTATION, revert);
      assertThat(get(ns, "Primitive", "extra")).isNull();
      assertThat(r.drifted()).as("a change that came from Git is not drift").isEmpty();
    }
  }

  @Test
  void handEditIsRevertedAtTheNextSyncWithAnEvent() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("drift")) {
      git.write("www.yaml", primitive("www", "apache2")).push("www");
      GitSource source = source(ns, "src", git.url, null, false);
      sync.sync(source);

      // kubectl edit: changes a field Git sets and adds one Git does not have
      PatchContext edit = PatchContext.of(PatchType.JSON_MERGE);
      edit.setFieldManager("kubectl-edit");
      client.genericKubernetesResources(Manifests.KINDS.get("Primitive")).inNamespace(ns).withName("www")
          .patch(edit, "{\"spec\":{\"type\":\"nginx\",\"meta\":{\"target-role\":\"Stopped\"}}}");

      Result r = sync.sync(source);

      assertThat(r.drifted()).containsExactly("Primitive/www");
      Map<String, Object> restored = spec(get(ns, "Primitive", "www"));
      assertThat(restored).containsEntry("type", "apache2").doesNotContainKey("meta");
      List<Event> events = client.v1().events().inNamespace(ns).list().getItems().stream()
          .filter(e -> "DriftCorrected".equals(e.getReason())).toList();
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Primitive");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("www");
        assertThat(e.getMessage()).contains("restored to revision").contains("www.yaml");
      });

      git.write("www.yaml", primitive("www", "lighttpd")).push("Git changes it: not drift");
      Result next = sync.sync(source);
      assertThat(next.changed()).containsExactly("Primitive/www");
      assertThat(next.drifted()).isEmpty();
    }
  }

  @Test
  void followsATagOrACommit() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("refs")) {
      String v1 = git.write("p.yaml", primitive("www", "apache2")).push("v1");
      git.tag("v1");
      String v2 = git.write("p.yaml", primitive("www", "nginx")).push("v2");
      GitSource byTag = source(ns, "src", git.url, null, false);
      byTag.getSpec().ref = new GitSourceSpec.GitRef();
      byTag.getSpec().ref.tag = "v1";
      assertThat(sync.sync(byTag).revision()).isEqualTo(v1);
      assertThat(spec(get(ns, "Primitive", "www"))).containsEntry("type", "apache2");

      byTag.getSpec().ref.tag = null;
      byTag.getSpec().ref.commit = v2.substring(0, 10);
      assertThat(sync.sync(byTag).revision()).isEqualTo(v2);
      assertThat(spec(get(ns, "Primitive", "www"))).containsEntry("type", "nginx");

      byTag.getSpec().ref.commit = null;
      byTag.getSpec().ref.branch = "nope";
      Result r = sync.sync(byTag);
      assertThat(r.outcome()).isEqualTo(Outcome.FETCH_FAILED);
      assertThat(r.message()).contains("branch nope not found");
    }
  }

  @Test
  void objectsAtARevisionForSimulateWriteNothing() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("simulate")) {
      String v1 = git.write("p.yaml", primitive("www", "apache2")).push("v1");
      git.write("q.yaml", primitive("db", "mysql")).push("v2");
      GitSource source = source(ns, "src", git.bare.toUri().toString(), null, false); // file://

      List<GenericKubernetesResource> at = new GitCache(cache).objectsAt(client, source, v1.substring(0, 8));

      assertThat(at).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly("Primitive/www");
      assertThat(at.get(0).getMetadata().getAnnotations()).containsEntry(GitOps.REVISION_ANNOTATION, v1);
      assertThat(new GitCache(cache).objectsAt(client, source, "refs/remotes/origin/main")).hasSize(2);
      assertThat(get(ns, "Primitive", "www")).isNull();
    }
  }

  @Test
  void aThousandObjects() throws Exception {
    String ns = namespace();
    try (GitServer.Author git = server.repository("thousand")) {
      Map<String, String> files = thousandObjects();
      git.writeAll(files).push("1000 objects");
      GitSource source = source(ns, "big", git.url, null, false);

      long t0 = System.nanoTime();
      Result r = sync.sync(source);
      long applied = System.nanoTime() - t0;
      t0 = System.nanoTime();
      Result again = sync.sync(source);
      long unchanged = System.nanoTime() - t0;
      git.write("f0.yaml", files.get("f0.yaml").replaceFirst("type: dummy", "type: dummy2")).push("one object changes");
      t0 = System.nanoTime();
      Result oneChange = sync.sync(source);
      long next = System.nanoTime() - t0;

      assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.APPLIED);
      assertThat(r.changed()).hasSize(1000);
      assertThat(client.genericKubernetesResources(Manifests.KINDS.get("Primitive")).inNamespace(ns)
          .withLabel(GitOps.SOURCE_LABEL, "big").list().getItems()).hasSize(500);
      assertThat(client.genericKubernetesResources(Manifests.KINDS.get("LocationConstraint")).inNamespace(ns)
          .withLabel(GitOps.SOURCE_LABEL, "big").list().getItems()).hasSize(500);
      assertThat(again.changed()).isEmpty();
      assertThat(oneChange.outcome()).isEqualTo(Outcome.APPLIED);
      assertThat(oneChange.changed()).as("every object carries the new revision").hasSize(1000);
      assertThat(spec(get(ns, "Primitive", "r0-0"))).containsEntry("type", "dummy2");
      assertThat(get(ns, "LocationConstraint", "r9-49-on-1").getMetadata().getAnnotations())
          .containsEntry(GitOps.REVISION_ANNOTATION, oneChange.revision());
      System.out.printf("[gitops] 1000 objects: first sync (fetch, parse, dry run, apply) %d ms; "
          + "resync of the same revision %d ms; a revision changing one object %d ms%n",
          applied / 1_000_000, unchanged / 1_000_000, next / 1_000_000);
    }
  }

  /** 500 Primitives r0-0 … r9-49, each with a LocationConstraint on compute-1, in files f0 … f9.yaml. */
  static Map<String, String> thousandObjects() {
    Map<String, String> files = new LinkedHashMap<>();
    for (int f = 0; f < 10; f++) {
      StringBuilder doc = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        String n = "r" + f + "-" + i;
        doc.append(primitive(n, "dummy")).append("---\n").append(location(n + "-on-1", 100).replace(
            "resource: www", "resource: " + n)).append("---\n");
      }
      files.put("f" + f + ".yaml", doc.toString());
    }
    return files;
  }

  static String primitive(String name, String type) {
    return "apiVersion: baton.dev/v1alpha1\nkind: Primitive\nmetadata:\n  name: " + name
        + "\nspec:\n  class: lsb\n  type: " + type + "\n  operations:\n  - name: monitor\n    interval: 10s\n";
  }

  static String location(String name, Object score) {
    return "apiVersion: baton.dev/v1alpha1\nkind: LocationConstraint\nmetadata:\n  name: " + name
        + "\nspec:\n  resource: www\n  node: compute-1\n  score: " + score + "\n";
  }

  private GenericKubernetesResource handMade(String ns, String name) {
    GenericKubernetesResource o = new GenericKubernetesResource();
    o.setApiVersion("baton.dev/v1alpha1");
    o.setKind("Primitive");
    o.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    o.setAdditionalProperty("spec", Map.of("class", "lsb", "type", "manual"));
    return o;
  }

  private String namespace() {
    String ns = "gitops-" + UUID.randomUUID().toString().substring(0, 8);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    namespaces.add(ns);
    return ns;
  }

  static GitSource source(String ns, String name, String url, String path, boolean prune) {
    GitSource s = new GitSource();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid(UUID.randomUUID().toString())
        .withGeneration(1L).build());
    s.setSpec(new GitSourceSpec());
    s.getSpec().url = url;
    s.getSpec().path = path;
    s.getSpec().prune = prune;
    return s;
  }

  private GenericKubernetesResource get(String ns, String kind, String name) {
    return client.genericKubernetesResources(Manifests.KINDS.get(kind)).inNamespace(ns).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource o) {
    return (Map<String, Object>) o.getAdditionalProperties().get("spec");
  }
}
