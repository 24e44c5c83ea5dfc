package dev.baton.operator.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One round of the chaos matrix: a fault injected into a converged cluster, the recovery awaited
 * and timed, the fault healed, the audit. What it measured is kept for the table.
 */
final class ChaosRound {
  final int number;
  final Fault fault;
  String victim;
  String holderBefore;
  /** The VIP holder when the round was found recovered (the kernel's events), never null once recovered. */
  private String holderAfter;
  Map<String, List<String>> placementBefore;
  String transitionBefore;
  /** System.nanoTime() when inject began and when it returned (the recovery clock starts then). */
  long startNanos;
  long injectedNanos;
  double recoveryMs = -1;
  double twoHoldersMs;
  double outageMs;
  final List<String> problems = new ArrayList<>();
  int lostObjects;
  /** How many times the hypervisor resumed the whole machine from a snapshot during the round (kernel log). */
  int hostResumes;
  /** How long healing (and converging again) and the audit took, for the reader of the log. */
  private double healSeconds;
  private double auditSeconds;

  ChaosRound(int number, Fault fault) {
    this.number = number;
    this.fault = fault;
  }

  boolean recovered() {
    return recoveryMs >= 0 && problems.isEmpty();
  }

  /**
   * The round failed while the hypervisor had paused the whole machine (a VM snapshot): the client, the API server
   * and every agent stopped together, which no failover can hide. Such a round is shown and run again; a round that
   * recovered in spite of a snapshot counts as any other.
   */
  boolean disturbedByHost() {
    return !recovered() && hostResumes > 0;
  }

  /**
   * Runs the round on a converged lab. Never throws for what Baton did: a recovery that does not
   * come, or an audit finding, is a problem of the round (the run goes on, the round fails).
   */
  static ChaosRound run(int number, Fault fault, ChaosLab lab, ChaosAudit audit) throws InterruptedException {
    ChaosRound r = new ChaosRound(number, fault);
    r.holderBefore = lab.holder();
    r.placementBefore = lab.placement();
    r.transitionBefore = lab.lastTransition();
    lab.roundStarts();
    r.startNanos = System.nanoTime();
    try {
      r.victim = fault.inject(lab);
      r.injectedNanos = System.nanoTime();
      r.awaitRecovery(lab);
      fault.verify(lab, r);
    } catch (AssertionError e) {
      r.problems.add(e.getMessage());
    } catch (Exception e) {
      r.problems.add("the fault itself failed: " + e);
    }
    long healStart = System.nanoTime();
    try {
      fault.heal(lab);
      lab.awaitConverged(Duration.ofSeconds(90));
    } catch (AssertionError e) {
      r.problems.add("after healing: " + e.getMessage());
    } catch (Exception e) {
      r.problems.add("healing failed: " + e);
    }
    r.twoHoldersMs = lab.vip.longestOverlapMsSince(r.startNanos);
    r.outageMs = lab.probe.longestOutageMsSince(r.startNanos);
    if (r.twoHoldersMs > 0) {
      r.problems.add(String.format("two controllers held the VIP for %.1f ms", r.twoHoldersMs));
    }
    long auditStart = System.nanoTime();
    r.healSeconds = (auditStart - healStart) / 1e9;
    audit.check(r);
    r.auditSeconds = (System.nanoTime() - auditStart) / 1e9;
    if (!r.problems.isEmpty()) {
      lab.saveState("chaos-round-" + number + "-" + fault.kind());
      Thread.sleep(1000); // the kernel logs a resume as the machine runs again: let the reader catch up
    }
    r.hostResumes = lab.host.resumesSince(r.startNanos);
    return r;
  }

  private void awaitRecovery(ChaosLab lab) throws InterruptedException {
    Duration limit = fault.recoveryLimit();
    String what = switch (fault.expected()) {
      case MOVES -> "the VIP group served from a controller other than " + victim;
      case RECOVERS -> "the VIP group served again";
      case STAYS -> "nothing moved (placement as before: " + placementBefore + ")";
    };
    ChaosLab.await(what + ", the cluster converged", limit, () -> recoveredNow(lab));
    recoveryMs = (System.nanoTime() - injectedNanos) / 1e6;
    watchersSawIt(lab);
  }

  /**
   * The watchers saw what happened: when the VIP moved, the kernel events show it deleted on the
   * old holder and added on the new one, and the probe saw the outage between; when nothing was to
   * move, no controller lost the VIP.
   */
  private void watchersSawIt(ChaosLab lab) {
    if (holderBefore == null) {
      // the round started converged and served, but the kernel's events showed no single holder
      problems.add("no single VIP holder when the round started: the watchers cannot tell a move");
      return;
    }
    List<long[]> events = lab.vip.eventsSince(startNanos);
    int before = Integer.parseInt(holderBefore.substring(1));
    int after = Integer.parseInt(holderAfter.substring(1));
    boolean deleted = events.stream().anyMatch(e -> e[1] == before && e[2] < 0);
    boolean added = events.stream().anyMatch(e -> e[1] == after && e[2] > 0);
    if (before != after && !(deleted && added && lab.probe.outagesSince(startNanos) > 0)) {
      problems.add("the watchers missed the move " + holderBefore + " → " + holderAfter + " (VIP deleted seen: "
          + deleted + ", added seen: " + added + ", client outages seen: " + lab.probe.outagesSince(startNanos) + ")");
    }
    if (fault.expected() == Fault.Outcome.STAYS && deleted) {
      problems.add("the VIP was deleted on " + holderBefore + " although nothing was to move");
    }
  }

  private boolean recoveredNow(ChaosLab lab) {
    String holder = lab.holder();
    String served = lab.probe.servedBy();
    if (holder == null || served == null || !lab.failuresSeen() || !fault.effectSeen(lab) || !lab.converged(false)) {
      return false;
    }
    Map<String, List<String>> now = lab.placement();
    boolean groupOnHolder = now.get("vip").equals(List.of("Started@" + ChaosLab.hanode(holder)))
        && served.endsWith("-" + holder);
    // a recovery is a transition the operator started after the fault (and has finished: converged)
    boolean newTransition = !java.util.Objects.equals(lab.lastTransition(), transitionBefore);
    boolean recovered = switch (fault.expected()) {
      case MOVES -> groupOnHolder && !holder.equals(victim) && newTransition;
      case RECOVERS -> groupOnHolder && newTransition;
      case STAYS -> now.equals(placementBefore);
    };
    if (recovered) {
      holderAfter = holder;
    }
    return recovered;
  }

  String summary() {
    return String.format("round %d %s on %s: %s, recovery %s, two holders %.1f ms, outage %.0f ms"
        + " (healed and converged in %.1f s, audit %.1f s)%s", number, fault.kind(), victim,
        recovered() ? "recovered" : disturbedByHost()
            ? "DISTURBED by the host (" + hostResumes + " VM snapshot resume(s) in the kernel log)"
            : "NOT RECOVERED", recoveryMs < 0 ? "-" : String.format("%.0f ms", recoveryMs),
        twoHoldersMs, outageMs, healSeconds, auditSeconds, problems.isEmpty() ? "" : ": " + String.join("; ", problems));
  }

  Duration recovery() {
    return Duration.ofNanos((long) (recoveryMs * 1e6));
  }
}
