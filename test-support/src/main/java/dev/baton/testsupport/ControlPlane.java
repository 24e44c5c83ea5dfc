package dev.baton.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Kubernetes API server the tests run against: the one KUBECONFIG names, or else the
 * local control plane of {@code hack/control-plane.sh}, started once per JVM and left running for
 * the next test JVM (hack/test.sh stops it at the end). The repository's CRDs are installed once.
 */
public final class ControlPlane {
  private static ControlPlane instance;

  private final Path repo;
  private final Path kubeconfig;
  private final Path binDir;
  private final Path stateDir;
  private final KubernetesClient admin;

  private ControlPlane(Path repo, Path kubeconfig, Path binDir, Path stateDir) {
    this.repo = repo;
    this.kubeconfig = kubeconfig;
    this.binDir = binDir;
    this.stateDir = stateDir;
    this.admin = client(null);
  }

  /**
   * A control plane of its own (hack/control-plane.sh with BATON_CP_DIR=stateDir, its own ports),
   * for a run that stops or restarts parts of it without disturbing anyone else's; the CRDs are
   * installed. {@link #stop()} ends it.
   */
  public static ControlPlane own(Path stateDir) {
    Path repo = repo();
    Path script = repo.resolve("hack/control-plane.sh");
    Map<String, String> env = Map.of("BATON_CP_DIR", stateDir.toString());
    Path bin = Path.of(run(repo, List.of("bash", script.toString(), "bin"), env).trim());
    ControlPlane cp = new ControlPlane(repo, kubeconfigOf(run(repo, List.of("bash", script.toString(), "start"), env)),
        bin, stateDir);
    cp.installCrds();
    return cp;
  }

  /** Stops a control plane of its own (never the shared one). */
  public void stop() {
    if (stateDir == null) {
      throw new IllegalStateException("the shared control plane is not stopped by a test");
    }
    admin.close();
    run(repo, List.of("bash", repo.resolve("hack/control-plane.sh").toString(), "stop"),
        Map.of("BATON_CP_DIR", stateDir.toString()));
  }

  /** The state directory of a control plane of its own (pid files, logs), or null for the shared one. */
  public Path stateDir() {
    return stateDir;
  }

  public static synchronized ControlPlane get() {
    if (instance == null) {
      instance = start();
      instance.installCrds();
    }
    return instance;
  }

  /** The repository root: the surefire property baton.repo, or the nearest parent with hack/. */
  public static Path repo() {
    String prop = System.getProperty("baton.repo");
    if (prop != null && Files.isRegularFile(Path.of(prop, "hack", "control-plane.sh"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("hack/control-plane.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root (hack/control-plane.sh) from " + Path.of("").toAbsolutePath());
  }

  private static ControlPlane start() {
    Path repo = repo();
    Path script = repo.resolve("hack/control-plane.sh");
    Path bin = Path.of(run(repo, List.of("bash", script.toString(), "bin"), Map.of()).trim());
    String external = System.getenv("KUBECONFIG");
    if (external != null && !external.isBlank()) {
      return new ControlPlane(repo, Path.of(external), bin, null);
    }
    return new ControlPlane(repo, kubeconfigOf(run(repo, List.of("bash", script.toString(), "start"), Map.of())), bin,
        null);
  }

  private static Path kubeconfigOf(String startOutput) {
    String line = startOutput.lines().filter(l -> l.startsWith("export KUBECONFIG=")).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("hack/control-plane.sh start printed no KUBECONFIG:\n"
            + startOutput));
    return Path.of(line.substring("export KUBECONFIG=".length()));
  }

  /** Runs a command, returns stdout; stderr goes to ours, so build progress stays visible. */
  static String run(Path dir, List<String> argv, Map<String, String> env) {
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", argv) + " failed with exit " + p.exitValue() + ":\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void installCrds() {
    List<Path> files;
    try (Stream<Path> s = Files.list(repo.resolve("crds"))) {
      files = s.filter(p -> p.toString().endsWith(".baton.dev.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list crds/", e);
    }
    List<CustomResourceDefinition> installed = new ArrayList<>();
    for (Path f : files) {
      try (var in = new ByteArrayInputStream(Files.readAllBytes(f))) {
        for (HasMetadata o : admin.load(in).items()) {
          CustomResourceDefinition crd = (CustomResourceDefinition) o;
          installed.add(admin.apiextensions().v1().customResourceDefinitions().resource(crd)
              .forceConflicts().fieldManager("baton-tests").serverSideApply());
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + f, e);
      }
    }
    for (CustomResourceDefinition crd : installed) {
      admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())), 30, TimeUnit.SECONDS);
    }
  }

  /** A client with its own connection pool; namespace may be null. Close it when done. */
  public KubernetesClient client(String namespace) {
    try {
      Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
      if (namespace != null) {
        config.setNamespace(namespace);
      }
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kubeconfig, e);
    }
  }

  public KubernetesClient admin() {
    return admin;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The kubectl of the pinned version, built with the control plane. */
  public Path kubectl() {
    return binDir.resolve("kubectl");
  }

  public Path repoRoot() {
    return repo;
  }
}
