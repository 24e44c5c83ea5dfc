package dev.baton.operator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's view of the service: hack/lab/http-probe.py in the client namespace fetches
 * http://VIP/ every 10 ms and reports each outage (from the last answer to the next) and each
 * change of the server answering. Its clock is CLOCK_MONOTONIC, the clock of System.nanoTime().
 */
final class HttpProbe implements AutoCloseable {
  private final Process process;
  private final List<long[]> outages = new ArrayList<>(); // {end nanos, length nanos}
  private long lastAlive;
  private long downSince = -1;
  private long lastUp;
  private String body;

  HttpProbe(Lab lab) throws IOException {
    process = new ProcessBuilder("ip", "netns", "exec", lab.ns("client"), "python3",
        lab.repo().resolve("hack/lab/http-probe.py").toString(), "http://" + Lab.VIP + "/")
        .redirectErrorStream(true).start();
    Thread t = new Thread(this::read, "http-probe");
    t.setDaemon(true);
    t.start();
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ", 4);
        if (f.length < 2 || !f[1].matches("[0-9]+")) {
          System.err.println("[http-probe] " + line); // not the probe's report: python said something
          continue;
        }
        synchronized (this) {
          long t = Long.parseLong(f[1]);
          lastAlive = Math.max(lastAlive, t);
          switch (f[0]) {
            case "up" -> {
              if (downSince >= 0 && lastUp > 0) {
                outages.add(new long[] {t, Long.parseLong(f[2])});
              }
              downSince = -1;
              lastUp = t;
              body = f.length > 3 ? f[3] : "";
            }
            case "down" -> downSince = lastUp > 0 ? lastUp : t;
            default -> {
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the probe ends when it is closed or the client namespace goes away
    }
  }

  /** What the last answer said, or null while nothing answers. */
  synchronized String servedBy() {
    return downSince >= 0 ? null : body;
  }

  /** The probe reported within the last two seconds (it prints `alive` every second). */
  synchronized boolean alive() {
    return process.isAlive() && System.nanoTime() - lastAlive < 2_000_000_000L;
  }

  /** The longest outage that ended after {@code sinceNanos} or still goes on, in ms. */
  synchronized double longestOutageMsSince(long sinceNanos) {
    long longest = downSince >= 0 ? System.nanoTime() - Math.max(downSince, sinceNanos) : 0;
    for (long[] o : outages) {
      if (o[0] >= sinceNanos) {
        longest = Math.max(longest, o[1]);
      }
    }
    return longest / 1e6;
  }

  /** How many outages ended after {@code sinceNanos}. */
  synchronized int outagesSince(long sinceNanos) {
    return (int) outages.stream().filter(o -> o[0] >= sinceNanos).count();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
