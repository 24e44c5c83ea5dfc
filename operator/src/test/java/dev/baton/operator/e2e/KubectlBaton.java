package dev.baton.operator.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI a user runs (cli/target/kubectl-baton.jar), against the chaos lab's namespace. */
final class KubectlBaton {
  private KubectlBaton() {
  }

  /** Runs it; a non-zero exit is an AssertionError naming the command and its output. */
  static String run(ChaosLab lab, String... args) {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", lab.cp.repoRoot().resolve("cli/target/kubectl-baton.jar").toString()));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--kubeconfig", lab.cp.kubeconfig().toString(), "-n", ChaosLab.NS));
    Lab.Result r = Lab.run(argv, false);
    if (r.exit() != 0) {
      throw new AssertionError("kubectl baton " + String.join(" ", args) + " exited " + r.exit() + ": " + r.out());
    }
    return r.out();
  }
}
