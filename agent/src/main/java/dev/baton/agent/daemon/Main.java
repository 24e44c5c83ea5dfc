package dev.baton.agent.daemon;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar baton-agent.jar --node compute-1 --namespace NS [--kubeconfig F] [--config FILE]};
 * every setting also from the environment (BATON_NODE, ...) or the config file (see manifests/agent/).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(dev.baton.agent.check.ConformanceChecker.run(args, System.out));
        }
        AgentConfig cfg;
        try {
            cfg = AgentConfig.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("baton-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Config base = clientConfig(cfg);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(mainConfig(base, cfg)).build();
        KubernetesClient leaseClient = new KubernetesClientBuilder().withConfig(leaseConfig(base, cfg)).build();
        NodeAgent agent = new NodeAgent(cfg, client, leaseClient);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            client.close();
            leaseClient.close();
            done.countDown();
        }, "shutdown"));
        agent.start();
        done.await();
    }

    static Config clientConfig(AgentConfig cfg) throws IOException {
        if (cfg.kubeconfig() != null) {
            return Config.fromKubeconfig(null, Files.readString(cfg.kubeconfig()), cfg.kubeconfig().toString());
        }
        return Config.autoConfigure(null);
    }

    /** Status writes and lists give up after two lease durations; a failed status write is retried later anyway. */
    public static Config mainConfig(Config base, AgentConfig cfg) {
        return new ConfigBuilder(base).withRequestTimeout((int) Math.max(2000, 2 * cfg.leaseDurationMs())).build();
    }

    /**
     * The lease client: connections time out after the configured renew interval, no retries; each
     * renewal's request timeout follows the renew interval in force (LeaseKeeper).
     */
    public static Config leaseConfig(Config base, AgentConfig cfg) {
        int t = (int) Math.max(200, cfg.renewIntervalMs());
        return new ConfigBuilder(base).withRequestTimeout(t).withConnectionTimeout(t).withRequestRetryBackoffLimit(0).build();
    }
}
