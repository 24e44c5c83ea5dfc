package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Snapshot;
import dev.baton.testsupport.ControlPlane;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, counted (issue 11): every bad object of src/test/resources/bad-input/ is tried against a running
 * namespace (baseline.yaml, all resources reported running by their nodes) on the real API server, with the
 * operator's own reconcile. Each is either rejected by the API server with a message naming the field (by the
 * schema or by a CEL rule), or accepted and marked Ready=False by the operator with a reason; and nothing else in
 * the namespace changes: every other Baton object keeps its resourceVersion, generation and status, no Transition
 * and no ResourceAction appears (the running resources are left alone). Only the HACluster's Ready condition may
 * say that an object is left out. Prints how many cases each kind has and what caught them.
 */
@ExtendWith(KubeApi.class)
class BadInputTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Path DIR = ControlPlane.repo().resolve("operator/src/test/resources/bad-input");
  private static final List<String> CATCHERS = List.of("schema", "CEL", "Ready=False");
  private static final Map<String, Map<String, Integer>> COUNTS = new TreeMap<>();

  /** One bad input: the objects to create; {@code bad} is the one that must be caught. */
  record Case(String id, List<GenericKubernetesResource> objects, GenericKubernetesResource bad) {
    String field() {
      return bad.getMetadata().getAnnotations().get("test.baton.dev/field");
    }

    String reason() {
      return bad.getMetadata().getAnnotations().get("test.baton.dev/reason");
    }

    @Override
    public String toString() {
      return bad.getKind() + " " + id;
    }
  }

  private static ClusterController controller;
  private static Set<String> celMessages;
  private static Map<String, String> baseline;

  static Stream<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    // objects.yaml: one object per case, rejected at its field
    for (GenericKubernetesResource o : documents(DIR.resolve("objects.yaml"))) {
      out.add(new Case(o.getMetadata().getAnnotations().get("test.baton.dev/rule"), List.of(o), o));
    }
    // references.yaml: consecutive objects of one case; the one with a reason must be marked Ready=False
    Map<String, List<GenericKubernetesResource>> byCase = new LinkedHashMap<>();
    for (GenericKubernetesResource o : documents(DIR.resolve("references.yaml"))) {
      byCase.computeIfAbsent(o.getMetadata().getAnnotations().get("test.baton.dev/case"), k -> new ArrayList<>())
          .add(o);
    }
    byCase.forEach((id, objects) -> out.add(new Case(id, objects, objects.stream()
        .filter(o -> o.getMetadata().getAnnotations().containsKey("test.baton.dev/reason")).findFirst()
        .orElseThrow())));
    assertThat(out).hasSizeGreaterThanOrEqualTo(60);
    assertThat(out.stream().map(c -> c.bad().getKind()).distinct()).as("every kind a user writes")
        .containsAll(Baton.KINDS.stream().map(HasMetadata::getKind).filter(k -> !k.equals("Transition")).toList());
    return out.stream();
  }

  private static List<GenericKubernetesResource> documents(Path file) throws IOException {
    return Pattern.compile("^---$", Pattern.MULTILINE).splitAsStream(Files.readString(file))
        .filter(d -> d.contains("kind:"))
        .map(d -> JSON.unmarshal(d, GenericKubernetesResource.class)).toList();
  }

  @BeforeAll
  static void runningNamespace(KubeApi.Env env) throws Exception {
    celMessages = celMessages(env.repo().resolve("crds"));
    // the membership clock stands still: the leases below never run out while the test runs
    controller = new ClusterController(env.client(), new Membership(() -> 0L),
        new Metrics(new SimpleMeterRegistry()));
    for (GenericKubernetesResource o : documents(DIR.resolve("baseline.yaml"))) {
      env.client().resource(o).create();
    }
    Instant t0 = Instant.now().minusSeconds(60);
    for (String node : List.of("compute-1", "compute-2")) {
      env.client().leases().resource(new LeaseBuilder().withNewMetadata().withName(node).endMetadata()
          .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(60)
          .withRenewTime(ZonedDateTime.now()).endSpec().build()).create();
      HANode n = env.client().resources(HANode.class).withName(node).get();
      n.setStatus(agentReport(node, t0));
      env.client().resource(n).updateStatus();
    }
    for (int pass = 0; pass < 5; pass++) {
      reconcile(env);
    }
    baseline = snapshot(env.client());
    reconcile(env);
    assertThat(snapshot(env.client())).as("the baseline is settled").isEqualTo(baseline);
    assertThat(baseline.keySet()).as("nothing to do: no transition, no action")
        .noneMatch(k -> k.startsWith("Transition/") || k.startsWith("ResourceAction/"));
    HACluster ha = env.client().resources(HACluster.class).withName("ha").get();
    assertThat(ha.getStatus().condition("Ready")).hasValueSatisfying(c -> {
      assertThat(c.status).as(c.message).isEqualTo("True");
      assertThat(c.reason).isEqualTo("Converged");
    });
    assertThat(env.client().resources(Primitive.class).withName("vip").get().getStatus().node).isEqualTo("compute-1");
    // the cases' objects must be younger than the baseline's (creation times count in whole seconds)
    Thread.sleep(1100);
  }

  /** What the agents of a node write once everything runs: meta-data of their agents and the history. */
  private static HANodeStatus agentReport(String node, Instant t0) {
    HANodeStatus st = new HANodeStatus();
    st.state = "online";
    st.availableAgents = List.of("ocf:heartbeat:IPaddr2", "ocf:heartbeat:Dummy", "lsb:apache2", "lsb:nova-network");
    st.agentParameters = new LinkedHashMap<>();
    st.agentParameters.put("ocf:heartbeat:IPaddr2", described(List.of("ip", "nic", "cidr_netmask", "broadcast",
        "iflabel", "lvs_support", "arp_interval", "arp_count"), List.of("ip")));
    st.agentParameters.put("ocf:heartbeat:Dummy", described(List.of("state", "fake"), List.of()));
    st.agentParameters.put("lsb:apache2", described(List.of(), List.of()));
    st.agentParameters.put("lsb:nova-network", described(List.of(), List.of()));
    st.networks = Map.of("lo", List.of("127.0.0.1/8"),
        "eth0", List.of(node.equals("compute-1") ? "198.51.100.1/24" : "198.51.100.2/24"));
    HANode holder = new HANode();
    holder.setStatus(st);
    List<String> running = node.equals("compute-1") ? List.of("vip", "www", "nova-network", "ping") : List.of("ping");
    for (String r : List.of("vip", "www", "nova-network", "ping")) {
      Fixtures.report(holder, r, "probe", "0s", 7, t0.toString());
      if (running.contains(r)) {
        Fixtures.report(holder, r, "start", "0s", 0, t0.plusSeconds(1).toString());
      }
    }
    return st;
  }

  private static HANodeStatus.AgentParameters described(List<String> parameters, List<String> required) {
    HANodeStatus.AgentParameters p = new HANodeStatus.AgentParameters();
    p.parameters = parameters;
    p.required = required;
    return p;
  }

  /**
   * One pass of the operator over the namespace, as HAClusterReconciler makes it from its caches (read here
   * straight from the API server): the oldest HACluster is the namespace's, any other is told it is a duplicate.
   */
  private static void reconcile(KubeApi.Env env) {
    KubernetesClient c = env.client();
    List<HACluster> clusters = c.resources(HACluster.class).list().getItems().stream()
        .sorted(Comparator.comparing((HACluster h) -> h.getMetadata().getCreationTimestamp())
            .thenComparing(h -> h.getMetadata().getName())).toList();
    HACluster oldest = clusters.get(0);
    clusters.stream().skip(1).forEach(dup -> controller.rejectDuplicate(dup, oldest));
    controller.reconcile(new Snapshot(oldest, list(c, HANode.class), list(c, Primitive.class),
        list(c, ResourceGroup.class), list(c, Clone.class), list(c, LocationConstraint.class),
        list(c, ColocationConstraint.class), list(c, OrderConstraint.class), list(c, Ticket.class),
        list(c, TicketConstraint.class), list(c, ResourceAction.class),
        list(c, Transition.class), c.leases().list().getItems()));
  }

  private static <T extends HasMetadata> List<T> list(KubernetesClient c, Class<T> kind) {
    return c.resources(kind).list().getItems();
  }

  /** Every Baton object and Lease of the namespace: kind/name → resourceVersion, generation, status. */
  private static Map<String, String> snapshot(KubernetesClient c) {
    Map<String, String> out = new TreeMap<>();
    for (Class<? extends HasMetadata> kind : Baton.KINDS) {
      for (HasMetadata o : c.resources(kind).list().getItems()) {
        out.put(o.getKind() + "/" + o.getMetadata().getName(), state(o));
      }
    }
    c.leases().list().getItems().forEach(l -> out.put("Lease/" + l.getMetadata().getName(), state(l)));
    return out;
  }

  private static String state(HasMetadata o) {
    JsonNode status = JSON.convertValue(o, JsonNode.class).path("status");
    return "rv=" + o.getMetadata().getResourceVersion() + " generation=" + o.getMetadata().getGeneration()
        + " status=" + status;
  }

  /** The same without resourceVersions and condition times: what a reader of the namespace sees. */
  private static Map<String, String> content(Map<String, String> snapshot) {
    Map<String, String> out = new TreeMap<>();
    snapshot.forEach((k, v) -> out.put(k, v.replaceFirst("^rv=\\S+ ", "")
        .replaceAll("\"lastTransitionTime\":\"[^\"]*\"", "")));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caughtAndNothingElseChanges(Case c, KubeApi.Env env) throws Exception {
    Map<String, String> before = snapshot(env.client());
    assertThat(content(before)).as("the namespace is back to its baseline").isEqualTo(content(baseline));
    String catcher;
    try {
      catcher = c.field() != null ? rejected(c, env, before) : markedNotReady(c, env, before);
    } finally {
      // a case that failed must not fail the next ones: its objects go, the namespace settles again
      for (GenericKubernetesResource o : c.objects()) {
        env.client().resource(o).delete();
      }
      env.client().resources(Transition.class).list().getItems().stream()
          .filter(t -> !baseline.containsKey("Transition/" + t.getMetadata().getName()))
          .forEach(t -> env.client().resource(t).delete());
      env.client().resources(ResourceAction.class).list().getItems().stream()
          .filter(a -> !baseline.containsKey("ResourceAction/" + a.getMetadata().getName()))
          .forEach(a -> env.client().resource(a).delete());
      reconcile(env);
    }
    COUNTS.computeIfAbsent(c.bad().getKind(), k -> new TreeMap<>()).merge(catcher, 1, Integer::sum);
  }

  /**
   * The API server refuses the object naming the field, to kubectl as a user runs it (kubectl asks for strict
   * field validation, so a misspelt field is an error too); nothing is stored, nothing changes.
   */
  private String rejected(Case c, KubeApi.Env env, Map<String, String> before) throws IOException {
    Path file = Files.createTempFile("bad-", ".json");
    KubeApi.Result create;
    try {
      Files.writeString(file, JSON.asJson(c.bad()));
      create = env.kubectl("create", "-f", file.toString());
    } finally {
      Files.delete(file);
    }
    assertThat(create.exitCode()).as("%s was accepted: %s", c, create.output()).isNotZero();
    assertThat(create.output()).as("the error names the field").contains(c.field());
    reconcile(env);
    assertThat(snapshot(env.client())).as("nothing stored, nothing changed").isEqualTo(before);
    return celMessages.stream().anyMatch(create.output()::contains) ? "CEL" : "schema";
  }

  /** The API server accepts the objects; the operator marks the bad one Ready=False and leaves everything else. */
  private String markedNotReady(Case c, KubeApi.Env env, Map<String, String> before) throws Exception {
    for (GenericKubernetesResource o : c.objects()) {
      env.client().resource(o).create();
    }
    reconcile(env);
    reconcile(env);
    Set<String> created = new HashSet<>();
    for (GenericKubernetesResource o : c.objects()) {
      String key = o.getKind() + "/" + o.getMetadata().getName();
      created.add(key);
      JsonNode ready = readyOf(env, o);
      if (o == c.bad()) {
        assertThat(ready.path("status").asText()).as("%s Ready: %s", key, ready).isEqualTo("False");
        assertThat(ready.path("reason").asText()).as("%s reason: %s", key, ready).isEqualTo(c.reason());
        assertThat(ready.path("message").asText()).as(key).isNotBlank();
      } else {
        assertThat(ready.path("status").asText()).as("%s Ready: %s", key, ready).isEqualTo("True");
      }
    }
    Map<String, String> after = snapshot(env.client());
    assertThat(after.keySet()).as("only the case's objects are new: no Transition, no ResourceAction")
        .containsExactlyInAnyOrderElementsOf(union(before.keySet(), created));
    String badKey = c.bad().getKind() + "/" + c.bad().getMetadata().getName();
    for (String key : before.keySet()) {
      if (key.equals("HACluster/ha") && !after.get(key).equals(before.get(key))) {
        HACluster ha = env.client().resources(HACluster.class).withName("ha").get();
        assertThat(ha.getStatus().condition("Ready")).hasValueSatisfying(k -> {
          assertThat(k.reason).isEqualTo("InvalidObjects");
          assertThat(k.message).contains(badKey);
        });
      } else {
        assertThat(after.get(key)).as("%s unchanged by %s", key, c).isEqualTo(before.get(key));
      }
    }
    return "Ready=False";
  }

  private static JsonNode readyOf(KubeApi.Env env, GenericKubernetesResource o) {
    GenericKubernetesResource stored = env.client().genericKubernetesResources(o.getApiVersion(), o.getKind())
        .withName(o.getMetadata().getName()).get();
    for (JsonNode k : JSON.convertValue(stored, JsonNode.class).path("status").path("conditions")) {
      if (k.path("type").asText().equals("Ready")) {
        return k;
      }
    }
    return JSON.convertValue(Map.of(), ObjectNode.class);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  /** The messages of every CEL rule in crds/: an error carrying one of them was caught by CEL. */
  private static Set<String> celMessages(Path crds) throws IOException {
    Set<String> out = new HashSet<>();
    try (Stream<Path> files = Files.list(crds)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".baton.dev.yaml")).toList()) {
        collectMessages(JSON.unmarshal(Files.readString(f), JsonNode.class), out);
      }
    }
    return out;
  }

  private static void collectMessages(JsonNode n, Set<String> out) {
    if (n.has("x-kubernetes-validations")) {
      n.get("x-kubernetes-validations").forEach(v -> out.add(v.path("message").asText()));
    }
    n.forEach(child -> collectMessages(child, out));
  }

  @AfterAll
  static void printTable() {
    StringBuilder t = new StringBuilder(String.format("%n%-22s %6s", "KIND", "CASES"));
    CATCHERS.forEach(k -> t.append(String.format(" %12s", k)));
    int[] totals = new int[CATCHERS.size() + 1];
    COUNTS.forEach((kind, by) -> {
      int n = by.values().stream().mapToInt(Integer::intValue).sum();
      totals[0] += n;
      t.append(String.format("%n%-22s %6d", kind, n));
      for (int i = 0; i < CATCHERS.size(); i++) {
        int k = by.getOrDefault(CATCHERS.get(i), 0);
        totals[i + 1] += k;
        t.append(String.format(" %12d", k));
      }
    });
    t.append(String.format("%n%-22s %6d", "total", totals[0]));
    for (int i = 0; i < CATCHERS.size(); i++) {
      t.append(String.format(" %12d", totals[i + 1]));
    }
    System.out.println("[bad-input] caught, by kind:" + t);
  }
}
