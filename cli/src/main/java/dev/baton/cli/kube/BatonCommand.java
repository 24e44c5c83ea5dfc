package dev.baton.cli.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands: runs {@link #execute()} and turns what can go wrong into one line on stderr
 * naming the problem and what to do, with a non-zero exit code.
 */
public abstract class BatonCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected abstract int execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (CliException e) {
            return fail(e.exitCode(), e.getMessage());
        } catch (KubernetesClientException e) {
            return fail(CliException.FAILED, explain(e));
        } catch (IOException | UncheckedIOException e) {
            return fail(CliException.FAILED, e.getMessage());
        } finally {
            out().flush();
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private int fail(int code, String message) {
        err().println("error: " + message);
        err().flush();
        return code;
    }

    /** The API server's answer in words an operator can act on. */
    static String explain(KubernetesClientException e) {
        String server = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : null;
        return switch (e.getCode()) {
            case 401 -> "the API server refused the credentials (401); check --kubeconfig/--context";
            case 403 -> "forbidden (403): " + server + "; the user needs RBAC rights on baton.dev objects";
            case 404 -> server != null && server.contains("the server could not find the requested resource")
                    ? "the API server has no baton.dev CRDs; install them: kubectl apply -f crds/"
                    : "not found: " + (server != null ? server : e.getMessage());
            case 409 -> "conflict (409): " + server + "; someone changed the object meanwhile, run the command again";
            case 422 -> "the API server rejected the change: " + server;
            case -1, 0 -> "cannot reach the Kubernetes API (" + rootCause(e) + "); check --kubeconfig, --context or KUBECONFIG";
            default -> "the API server answered " + e.getCode() + ": " + (server != null ? server : e.getMessage());
        };
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
