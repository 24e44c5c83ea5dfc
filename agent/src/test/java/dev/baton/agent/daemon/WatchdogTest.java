package dev.baton.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testsupport.ControlPlane;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's watchdog with a regular file as its device, watched by the lab's watchdog
 * (hack/lab/watchdog/baton_lab_watchdog) as the hardware: fed while healthy, never again once not, not after a
 * self-fence, and disarmed by a clean close. The lab's watchdog is pointed at a lab that does not exist (its fence
 * agent refuses, rc 1), so it powers nothing off here; what it reports is what it would have done.
 */
class WatchdogTest {
  private static final long TIMEOUT_MS = 1000;

  @TempDir
  Path dir;
  private Process lab;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    if (lab != null) {
      lab.destroy();
      lab.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** The lab's watchdog on {@code device}, its events collected as they come. */
  private void watch(Path device) throws Exception {
    Path script = ControlPlane.repo().resolve("hack/lab/watchdog/baton_lab_watchdog");
    lab = new ProcessBuilder(script.toString(), "--lab", "nolab9", "--plug", "c1", "--device", device.toString(),
        "--timeout", Double.toString(TIMEOUT_MS / 1000.0)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(lab.getInputStream()))) {
        for (String line; (line = r.readLine()) != null; ) {
          events.add(line);
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private static FileTime mtime(Path p) throws Exception {
    return Files.getLastModifiedTime(p);
  }

  private void await(String what, Duration limit, java.util.function.BooleanSupplier ok) throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (!ok.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for %s; events %s", what, events).isBefore(end);
      Thread.sleep(20);
    }
  }

  private boolean seen(String kind) {
    return events.stream().anyMatch(e -> e.startsWith(kind + " "));
  }

  @Test
  void fedWhileHealthyThenNeverAgainOnceNotAndTheLabWatchdogFires() throws Exception {
    Path device = dir.resolve("watchdog");
    watch(device);
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (Watchdog w = new Watchdog(device, TIMEOUT_MS, healthy::get)) {
      w.start();
      await("armed", Duration.ofSeconds(10), () -> seen("armed"));
      FileTime first = mtime(device);
      Thread.sleep(2 * TIMEOUT_MS);
      assertThat(mtime(device)).as("still fed").isGreaterThan(first);
      assertThat(Files.size(device)).as("each feed rewrites the first byte").isEqualTo(1);
      assertThat(w.feeds()).as("fed every quarter of its timeout").isGreaterThanOrEqualTo(6);
      assertThat(seen("fired")).as("fed for twice its timeout: not fired; events %s", events).isFalse();

      healthy.set(false);
      long unhealthy = System.nanoTime();
      await("fired", Duration.ofSeconds(10), () -> seen("fired"));
      long firedAfterMs = (System.nanoTime() - unhealthy) / 1_000_000;
      assertThat(w.stopped()).contains("lease lapsed");
      long feeds = w.feeds();
      healthy.set(true);
      Thread.sleep(TIMEOUT_MS / 2);
      assertThat(w.feeds()).as("once unhealthy, never fed again").isEqualTo(feeds);
      // fired between the timeout (less one feed period it may have been fed early in) and a generous margin
      assertThat(firedAfterMs).isBetween(TIMEOUT_MS * 3 / 4, TIMEOUT_MS * 3);
      String fired = events.stream().filter(e -> e.startsWith("fired ")).findFirst().orElseThrow();
      assertThat(Long.parseLong(fired.split(" ")[2])).as("unfed for its timeout").isGreaterThanOrEqualTo(TIMEOUT_MS);
      await("the power-off attempt", Duration.ofSeconds(10), () -> seen("off"));
      assertThat(events.stream().filter(e -> e.startsWith("off ")).findFirst().orElseThrow())
          .as("no such lab: its fence agent refused").endsWith(" 1");
    }
  }

  @Test
  void aSelfFenceStopsFeedingAndACleanCloseAfterItDoesNotDisarm() throws Exception {
    Path device = dir.resolve("watchdog");
    watch(device);
    Watchdog w = new Watchdog(device, TIMEOUT_MS, () -> true);
    w.start();
    await("armed", Duration.ofSeconds(10), () -> seen("armed"));
    w.selfFence("asked to by fence-compute-1-1");
    long feeds = w.feeds();
    w.close();
    assertThat(Files.readString(device)).as("no magic close after a self-fence").isEqualTo("1");
    await("fired", Duration.ofSeconds(10), () -> seen("fired"));
    assertThat(w.feeds()).isEqualTo(feeds);
    assertThat(seen("disarmed")).isFalse();
  }

  @Test
  void aCleanCloseWhileFeedingDisarmsIt() throws Exception {
    Path device = dir.resolve("watchdog");
    watch(device);
    Watchdog w = new Watchdog(device, TIMEOUT_MS, () -> true);
    w.start();
    await("armed", Duration.ofSeconds(10), () -> seen("armed"));
    w.close();
    assertThat(Files.readString(device)).as("the magic close").isEqualTo("V");
    await("disarmed", Duration.ofSeconds(10), () -> seen("disarmed"));
    Thread.sleep(2 * TIMEOUT_MS);
    assertThat(seen("fired")).as("disarmed: never fires; events %s", events).isFalse();
  }
}
