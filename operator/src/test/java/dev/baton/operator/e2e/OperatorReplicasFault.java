package dev.baton.operator.e2e;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator restarted as two replicas with leader election (a Lease baton-operator-leader in the namespace),
 * then www killed where the group runs. Only the leader may write: the recovery's transitions and actions are in
 * one replica's log (every create is logged there), the other's shows none — and it is the one holding the Lease.
 * Healed by stopping the second replica (the first takes the lead if it did not have it).
 */
final class OperatorReplicasFault implements Fault {
  private static int round;
  private String[] names;
  private Process second;

  @Override
  public String kind() {
    return "operator-replicas";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    round++;
    names = new String[] {"replica-a-" + round, "replica-b-" + round};
    lab.restartOperator(names[0]);
    second = lab.cluster.startOperator(names[1]);
    ChaosLab.await("a replica leads", Duration.ofSeconds(60), () -> leader(lab) != null
        && (log(names[0]).contains("Starting 'hacluster' controller") || log(names[1])
        .contains("Starting 'hacluster' controller")));
    // the leader has reconciled (its first status write): the outage then measures the failover, not its start
    lab.awaitConverged(Duration.ofSeconds(60));
    String node = lab.holder();
    String before = lab.lastTransition();
    lab.failureInjected("www", node);
    lab.lab.killService(node, "apache2");
    ChaosLab.await("the recovery started", Duration.ofSeconds(30), () -> !Objects.equals(lab.lastTransition(), before));
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.RECOVERS;
  }

  @Override
  public Duration recoveryLimit() {
    return Duration.ofSeconds(90);
  }

  @Override
  public void verify(ChaosLab lab, ChaosRound round) {
    Map<String, Long> writes = Map.of(names[0], writes(log(names[0])), names[1], writes(log(names[1])));
    List<String> writers = writes.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
    if (writers.size() != 1) {
      throw new AssertionError("replicas that wrote (transitions, actions): " + writes);
    }
    if (!log(writers.get(0)).contains("transition tr-")) {
      throw new AssertionError("the leader " + writers.get(0) + " logged no transition");
    }
  }

  /** Creates the operator logs: "transition tr-…" and "… dispatched (…)". */
  private static long writes(String log) {
    return log.lines().filter(l -> l.contains("dispatched (") || l.contains(": transition tr-")).count();
  }

  private static Lease leader(ChaosLab lab) {
    Lease l = lab.client.resources(Lease.class).withName("baton-operator-leader").get();
    return l == null || l.getSpec().getHolderIdentity() == null ? null : l;
  }

  private static String log(String name) {
    try {
      return Files.readString(ChaosLab.LOGS.resolve(ChaosLab.NS + "-" + name + ".log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void heal(ChaosLab lab) throws InterruptedException {
    lab.cluster.killOperator(second);
  }
}
