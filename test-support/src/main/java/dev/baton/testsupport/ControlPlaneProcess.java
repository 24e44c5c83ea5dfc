package dev.baton.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kube-apiserver or etcd of a control plane of {@link ControlPlane#own}, to be killed and started again as it was:
 * the same command line (read from /proc), the same ports, the same data; its pid file follows, so stop still works.
 */
public final class ControlPlaneProcess {
  private final Path stateDir;
  private final String name;
  private List<String> argv;

  /** {@code name}: "kube-apiserver" or "etcd" of the control plane whose state directory is {@code stateDir}. */
  public ControlPlaneProcess(Path stateDir, String name) {
    this.stateDir = stateDir;
    this.name = name;
  }

  private Path pidFile() {
    return stateDir.resolve(name + ".pid");
  }

  /** SIGKILL, as a crash or a power loss of the control-plane host would end it. */
  public void kill() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(pidFile()).trim());
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
    byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
    argv = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        argv.add(new String(cmdline, from, i - from, StandardCharsets.UTF_8));
        from = i + 1;
      }
    }
    p.destroyForcibly();
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(name + " did not exit after SIGKILL", e);
    }
  }

  /** Starts it again with the command line it had when killed (its log goes on in the state directory). */
  public void start() throws IOException {
    if (argv == null) {
      throw new IllegalStateException(name + " was not killed by this handle");
    }
    // setsid, as hack/control-plane.sh starts it: not a child that dies with the test JVM's process group
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.addAll(argv);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve(name + ".log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    Files.writeString(pidFile(), p.pid() + "\n");
  }
}
