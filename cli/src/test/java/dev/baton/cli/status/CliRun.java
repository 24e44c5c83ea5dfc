package dev.baton.cli.status;

import dev.baton.cli.KubectlBaton;
import dev.baton.cli.kube.Cli;
import dev.baton.testsupport.KubeApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs kubectl-baton in-process, against the test's API server and namespace, capturing its output. */
public final class CliRun {
    public record Result(int exit, String out, String err) {
    }

    private CliRun() {
    }

    public static Result run(String... args) {
        CommandLine cl = Cli.install(KubectlBaton.commandLine());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The command with --kubeconfig and -n of the test environment appended. */
    public static Result kube(KubeApi.Env env, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--kubeconfig", env.controlPlane().kubeconfig().toString(), "-n", env.namespace()));
        return run(a.toArray(String[]::new));
    }
}
