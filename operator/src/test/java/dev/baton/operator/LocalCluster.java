package dev.baton.operator;

import dev.baton.agent.daemon.AgentConfig;
import dev.baton.agent.daemon.Main;
import dev.baton.agent.daemon.NodeAgent;
import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A Baton cluster inside the test JVM, on the real API server: the operator's reconciler under the real JOSDK
 * operator (informers, event coalescing, rescheduling as deployed) and one real {@link NodeAgent} per node, running
 * real LSB scripts (test/resources/lsb/service, copied per node under each resource's type). No network
 * namespaces, no VIP: fast enough to repeat a scenario many times.
 */
final class LocalCluster implements AutoCloseable {
  private final KubeApi.Env env;
  private final Path dir;
  private final KubernetesClient operatorClient;
  private Operator operator;
  private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  LocalCluster(KubeApi.Env env, Path dir) {
    this.env = env;
    this.dir = dir;
    this.operatorClient = env.controlPlane().client(null);
  }

  KubeApi.Env env() {
    return env;
  }

  void startOperator() {
    operator = new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false)
        .checkingCRDAndValidateLocalModel(false));
    operator.register(new HAClusterReconciler(operatorClient, new Membership(), new Metrics(new SimpleMeterRegistry())),
        c -> c.settingNamespace(env.namespace()));
    operator.start();
  }

  void stopOperator() {
    operator.stop();
  }

  /** The LSB root of a node: a copy of the test service script under each of {@code services}. */
  Path root(String node, List<String> services) throws IOException {
    Path root = dir.resolve(node);
    Files.createDirectories(root);
    byte[] script;
    try (InputStream in = LocalCluster.class.getResourceAsStream("/lsb/service")) {
      script = in.readAllBytes();
    }
    for (String s : services) {
      // a copy, not a link: the agent runs an agent's real path, and the script is named by it
      Path copy = Files.write(root.resolve(s), script);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return root;
  }

  /** How long the service's start takes on every node from now on. */
  void startTakes(String service, double seconds) throws IOException {
    for (String node : agents.keySet()) {
      Files.writeString(dir.resolve(node).resolve(service + ".start-seconds"), Double.toString(seconds));
    }
  }

  void startAgent(String node, List<String> services) throws Exception {
    AgentConfig cfg = AgentConfig.load(new String[] {"--node", node, "--namespace", env.namespace(),
        "--lsb-root", root(node, services).toString(), "--default-timeout", "20s"}, Map.of());
    Main.Clients clients = Main.Clients.of(env.client().getConfiguration(), cfg);
    NodeAgent a = new NodeAgent(cfg, clients.main(), clients.lease());
    closing.add(clients);
    closing.add(a);
    a.start();
    agents.put(node, a);
  }

  /** Whether the service's own state says it runs on the node. */
  boolean running(String node, String service) {
    return Files.exists(dir.resolve(node).resolve("state").resolve(service));
  }

  /** A crash: the service is gone without a stop. */
  void crash(String node, String service) throws IOException {
    Files.deleteIfExists(dir.resolve(node).resolve("state").resolve(service));
  }

  /** The starts and stops the node's scripts ran, from their own log ("TIME start NAME"). */
  List<String> actionLog(String node) throws IOException {
    Path log = dir.resolve(node).resolve("actions.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  void apply(String yaml) {
    env.client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).inNamespace(env.namespace())
        .serverSideApply();
  }

  /** HACluster Ready=True (nothing left to do) and no action still running. */
  boolean converged() {
    HACluster c = env.client().resources(HACluster.class).list().getItems().stream().findFirst().orElse(null);
    return c != null && c.getStatus() != null && c.getStatus().condition(Condition.READY)
        .map(k -> k.status.equals("True")).orElse(false)
        && env.client().resources(ResourceAction.class).list().getItems().stream()
        .allMatch(a -> a.getStatus() != null && a.getStatus().phase != null
            && !a.getStatus().phase.equals("Pending") && !a.getStatus().phase.equals("Running"));
  }

  /** Waits for a condition; when it never holds, the failure shows the cluster as the operator last reported it. */
  void await(String what, Duration limit, BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + limit + " waiting for: " + what + "\n" + describe());
      }
      Thread.sleep(20);
    }
  }

  /** The HACluster's and Primitives' status and the Transitions, as YAML. */
  String describe() {
    var c = env.client();
    return c.getKubernetesSerialization().asYaml(List.of(c.resources(HACluster.class).list().getItems().stream()
        .map(HACluster::getStatus).toList(), c.resources(dev.baton.api.v1alpha1.Primitive.class).list().getItems()
        .stream().map(p -> Map.of(p.getMetadata().getName(), p.getStatus() == null ? "" : p.getStatus())).toList(),
        c.resources(dev.baton.api.v1alpha1.Transition.class).list().getItems().stream()
        .map(t -> t.getMetadata().getName() + " " + (t.getStatus() == null ? "-" : t.getStatus().phase) + ": "
            + t.getSpec().reason + " " + t.getSpec().actions.stream().map(a -> a.action + " " + a.resource + "@"
            + a.node).toList()).toList()));
  }

  @Override
  public void close() throws Exception {
    if (operator != null) {
      operator.stop();
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    operatorClient.close();
  }
}
