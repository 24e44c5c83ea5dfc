package dev.baton.operator.e2e;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.testsupport.ControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The real programs of an HA cluster, as separate processes: the operator (its Quarkus jar, as
 * deployed) and one agent per lab controller, started inside the controller's network namespace.
 * Logs go to operator/target/e2e/.
 */
final class Cluster implements AutoCloseable {
  static final Path LOGS = Path.of("target/e2e");
  private final ControlPlane cp;
  private final Lab lab;
  private final String namespace;
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> agentEnv = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> agentSettings = new LinkedHashMap<>();
  private final List<Process> operators = new ArrayList<>();
  private KubernetesClient client;
  private Path failsafeSecret;
  private String fenceRoots;

  Cluster(Lab lab, String namespace) throws IOException {
    this(ControlPlane.get(), lab, namespace);
  }

  /** On a control plane of the test's own (one it may stop or kill). */
  Cluster(ControlPlane cp, Lab lab, String namespace) throws IOException {
    this.cp = cp;
    this.lab = lab;
    this.namespace = namespace;
    Files.createDirectories(LOGS);
  }

  /** A client of the cluster's namespace. */
  KubernetesClient client() {
    if (client == null) {
      client = cp.client(namespace);
    }
    return client;
  }

  /** Applies a sample's YAML files (server-side), each text replacement in {@code patches} made first. */
  void apply(String sample, Map<String, String> patches) throws IOException {
    apply(sample, patches, java.util.Set.of());
  }

  /** The same without the sample's files named in {@code without} (its fence.yaml, say). */
  void apply(String sample, Map<String, String> patches, java.util.Set<String> without) throws IOException {
    Path dir = cp.repoRoot().resolve("samples").resolve(sample);
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")
          && !without.contains(p.getFileName().toString())).sorted().toList()) {
        String yaml = Files.readString(f);
        for (var e : patches.entrySet()) {
          yaml = yaml.replace(e.getKey(), e.getValue());
        }
        client().load(new java.io.ByteArrayInputStream(yaml.getBytes())).inNamespace(namespace).serverSideApply();
      }
    }
  }

  Primitive primitive(String name) {
    return client().resources(Primitive.class).withName(name).get();
  }

  static void await(String what, Duration limit, BooleanSupplier ok) throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (!ok.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out after " + limit + " waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The first ResourceAction that matches, once one does (within 30 s). */
  ResourceAction awaitAction(String what, Predicate<ResourceAction> match) throws InterruptedException {
    await(what, Duration.ofSeconds(30), () -> client().resources(ResourceAction.class).list().getItems().stream()
        .anyMatch(match));
    return client().resources(ResourceAction.class).list().getItems().stream().filter(match).findFirst()
        .orElseThrow();
  }

  /**
   * A stop that will fail: nova-network's daemon on this lab node SIGSTOPped (it cannot act on its stop script's
   * TERM, and the script gives up after 5 s), and the group banned from the node, so that it must stop there.
   */
  void hangNovaNetworkAndBanTheGroup(String labNode) throws IOException {
    String pid = Files.readString(Path.of("/run/baton-lab", lab.ns(labNode), "nova-network", "pid")).trim();
    Lab.run(List.of("kill", "-STOP", pid));
    client().load(new java.io.ByteArrayInputStream("""
        apiVersion: baton.dev/v1alpha1
        kind: LocationConstraint
        metadata: {name: cli-ban-services-on-%s}
        spec: {resource: services, node: %s, score: -INFINITY}
        """.formatted(hanode(labNode), hanode(labNode)).getBytes())).inNamespace(namespace).serverSideApply();
  }

  /** When nova-network's stop on this HANode was reported failed (it must already be). */
  Instant novaNetworksFailedStop(String hanode) throws InterruptedException {
    ResourceAction stop = awaitAction("nova-network's failed stop on " + hanode, a -> a.getSpec().action.name()
        .equals("stop") && a.getSpec().resource.equals("nova-network") && a.getSpec().node.equals(hanode)
        && a.getStatus() != null && "Failed".equals(a.getStatus().phase));
    return Instant.parse(stop.getStatus().completionTime);
  }

  /** Until the operator reports the cluster converged: nothing left to do, every action done. */
  void awaitConverged() throws InterruptedException {
    await("the cluster converged (HACluster Ready=True)", Duration.ofSeconds(60), this::converged);
  }

  boolean converged() {
    HACluster c = client().resources(HACluster.class).withName("openstack").get();
    return c != null && c.getStatus() != null && c.getStatus().condition(Condition.READY)
        .map(k -> k.status.equals("True") && k.observedGeneration != null).orElse(false)
        && client().resources(ResourceAction.class).list().getItems().stream()
        .allMatch(a -> a.getStatus() != null && a.getStatus().phase != null
            && !a.getStatus().phase.equals("Pending") && !a.getStatus().phase.equals("Running"));
  }

  static Predicate<Primitive> activeOn(String node) {
    return p -> p != null && p.getStatus() != null && p.getStatus().activeOn != null
        && p.getStatus().activeOn.stream().anyMatch(a -> a.endsWith("@" + node));
  }

  /** A node's power goes: its agent and services die at once and its links go down. */
  void powerOff(String node) throws Exception {
    killAgent(node);
    for (String service : List.of("apache2", "nova-network")) {
      Path pid = Path.of("/run/baton-lab", lab.ns(node), service, "pid");
      if (Files.exists(pid)) {
        Lab.run(List.of("kill", "-9", Files.readString(pid).trim()), false);
        Files.delete(pid);
      }
    }
    lab.cut(node);
  }

  /**
   * Agents started from now on ask each other before isolating themselves (the failsafe peer
   * check over the LAN, port 7405, with this shared secret), as agent.conf configures it.
   */
  void failsafe(Path secret) {
    this.failsafeSecret = secret;
  }

  /** Agents started from now on find fence agents (the stonith class) in these directories, first match wins. */
  void fenceRoots(Path... roots) {
    this.fenceRoots = java.util.Arrays.stream(roots).map(Path::toString).collect(java.util.stream.Collectors.joining(","));
  }

  /** Starts an operator replica; several may run (leader election picks one). */
  Process startOperator(String name) throws IOException {
    return startOperator(name, Map.of());
  }

  /** An operator replica with extra environment (BATON_*, QUARKUS_* settings). */
  Process startOperator(String name, Map<String, String> env) throws IOException {
    Path jar = cp.repoRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
    ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx256m", "-jar", jar.toString());
    pb.environment().put("KUBECONFIG", cp.kubeconfig().toString());
    pb.environment().put("BATON_NAMESPACE", namespace);
    pb.environment().put("BATON_HTTP_PORT", "0");
    // a killed leader is replaced quickly in tests
    pb.environment().put("BATON_LEADER_ELECTION_LEASE_DURATION", "3s");
    pb.environment().put("BATON_LEADER_ELECTION_RENEW_DEADLINE", "2s");
    pb.environment().put("BATON_LEADER_ELECTION_RETRY_PERIOD", "500ms");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(LOGS.resolve(namespace + "-" + name + ".log").toFile());
    Process p = pb.start();
    operators.add(p);
    return p;
  }

  /** Extra environment for the JVM of cN's agent, from its next start on (the LD_PRELOAD of a clock shift, say). */
  void agentEnvironment(String node, Map<String, String> env) {
    agentEnv.put(node, Map.copyOf(env));
  }

  /** Extra agent.conf settings of cN's agent ({@code --key value}), from its next start on (its watchdog, say). */
  void agentSettings(String node, Map<String, String> settings) {
    agentSettings.put(node, Map.copyOf(settings));
  }

  /** Starts the agent of lab controller cN as HANode compute-N, inside the controller (hack/lab.sh exec). */
  Process startAgent(String node) throws IOException {
    List<String> argv = agentArgv(hanode(node), lab.kubeconfig(node, cp.kubeconfig(), LOGS));
    if (fenceRoots != null) {
      argv.addAll(List.of("--fence-root", fenceRoots));
    }
    agentSettings.getOrDefault(node, Map.of()).forEach((k, v) -> argv.addAll(List.of("--" + k, v)));
    if (failsafeSecret != null) {
      String peers = lab.nodes().stream().filter(n -> !n.equals(node))
          .map(n -> hanode(n) + "=" + Lab.address(n) + ":7405").collect(java.util.stream.Collectors.joining(","));
      argv.addAll(List.of("--failsafe-listen", Lab.address(node) + ":7405", "--failsafe-peers", peers,
          "--failsafe-secret-file", failsafeSecret.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(lab.nodeExec(node, argv));
    pb.environment().putAll(agentEnv.getOrDefault(node, Map.of()));
    return startAgent(node, pb);
  }

  /**
   * An agent in this host's own network namespace, without a lab: HANode {@code hanode}, with the admin
   * kubeconfig and extra settings ({@code --key value}). For tests whose resources need no network of their own.
   */
  Process startHostAgent(String hanode, Map<String, String> settings) throws IOException {
    List<String> argv = agentArgv(hanode, cp.kubeconfig());
    settings.forEach((k, v) -> argv.addAll(List.of("--" + k, v)));
    return startAgent(hanode, new ProcessBuilder(argv));
  }

  private List<String> agentArgv(String hanode, Path kubeconfig) {
    Path jar = cp.repoRoot().resolve("agent/target/baton-agent.jar");
    return new ArrayList<>(List.of(java(), "@" + cp.repoRoot().resolve("manifests/agent/agent.jvm"),
        "-jar", jar.toString(), "--node", hanode, "--namespace", namespace, "--kubeconfig",
        kubeconfig.toString(), "--lsb-root", cp.repoRoot().resolve("hack/lab/init.d").toString()));
  }

  private Process startAgent(String node, ProcessBuilder pb) throws IOException {
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
        LOGS.resolve(namespace + "-agent-" + node + ".log").toFile()));
    Process p = pb.start();
    agents.put(node, p);
    return p;
  }

  static String hanode(String labNode) {
    return "compute-" + labNode.substring(1);
  }

  /** The running agent of a controller (its pid is the JVM's: hack/lab.sh exec and `ip netns exec` exec it). */
  Process agent(String node) {
    return agents.get(node);
  }

  /** SIGKILL of an agent: the JVM is the child of `ip netns exec`, which execs it, so the pid is the JVM's. */
  void killAgent(String node) throws InterruptedException {
    Process p = agents.remove(node);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  void killOperator(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
    operators.remove(p);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    for (Process p : agents.values()) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    for (Process p : operators) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
