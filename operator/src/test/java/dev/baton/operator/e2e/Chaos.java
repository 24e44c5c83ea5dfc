package dev.baton.operator.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * hack/chaos.sh: the randomized fault matrix, like Pacemaker's CTS. On the lab of {@link ChaosLab},
 * ROUNDS rounds each inject one fault chosen at random (seeded: the first rounds take every kind
 * once, in a random order, then any kind), wait for the recovery and audit. Prints one row per
 * kind and, last, the one-line verdict; exits 1 when a fault was not recovered from, two
 * controllers held the VIP, or an object was lost.
 *
 * <pre>Chaos [ROUNDS] [--seed S]       (the caller holds the lab lock; BATON_CP_DIR: the control plane's state)</pre>
 *
 * ROUNDS defaults to the number of kinds: one round of each.
 */
public final class Chaos {
  /**
   * At most this many rounds of a run are repeated for a host snapshot ({@link HostSnapshots}); one more counts as
   * failed: a machine paused that often is no place to judge failover.
   */
  static final int MAX_DISTURBED = 5;

  private Chaos() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = Faults.all().size();
    long seed = System.nanoTime();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--seed") && i + 1 < args.length) {
        seed = Long.parseLong(args[++i]);
      } else if (args[i].matches("[0-9]+")) {
        rounds = Integer.parseInt(args[i]);
      } else {
        System.err.println("usage: hack/chaos.sh [ROUNDS] [--seed S]");
        System.exit(2);
      }
    }
    String dir = System.getenv().getOrDefault("BATON_CP_DIR", "/tmp/baton-chaos-cp");
    List<Integer> schedule = schedule(rounds, Faults.all().size(), new Random(seed));
    System.err.printf("[chaos] %d rounds, seed %d%n", rounds, seed);
    List<ChaosRound> done = Collections.synchronizedList(new ArrayList<>());
    List<ChaosRound> disturbed = Collections.synchronizedList(new ArrayList<>());
    int planned = rounds;
    ChaosLab[] running = new ChaosLab[1];
    // a run cut short (Ctrl-C, a deadline) still prints the table of the rounds it did, and ends its processes
    Thread interrupted = new Thread(() -> {
      synchronized (done) {
        print(done, disturbed, planned, System.out);
      }
      if (running[0] != null) {
        running[0].close();
      }
    });
    Runtime.getRuntime().addShutdownHook(interrupted);
    try (ChaosLab lab = ChaosLab.start(Path.of(dir))) {
      running[0] = lab;
      ChaosAudit audit = new ChaosAudit(lab);
      System.err.printf("[chaos] converged: %d configuration objects, VIP on %s%n", audit.objects(), lab.holder());
      for (int i = 0; i < schedule.size(); i++) {
        Fault f = Faults.all().get(schedule.get(i));
        ChaosRound r = ChaosRound.run(i + 1, f, lab, audit);
        System.err.println("[chaos] " + r.summary());
        if (r.disturbedByHost() && disturbed.size() < MAX_DISTURBED) {
          disturbed.add(r);
          System.err.printf("[chaos] round %d again: the machine was paused by the host%n", i + 1);
          i--; // the same kind, the same number
        } else {
          done.add(r);
        }
        if (!lab.converged(true)) {
          System.err.println("[chaos] the cluster did not converge again: stopping here");
          break;
        }
      }
    }
    Runtime.getRuntime().removeShutdownHook(interrupted);
    boolean ok = print(done, disturbed, rounds, System.out);
    System.exit(ok ? 0 : 1);
  }

  /** Fault indexes per round: every kind once in a random order, then kinds at random. */
  static List<Integer> schedule(int rounds, int kinds, Random random) {
    List<Integer> first = new ArrayList<>();
    for (int k = 0; k < kinds; k++) {
      first.add(k);
    }
    Collections.shuffle(first, random);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      out.add(i < kinds ? first.get(i) : random.nextInt(kinds));
    }
    return out;
  }

  /**
   * The table, the rounds repeated for a host snapshot, and the verdict line; true when everything recovered, never
   * two holders, nothing lost. A disturbed round's two-holder interval and lost objects still count.
   */
  static boolean print(List<ChaosRound> rounds, List<ChaosRound> disturbed, int planned, PrintStream out) {
    int lostObjects = Stream.concat(rounds.stream(), disturbed.stream())
        .mapToInt(r -> r.lostObjects).max().orElse(0);
    Map<String, List<ChaosRound>> byKind = new LinkedHashMap<>();
    Faults.all().forEach(f -> byKind.put(f.kind(), new ArrayList<>()));
    rounds.forEach(r -> byKind.get(r.fault.kind()).add(r));
    out.printf("%-22s %8s %9s %9s %9s %15s %15s%n", "fault", "injected", "recovered", "p50 ms", "max ms",
        "two-holders ms", "max outage ms");
    double twoHolders = 0;
    int recovered = 0;
    for (var e : byKind.entrySet()) {
      List<ChaosRound> rs = e.getValue();
      List<Double> times = rs.stream().filter(ChaosRound::recovered).map(r -> r.recoveryMs).sorted().toList();
      double two = rs.stream().mapToDouble(r -> r.twoHoldersMs).max().orElse(0);
      double outage = rs.stream().mapToDouble(r -> r.outageMs).max().orElse(0);
      twoHolders = Math.max(twoHolders, two);
      recovered += times.size();
      out.printf("%-22s %8d %9d %9s %9s %15.1f %15.0f%n", e.getKey(), rs.size(), times.size(),
          times.isEmpty() ? "-" : String.format("%.0f", times.get((times.size() - 1) / 2)),
          times.isEmpty() ? "-" : String.format("%.0f", times.get(times.size() - 1)), two, outage);
    }
    for (ChaosRound r : disturbed) {
      twoHolders = Math.max(twoHolders, r.twoHoldersMs);
    }
    int unrecovered = rounds.size() - recovered;
    if (!disturbed.isEmpty()) {
      out.printf("repeated, the machine paused by the host (a VM snapshot in the kernel log) during the round:%n");
      disturbed.forEach(r -> out.println("  " + r.summary()));
    }
    if (rounds.size() < planned) {
      out.printf("(stopped after %d of %d rounds)%n", rounds.size(), planned);
    }
    out.printf("faults: %d injected, %d recovered, %d unrecovered; two-VIP-holders: %.0f ms; lost objects: %d%n",
        rounds.size(), recovered, unrecovered, Math.ceil(twoHolders), lostObjects);
    return rounds.size() == planned && unrecovered == 0 && twoHolders == 0 && lostObjects == 0;
  }
}
