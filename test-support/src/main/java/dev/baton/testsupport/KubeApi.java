package dev.baton.testsupport;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a real API server (see {@link ControlPlane}) and a fresh namespace per test
 * class, deleted afterwards. Test methods, constructors and lifecycle methods can take a
 * {@link KubeApi.Env} parameter.
 */
public final class KubeApi implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubeApi.class);

  /** What a test gets: a client bound to its namespace, and kubectl. */
  public record Env(ControlPlane controlPlane, String namespace, KubernetesClient client) {
    /** Runs the pinned kubectl against the test namespace; returns exit code and combined output. */
    public Result kubectl(String... args) {
      List<String> argv = new ArrayList<>(List.of("-n", namespace));
      argv.addAll(List.of(args));
      return kubectlAnyNamespace(argv.toArray(String[]::new));
    }

    /** Runs the pinned kubectl with no namespace of its own (for objects that name theirs). */
    public Result kubectlAnyNamespace(String... args) {
      List<String> argv = new ArrayList<>(List.of(controlPlane.kubectl().toString(),
          "--kubeconfig", controlPlane.kubeconfig().toString()));
      argv.addAll(List.of(args));
      try {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
          p.destroyForcibly();
          return new Result(-1, out + "\n(kubectl timed out)");
        }
        return new Result(p.exitValue(), out);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public Path repo() {
      return controlPlane.repoRoot();
    }
  }

  public record Result(int exitCode, String output) {
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ControlPlane cp = ControlPlane.get();
    String ns = ("t-" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT))
        .replaceAll("[^a-z0-9-]", "-");
    ns = ns.substring(0, Math.min(ns.length(), 50)) + "-" + UUID.randomUUID().toString().substring(0, 6);
    cp.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    context.getStore(STORE).put("env", new Env(cp, ns, cp.client(ns)));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Env env = context.getStore(STORE).remove("env", Env.class);
    if (env != null) {
      env.client().close();
      env.controlPlane().admin().namespaces().withName(env.namespace()).delete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Env.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Env env = e.getStore(STORE).get("env", Env.class);
    if (env == null) {
      // Parameters of a class constructor resolve before beforeAll: start it now.
      beforeAll(e);
      env = e.getStore(STORE).get("env", Env.class);
    }
    return env;
  }
}
