package dev.baton.operator.e2e;

import dev.baton.testsupport.ControlPlane;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network lab of hack/lab.sh (two or three controllers and a client as network namespaces),
 * with the probes the end-to-end tests need: HTTP from the client to the VIP, and a watch of which
 * controllers hold the VIP (from the kernel's own address events, so no instant is missed).
 */
final class Lab implements AutoCloseable {
  static final String VIP = "198.51.100.100";
  private static final Path LOCK = Path.of("/run/baton-lab.lock");
  private final String prefix;
  private final List<String> nodes = new ArrayList<>();
  private final Path repo = ControlPlane.repo();
  private static FileChannel lockFile;
  private static FileLock lock;

  Lab(String prefix) {
    this(prefix, 2);
  }

  /** A lab of controllers c1 … cN (N = 2 or 3). */
  Lab(String prefix, int controllers) {
    this.prefix = prefix;
    for (int i = 1; i <= controllers; i++) {
      nodes.add("c" + i);
    }
    run(List.of("bash", repo.resolve("hack/lab.sh").toString(), "up", prefix, Integer.toString(controllers)));
  }

  /**
   * One end-to-end run at a time on a machine: labs use the host's management addresses, and the
   * operators of two runs would share their leader election. Another test JVM waits here.
   */
  static synchronized void lockMachine() throws IOException {
    lockFile = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockFile.lock();
  }

  static synchronized void unlockMachine() throws IOException {
    lock.release();
    lockFile.close();
  }

  String ns(String node) {
    return prefix + "-" + node;
  }

  Path repo() {
    return repo;
  }

  /** The controllers: c1, c2 (, c3). */
  List<String> nodes() {
    return List.copyOf(nodes);
  }

  /** A controller's address on the LAN (198.51.100.1N). */
  static String address(String node) {
    return "198.51.100.1" + node.substring(1);
  }

  /** The argument vector that runs a command in a controller as hack/lab.sh exec does (its own OCF state). */
  List<String> nodeExec(String node, List<String> argv) {
    List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("hack/lab.sh").toString(), "exec", prefix, node));
    cmd.addAll(argv);
    return cmd;
  }

  /** The agent kubeconfig for a controller: the API server through its management link. */
  Path kubeconfig(String node, Path adminKubeconfig, Path dir) throws IOException {
    Path out = dir.resolve("kubeconfig-" + node);
    ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("hack/lab.sh").toString(), "kubeconfig", prefix, node,
        out.toString());
    pb.environment().put("KUBECONFIG", adminKubeconfig.toString());
    exec(pb);
    return out;
  }

  /** The body of http://VIP/ from the client, or null when nothing answers within the timeout. */
  String http(Duration timeout) {
    Result r = run(List.of("ip", "netns", "exec", ns("client"), "curl", "-s", "--max-time",
        String.format("%.3f", timeout.toMillis() / 1000.0), "http://" + VIP + "/"), false);
    return r.exit == 0 ? r.out.trim() : null;
  }

  /** Polls the client until the VIP answers with a body containing {@code want}; returns when. */
  Instant awaitServedBy(String want, Duration limit) throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      String body = http(Duration.ofMillis(300));
      if (body != null && body.contains(want)) {
        return Instant.now();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the VIP was not served by " + want + " within " + limit + "; last answer: "
        + http(Duration.ofMillis(500)));
  }

  boolean holdsVip(String node) {
    return run(List.of("ip", "-n", ns(node), "-4", "-o", "addr", "show"), true).out.contains(" " + VIP + "/");
  }

  void exec(String node, String... argv) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(node)));
    cmd.addAll(List.of(argv));
    run(cmd);
  }

  /** Cuts a controller off: its LAN and management links go down (node loss, or a partition). */
  void cut(String node) {
    run(List.of("ip", "-n", ns(node), "link", "set", "eth0", "down"));
    run(List.of("ip", "-n", ns(node), "link", "set", "mgmt0", "down"));
  }

  void restore(String node) {
    run(List.of("ip", "-n", ns(node), "link", "set", "eth0", "up"));
    run(List.of("ip", "-n", ns(node), "link", "set", "mgmt0", "up"));
  }

  /** The management link alone: the controller no longer reaches the API server, its LAN stays. */
  void cutManagement(String node, boolean cut) {
    run(List.of("ip", "-n", ns(node), "link", "set", "mgmt0", cut ? "down" : "up"));
  }

  /**
   * Cuts a controller from its peers only, both ways, and nothing else (the client still reaches
   * it): a blackhole route to each peer in the controller and to it in each peer.
   */
  void cutFromPeers(String node, boolean cut) {
    for (String peer : nodes) {
      if (!peer.equals(node)) {
        route(node, address(peer), cut);
        route(peer, address(node), cut);
      }
    }
  }

  private void route(String in, String to, boolean add) {
    run(List.of("ip", "-n", ns(in), "route", add ? "add" : "del", "blackhole", to + "/32"), add);
  }

  /** Kills the lab service of a controller (the way a crashing daemon goes). */
  void killService(String node, String service) throws IOException {
    Path pid = Path.of("/run/baton-lab", ns(node), service, "pid");
    run(List.of("kill", "-9", Files.readString(pid).trim()));
  }

  /** Watches VIP address events on every controller: add/delete instants from the kernel. */
  VipWatch watchVip() throws IOException {
    return new VipWatch(this);
  }

  /** Keeps the lab services' own logs (they go with the lab) for the reader of a failed run. */
  void saveServiceLogs(Path dir, String name) throws IOException {
    for (String node : nodes) {
      for (String service : List.of("apache2", "nova-network")) {
        Path log = Path.of("/run/baton-lab", ns(node), service, "log");
        if (Files.exists(log)) {
          Files.copy(log, dir.resolve(name + "-" + node + "-" + service + ".log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Override
  public void close() {
    run(List.of("bash", repo.resolve("hack/lab.sh").toString(), "down", prefix), false);
  }

  record Result(int exit, String out) {
  }

  static Result run(List<String> argv) {
    return run(argv, true);
  }

  static Result run(List<String> argv, boolean check) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(argv + " timed out");
      }
      if (check && p.exitValue() != 0) {
        throw new AssertionError(argv + " exited " + p.exitValue() + ": " + out);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void exec(ProcessBuilder pb) throws IOException {
    try {
      Process p = pb.redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new AssertionError(pb.command() + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * `ip monitor address` in every controller: every add and delete of the VIP, timestamped on
   * arrival. The longest time two held it is the safety figure (it must be zero).
   */
  static final class VipWatch implements AutoCloseable {
    private final List<Process> monitors = new ArrayList<>();
    private final List<long[]> events = new ArrayList<>(); // {nanos, node (1..3), +1 add / -1 delete}
    private final List<long[]> overlaps = new ArrayList<>(); // {from, to} nanos of each two-holder interval
    private final boolean[] holding;
    private long bothSince = -1;
    private long longestBothNanos;
    private boolean closed;

    VipWatch(Lab lab) throws IOException {
      int n = lab.nodes.size();
      holding = new boolean[n + 1];
      for (int i = 1; i <= n; i++) {
        holding[i] = lab.holdsVip("c" + i);
      }
      if (holders() > 1) {
        bothSince = System.nanoTime();
      }
      for (int i = 1; i <= n; i++) {
        int node = i;
        Process p = monitor(lab, node);
        Thread t = new Thread(() -> watch(lab, node, p), "vip-watch-c" + i);
        t.setDaemon(true);
        t.start();
      }
    }

    private synchronized Process monitor(Lab lab, int node) throws IOException {
      Process p = new ProcessBuilder("ip", "-n", lab.ns("c" + node), "monitor", "address").redirectErrorStream(true)
          .start();
      monitors.add(p);
      return p;
    }

    /**
     * Reads a controller's address events. A monitor killed under the watch (the lab's power switch kills every
     * process of the namespace, this one too) is started again and the holder re-read from the kernel: an address
     * removed meanwhile counts as held until then, so the two-holder figure can only come out too high, never low.
     */
    private void watch(Lab lab, int node, Process first) {
      Process p = first;
      while (true) {
        read(p, node);
        synchronized (this) {
          if (closed || !Files.exists(Path.of("/run/netns", lab.ns("c" + node)))) {
            return;
          }
        }
        try {
          p = monitor(lab, node);
        } catch (IOException e) {
          return;
        }
        boolean holds = lab.holdsVip("c" + node);
        synchronized (this) {
          if (holds != holding[node]) {
            event(node, holds);
          }
        }
      }
    }

    private int holders() {
      int count = 0;
      for (boolean h : holding) {
        count += h ? 1 : 0;
      }
      return count;
    }

    /** The controller that holds the VIP now by the kernel's events (c1..c3), or null when none or several do. */
    synchronized String holder() {
      if (holders() != 1) {
        return null;
      }
      for (int i = 1; i < holding.length; i++) {
        if (holding[i]) {
          return "c" + i;
        }
      }
      return null;
    }

    /** The longest two-holder interval that overlapped [sinceNanos, now], in ms (ongoing counts too). */
    synchronized double longestOverlapMsSince(long sinceNanos) {
      long now = System.nanoTime();
      long longest = bothSince < 0 ? 0 : now - bothSince;
      for (long[] o : overlaps) {
        if (o[1] >= sinceNanos) {
          longest = Math.max(longest, o[1] - o[0]);
        }
      }
      return longest / 1e6;
    }

    /** The events seen since a point in time (System.nanoTime()): {nanos, node, +1/-1}. */
    synchronized List<long[]> eventsSince(long sinceNanos) {
      return events.stream().filter(e -> e[0] >= sinceNanos).toList();
    }

    private void read(Process p, int node) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.contains(" " + VIP + "/")) {
            event(node, !line.startsWith("Deleted"));
          }
        }
      } catch (IOException e) {
        // the monitor ends when the watch is closed or the namespace goes away
      }
    }

    private synchronized void event(int node, boolean added) {
      long now = System.nanoTime();
      events.add(new long[] {now, node, added ? 1 : -1});
      holding[node] = added;
      if (holders() > 1) {
        if (bothSince < 0) {
          bothSince = now;
        }
      } else if (bothSince >= 0) {
        longestBothNanos = Math.max(longestBothNanos, now - bothSince);
        overlaps.add(new long[] {bothSince, now});
        bothSince = -1;
      }
    }

    /** The longest interval during which two controllers held the VIP, in ms (ongoing counts too). */
    synchronized double longestOverlapMs() {
      long ongoing = bothSince < 0 ? 0 : System.nanoTime() - bothSince;
      return Math.max(longestBothNanos, ongoing) / 1e6;
    }

    synchronized List<long[]> events() {
      return List.copyOf(events);
    }

    @Override
    public synchronized void close() {
      closed = true;
      monitors.forEach(Process::destroyForcibly);
    }
  }
}
