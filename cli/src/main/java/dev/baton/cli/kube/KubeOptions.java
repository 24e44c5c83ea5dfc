package dev.baton.cli.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * kubectl's connection flags (--kubeconfig, --context, -n), shared by every command that talks to the API
 * server. Without --kubeconfig the first file of $KUBECONFIG, then ~/.kube/config, then the in-cluster
 * service account are tried, as kubectl does.
 */
public final class KubeOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to the kubeconfig file.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Namespace of the HA cluster (default: the context's namespace, else 'default').")
    String namespace;

    private KubernetesClient client;

    /** The flags as given, to pass them on to another command. */
    public java.util.List<String> args() {
        java.util.List<String> a = new java.util.ArrayList<>();
        if (kubeconfig != null) {
            a.addAll(java.util.List.of("--kubeconfig", kubeconfig.toString()));
        }
        if (context != null) {
            a.addAll(java.util.List.of("--context", context));
        }
        if (namespace != null) {
            a.addAll(java.util.List.of("--namespace", namespace));
        }
        return a;
    }

    /** The client, bound to the cluster's namespace; built once per command. */
    public KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(config()).build();
        }
        return client;
    }

    public String namespace() {
        return client().getNamespace();
    }

    private Config config() {
        Path file = kubeconfigFile();
        Config cfg;
        if (file != null) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw CliException.usage("cannot read kubeconfig " + file + ": " + e.getMessage()
                        + " (pass --kubeconfig FILE or set KUBECONFIG)");
            }
            requireContext(file, text);
            cfg = Config.fromKubeconfig(context, text, file.toString());
        } else if (context != null) {
            throw CliException.usage("--context " + context + " needs a kubeconfig, and none was found"
                    + " (pass --kubeconfig FILE or set KUBECONFIG)");
        } else {
            cfg = Config.autoConfigure(null);
        }
        if (namespace != null) {
            cfg.setNamespace(namespace);
        } else if (cfg.getNamespace() == null) {
            cfg.setNamespace("default");
        }
        // a CLI should fail fast when the API server is down, not retry for a minute; three retries (0.7 s of
        // backoff when it is down) ride out a 429 "storage is (re)initializing" after a CRD changed, honouring
        // its Retry-After, as kubectl does
        cfg.setRequestRetryBackoffLimit(3);
        cfg.setConnectionTimeout(5_000);
        return cfg;
    }

    private Path kubeconfigFile() {
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw CliException.usage("kubeconfig " + kubeconfig + " does not exist (check --kubeconfig)");
            }
            return kubeconfig;
        }
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            Path first = Path.of(env.split(java.io.File.pathSeparator)[0]);
            if (!Files.isRegularFile(first)) {
                throw CliException.usage("kubeconfig " + first + " (from KUBECONFIG) does not exist");
            }
            return first;
        }
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isRegularFile(home) ? home : null;
    }

    private void requireContext(Path file, String text) {
        if (context == null) {
            return;
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(text);
        } catch (RuntimeException e) {
            throw CliException.usage("kubeconfig " + file + " is not valid YAML: " + e.getMessage());
        }
        boolean known = parsed.getContexts() != null
                && parsed.getContexts().stream().anyMatch(c -> context.equals(c.getName()));
        if (!known) {
            String names = parsed.getContexts() == null ? ""
                    : parsed.getContexts().stream().map(c -> c.getName()).collect(Collectors.joining(", "));
            throw CliException.usage("context '" + context + "' is not in " + file + " (contexts: " + names + ")");
        }
    }
}
