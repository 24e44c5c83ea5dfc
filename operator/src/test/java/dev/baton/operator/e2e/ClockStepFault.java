package dev.baton.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A step of one controller's wall clock, +30 s and -30 s in turn (an NTP step, a hand-set {@code date}), held
 * for three lease durations, then stepped back. Nothing may move and nothing may fail: what the agents and the
 * operator time (lease renewals, membership, VIP lifetimes, action timeouts) runs on monotonic clocks.
 *
 * <p>Linux cannot step the wall clock of one network namespace (time namespaces offset only the monotonic and
 * boot clocks), and stepping the host's would step the API server's and etcd's too. So c3's agent runs, from the
 * lab's start, under Debian's libfaketime (LD_PRELOAD), which reads the offset from a file and leaves the monotonic
 * clock alone. The step is seen taking effect in c3's Lease, whose renewTime the agent
 * writes from its wall clock.
 */
final class ClockStepFault implements Fault {
  static final String NODE = "c3";
  private static final String LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";
  /** Steps so far in this JVM: the harness makes a new fault each round, and the sign alternates over the run. */
  private static final java.util.concurrent.atomic.AtomicInteger STEPS = new java.util.concurrent.atomic.AtomicInteger();
  private Set<String> before;

  /** The environment c3's agent runs under: libfaketime at offset 0, read from the file the fault rewrites. */
  static Map<String, String> environment(Path dir) throws IOException {
    Path file = offsetFile(dir).toAbsolutePath();
    Files.writeString(file, "+0\n");
    // FORCE_MONOTONIC_FIX=0: libfaketime's wrapping of timed condition waits (on by default) made the JVM spin, about
    // 65 % of a core for an idle agent, starving the lab; the monotonic clock is not faked, so the waits need no
    // fix. NO_CACHE: the offset file is read at each wall-clock read (with the cache, a rewrite was not always seen)
    return Map.of("LD_PRELOAD", LIBFAKETIME, "FAKETIME_TIMESTAMP_FILE", file.toString(), "FAKETIME_NO_CACHE", "1",
        "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0", "NO_FAKE_STAT", "1");
  }

  private static Path offsetFile(Path dir) {
    return dir.resolve("chaos-clock-" + NODE + ".offset");
  }

  @Override
  public String kind() {
    return "clock-step";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    long offset = STEPS.getAndIncrement() % 2 == 0 ? 30 : -30;
    before = lab.actionUids();
    step(lab, offset);
    Thread.sleep(3 * lab.leaseMs());
    return NODE;
  }

  @Override
  public Outcome expected() {
    return Outcome.STAYS;
  }

  @Override
  public void verify(ChaosLab lab, ChaosRound round) {
    List<String> operations = lab.operationsSince(before);
    if (!operations.isEmpty()) {
      throw new AssertionError("the clock of " + NODE + " stepped: actions, although nothing was to move: " + operations);
    }
    double outage = lab.probe.longestOutageMsSince(round.startNanos);
    if (outage > 1000 || !lab.probe.alive()) {
      throw new AssertionError(String.format("the clock of %s stepped: the client lost the VIP for %.0f ms", NODE, outage));
    }
  }

  @Override
  public void heal(ChaosLab lab) throws Exception {
    step(lab, 0);
  }

  /** Sets c3's offset and waits until its agent renews its Lease from the stepped clock. */
  private static void step(ChaosLab lab, long offsetSeconds) throws Exception {
    Files.writeString(offsetFile(Cluster.LOGS), (offsetSeconds < 0 ? "" : "+") + offsetSeconds + "\n");
    String lease = ChaosLab.hanode(NODE);
    ChaosLab.await("the Lease of " + lease + " renewed " + offsetSeconds + " s off", Duration.ofSeconds(15), () -> {
      var l = lab.client.leases().withName(lease).get();
      if (l == null || l.getSpec().getRenewTime() == null) {
        return false;
      }
      long off = Duration.between(Instant.now(), l.getSpec().getRenewTime().toInstant()).toSeconds();
      return Math.abs(off - offsetSeconds) <= 3;
    });
  }
}
