package dev.baton.operator.e2e;

import dev.baton.testsupport.ControlPlaneProcess;
import java.time.Duration;
import java.util.Set;
import java.util.List;

/**
 * The lab's own control plane loses a part: kube-apiserver killed for 30 s (an API outage), or etcd killed and
 * started again (a restart). Every agent loses its lease renewals at once, asks its peers, finds them cut off too
 * (a global outage) and freezes — keeps what runs, VIP lifetimes refreshed — while the operator can neither read
 * nor write. Nothing may move, and afterwards nothing is done again: no start, stop, promote or demote at all.
 */
final class ControlPlaneFault implements Fault {
  enum Part {
    API_SERVER("api-outage", "kube-apiserver", Duration.ofSeconds(30)),
    ETCD("etcd-restart", "etcd", Duration.ofSeconds(3));

    final String kind;
    final String process;
    final Duration down;

    Part(String kind, String process, Duration down) {
      this.kind = kind;
      this.process = process;
      this.down = down;
    }
  }

  private final Part part;
  private Set<String> before;
  private java.time.Instant back;

  ControlPlaneFault(Part part) {
    this.part = part;
  }

  @Override
  public String kind() {
    return part.kind;
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    before = lab.actionUids();
    ControlPlaneProcess p = new ControlPlaneProcess(lab.cp.stateDir(), part.process);
    p.kill();
    Thread.sleep(part.down.toMillis());
    p.start();
    back = java.time.Instant.now();
    return null;
  }

  @Override
  public Outcome expected() {
    return Outcome.STAYS;
  }

  /** The informers of the operator and the agents reconnect with a back-off after 30 s without an answer. */
  @Override
  public Duration recoveryLimit() {
    return Duration.ofSeconds(120);
  }

  /**
   * The operator may have ended meanwhile: it cannot renew its leader Lease, and JOSDK ends a process that lost
   * the lead (its Deployment starts it again). Here nothing would, so the heal does, as often as a Deployment
   * would: JOSDK also ends a process whose informers fail to start (the API server just back on a loaded
   * machine: "Informer startup error. Operator will be stopped", seen in a 50-round run).
   */
  @Override
  public void heal(ChaosLab lab) throws Exception {
    // the failed renewal may end the process only after the API is back (a 200-round run, round 191: it ended just
    // after the round was found converged): wait until it has renewed its Lease since the outage, or has ended
    ChaosLab.await("the operator renewed its leader Lease after the outage, or ended", Duration.ofSeconds(60),
        () -> !lab.operator().isAlive() || lab.leaderRenewedSince(back));
    for (int start = 1; !lab.operator().isAlive() && start <= 5; start++) {
      System.out.println(part.kind + ": the operator ended; started again (" + start + "), as its Deployment would");
      lab.restartOperator("operator-after-" + part.kind + "-" + start);
      ChaosLab.await("the operator leading and converged, or ended", Duration.ofSeconds(90),
          () -> !lab.operator().isAlive() || lab.converged(true));
    }
  }

  @Override
  public void verify(ChaosLab lab, ChaosRound round) {
    List<String> operations = lab.operationsSince(before);
    if (!operations.isEmpty()) {
      throw new AssertionError(part.process + " down: actions after it, although nothing was to move: " + operations);
    }
    // the client was served all through (the frozen holder kept the VIP); its probe answered meanwhile
    double outage = lab.probe.longestOutageMsSince(round.startNanos);
    if (outage > 1000 || !lab.probe.alive()) {
      throw new AssertionError(String.format("%s down: the client lost the VIP for %.0f ms", part.process, outage));
    }
  }
}
