package dev.baton.operator.e2e;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.testsupport.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The lab the chaos matrix breaks: a control plane of its own (so faults may stop parts of it), three
 * controllers with one agent each (failsafe peers configured), the operator, the HA cluster of
 * chaos/cluster.yaml, the client's 10 ms HTTP probe of the VIP and the kernel's VIP events in every
 * controller. Its caller holds the machine's lab lock.
 */
final class ChaosLab implements AutoCloseable {
  static final String NS = "chaos";
  static final String CLUSTER = "chaos";
  static final Path LOGS = Cluster.LOGS;

  final ControlPlane cp;
  final Lab lab;
  final Cluster cluster;
  final KubernetesClient client;
  final Lab.VipWatch vip;
  final HttpProbe probe;
  /** The hypervisor's snapshots of the whole machine, from the kernel log: what tells a round disturbed by the host. */
  final HostSnapshots host;
  private Process operator;
  /** When the running operator was started: a status older than its lead is its predecessor's. */
  private Instant operatorStarted;
  /** (primitive, HANode) pairs where a fault made the primitive fail: the fail-counts the audit accepts. */
  private final Set<String> injectedFailures = new HashSet<>();
  /** The failures the current round's fault caused, as "primitive@HANode", not yet reported by the operator. */
  private final Set<String> unseenFailures = new HashSet<>();
  private Instant roundStart = Instant.now();

  private ChaosLab(ControlPlane cp) throws Exception {
    this.cp = cp;
    KubernetesClient admin = cp.admin();
    admin.namespaces().withName(NS).delete();
    await("namespace " + NS + " gone", Duration.ofSeconds(60), () -> admin.namespaces().withName(NS).get() == null);
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    client = cp.client(NS);
    try (InputStream in = ChaosLab.class.getResourceAsStream("/chaos/cluster.yaml")) {
      client.load(in).inNamespace(NS).serverSideApply();
    }
    lab = new Lab("chaos", 3);
    cluster = new Cluster(cp, lab, NS);
    cluster.failsafe(secret());
    operatorStarted = Instant.now();
    operator = cluster.startOperator("operator");
    // one JVM starting at a time: on a loaded machine, agents starting together with the operator
    // missed their first renewals
    await("the operator elected", Duration.ofSeconds(180), () -> client.leases().list().getItems().stream()
        .anyMatch(l -> l.getMetadata().getName().equals("baton-operator-leader")));
    cluster.agentEnvironment(ClockStepFault.NODE, ClockStepFault.environment(LOGS));
    for (String node : lab.nodes()) {
      cluster.startAgent(node);
      String name = hanode(node);
      await("the lease of " + name, Duration.ofSeconds(120), () -> client.leases().withName(name).get() != null);
    }
    vip = lab.watchVip();
    probe = new HttpProbe(lab);
    host = new HostSnapshots();
  }

  /** Starts everything on a control plane of its own in stateDir and waits until the cluster has converged. */
  static ChaosLab start(Path stateDir) throws Exception {
    ControlPlane cp = ControlPlane.own(stateDir);
    ChaosLab l = null;
    try {
      l = new ChaosLab(cp);
      ChaosLab lab = l;
      // converged with everything started (before the agents' meta-data answers nothing can start, and an
      // empty plan is converged too)
      await("every primitive started, the VIP served, the cluster converged", Duration.ofSeconds(180),
          () -> lab.probe.servedBy() != null && lab.placement().values().stream().noneMatch(List::isEmpty)
              && lab.converged(true));
      return l;
    } catch (Exception | AssertionError e) {
      if (l != null) {
        l.saveState("chaos-start");
        l.close();
      } else {
        cp.stop();
      }
      throw e;
    }
  }

  private static Path secret() throws IOException {
    Files.createDirectories(LOGS);
    Path f = LOGS.resolve("chaos-failsafe.key");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(f, HexFormat.of().formatHex(key));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  /** The controller holding the VIP now (the kernel's events), or null when none (or several) do. */
  String holder() {
    return vip.holder();
  }

  static String hanode(String labNode) {
    return Cluster.hanode(labNode);
  }

  /** The Transition the operator last started (HACluster status.lastTransition), or null. */
  String lastTransition() {
    HACluster c = client.resources(HACluster.class).withName(CLUSTER).get();
    return c == null || c.getStatus() == null ? null : c.getStatus().lastTransition;
  }

  /** The HACluster's lease duration in ms (what a VIP's kernel lifetime and the membership follow). */
  long leaseMs() {
    HACluster c = client.resources(HACluster.class).withName(CLUSTER).get();
    return dev.baton.cib.Durations.millis(c.getSpec().lease.duration, 2000);
  }

  Process operator() {
    return operator;
  }

  /** Replaces the operator process (after a fault killed it, say); the old one is killed if it still runs. */
  Process restartOperator(String logName) throws Exception {
    cluster.killOperator(operator);
    operatorStarted = Instant.now();
    operator = cluster.startOperator(logName);
    return operator;
  }

  /**
   * A fault makes this primitive fail on this controller: a fail-count there is expected, and the
   * round has not recovered before the operator reported the failure (Primitive status.lastFailure).
   */
  void failureInjected(String primitive, String labNode) {
    injectedFailures.add(primitive + "@" + hanode(labNode));
    unseenFailures.add(primitive + "@" + hanode(labNode));
  }

  void roundStarts() {
    unseenFailures.clear();
    roundStart = Instant.now().minusSeconds(1); // lastFailure.time is in whole seconds
  }

  /** Every failure the round's fault caused has been reported since the round started. */
  boolean failuresSeen() {
    for (Primitive p : primitives()) {
      var f = p.getStatus() == null ? null : p.getStatus().lastFailure;
      if (f != null && f.time != null && !Instant.parse(f.time).isBefore(roundStart)) {
        unseenFailures.remove(p.getMetadata().getName() + "@" + f.node);
      }
    }
    return unseenFailures.isEmpty();
  }

  boolean failureWasInjected(String primitive, String hanode) {
    return injectedFailures.contains(primitive + "@" + hanode);
  }

  List<Primitive> primitives() {
    return client.resources(Primitive.class).list().getItems();
  }

  /** primitive → where it is active (Primitive.status.activeOn, "Role@node"), as the operator reports it. */
  Map<String, List<String>> placement() {
    Map<String, List<String>> out = new TreeMap<>();
    for (Primitive p : primitives()) {
      out.put(p.getMetadata().getName(), p.getStatus() == null || p.getStatus().activeOn == null ? List.of()
          : p.getStatus().activeOn.stream().sorted().toList());
    }
    return out;
  }

  /**
   * The running operator, leading, reports the cluster converged (HACluster Ready=True for its current generation,
   * no transition running) and no action is pending or running; with allNodes, every HANode online.
   */
  boolean converged(boolean allNodes) {
    HACluster c = client.resources(HACluster.class).withName(CLUSTER).get();
    if (c == null || !runningOperatorLeads(c) || c.getStatus().currentTransition != null) {
      return false;
    }
    boolean ready = c.getStatus().condition(Condition.READY).map(k -> k.status.equals("True")
        && c.getMetadata().getGeneration().equals(k.observedGeneration)).orElse(false);
    if (!ready || allNodes && (c.getStatus().onlineNodes == null
        || c.getStatus().onlineNodes.size() != lab.nodes().size())) {
      return false;
    }
    return client.resources(ResourceAction.class).list().getItems().stream().noneMatch(ChaosLab::unfinished);
  }

  /**
   * The leader Lease was acquired since the running operator started, and the HACluster's status was written by
   * that leader (status.operator names the Lease's holder): before, the status is its predecessor's (after an
   * operator restart the harness read the stale one and called it converged). MicroTime is exact to the
   * microsecond; a second's margin for the two clocks' reading.
   */
  private boolean runningOperatorLeads(HACluster c) {
    var l = client.leases().withName("baton-operator-leader").get();
    return l != null && l.getSpec().getAcquireTime() != null
        && !l.getSpec().getAcquireTime().toInstant().isBefore(operatorStarted.minusSeconds(1))
        && c.getStatus() != null && java.util.Objects.equals(c.getStatus().operator, l.getSpec().getHolderIdentity());
  }

  /** The operator's leader Lease was renewed at or after {@code t} (JOSDK renews it every 2 s while it leads). */
  boolean leaderRenewedSince(Instant t) {
    var l = client.leases().withName("baton-operator-leader").get();
    return l != null && l.getSpec().getRenewTime() != null && !l.getSpec().getRenewTime().toInstant().isBefore(t);
  }

  /** The ResourceActions that exist now, by uid: what a fault's verify compares against. */
  Set<String> actionUids() {
    return client.resources(ResourceAction.class).list().getItems().stream().map(a -> a.getMetadata().getUid())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The starts, stops, promotions and demotions among {@link #actionsCreatedSince}, as "start www@compute-2". */
  List<String> operationsSince(Set<String> before) {
    return actionsCreatedSince(before).stream()
        .filter(a -> List.of("start", "stop", "promote", "demote").contains(a.getSpec().action.name()))
        .map(a -> a.getSpec().action + " " + a.getSpec().resource + "@" + a.getSpec().node).toList();
  }

  /**
   * The ResourceActions created since {@code before} was taken ({@link #actionUids}). Not by creationTimestamp: it
   * has whole seconds, and the previous round's heal may have created actions in the second before the fault.
   */
  List<ResourceAction> actionsCreatedSince(Set<String> before) {
    return client.resources(ResourceAction.class).list().getItems().stream()
        .filter(a -> !before.contains(a.getMetadata().getUid())).toList();
  }

  static boolean unfinished(ResourceAction a) {
    return a.getStatus() == null || a.getStatus().phase == null || a.getStatus().phase.equals("Pending")
        || a.getStatus().phase.equals("Running");
  }

  void awaitConverged(Duration limit) throws InterruptedException {
    await("the cluster converged with every node online", limit, () -> converged(true));
  }

  static void await(String what, Duration limit, BooleanSupplier ok) throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (!ok.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Keeps what happened for the reader of a failed run: the objects and the lab services' logs. */
  void saveState(String name) {
    try {
      Files.writeString(LOGS.resolve(name + "-objects.yaml"), client.getKubernetesSerialization().asYaml(List.of(
          client.resources(HACluster.class).list().getItems(), primitives(),
          client.resources(dev.baton.api.v1alpha1.HANode.class).list().getItems(),
          client.resources(dev.baton.api.v1alpha1.Transition.class).list().getItems(),
          client.resources(ResourceAction.class).list().getItems())));
      lab.saveServiceLogs(LOGS, name);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save the state of " + name + ": " + e);
    }
  }

  @Override
  public void close() {
    probe.close();
    vip.close();
    host.close();
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lab.close();
      client.close();
      cp.stop();
    }
  }
}
