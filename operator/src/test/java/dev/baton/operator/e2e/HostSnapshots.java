package dev.baton.operator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's evidence that the hypervisor paused and resumed the whole machine (a VM snapshot): Linux logs
 * "random: crng reseeded due to virtual machine fork" when the VM generation ID changes. Such a pause stops
 * everything at once — client, API server, agents — and no HA software can keep a client's outage under a second
 * across it. In session 12's 200-round run the one failed round (etcd-restart, a 1406 ms outage) had exactly that:
 * the kernel's line 10 s into a 12 s gap of the web server's own log, and the agents' renewals stopped for 14 s.
 * The chaos run lists a failed round that saw one, and repeats it ({@link Chaos}); only the kernel's word counts.
 */
final class HostSnapshots implements AutoCloseable {
  private static final String RESUMED = "due to virtual machine fork";
  private final List<Long> resumes = new ArrayList<>(); // System.nanoTime() when each line was read
  private final Process dmesg;

  /** Follows the kernel log from now on (dmesg --follow-new: no backlog); without dmesg, no evidence is ever seen. */
  HostSnapshots() {
    dmesg = follow();
    if (dmesg != null) {
      Thread t = new Thread(() -> read(dmesg), "host-snapshots");
      t.setDaemon(true);
      t.start();
    }
  }

  private static Process follow() {
    try {
      return new ProcessBuilder("dmesg", "--follow-new", "--kernel", "--notime").redirectErrorStream(true).start();
    } catch (IOException e) {
      System.err.println("[chaos] cannot follow the kernel log (" + e.getMessage() + "): host snapshots go unseen");
      return null;
    }
  }

  private void read(Process p) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.contains(RESUMED)) {
          synchronized (this) {
            resumes.add(System.nanoTime());
          }
        }
      }
    } catch (IOException e) {
      // the process ended (close): nothing more to read
    }
  }

  /** How many times the machine was resumed from a snapshot since {@code nanos} (System.nanoTime()). */
  synchronized int resumesSince(long nanos) {
    return (int) resumes.stream().filter(t -> t - nanos >= 0).count();
  }

  @Override
  public void close() {
    if (dmesg != null) {
      dmesg.destroy();
    }
  }
}
