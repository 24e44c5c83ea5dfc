package dev.baton.agent.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
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
        Clients clients = Clients.of(clientConfig(cfg), cfg);
        NodeAgent agent = new NodeAgent(cfg, clients.main(), clients.lease());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            clients.close();
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

    /** The agent's two API clients: one for everything, one of its own for the lease renewals. */
    public record Clients(KubernetesClient main, KubernetesClient lease) implements AutoCloseable {
        public static Clients of(Config base, AgentConfig cfg) {
            KubernetesSerialization json = serialization();
            return new Clients(new KubernetesClientBuilder().withConfig(mainConfig(base, cfg)).withKubernetesSerialization(json).build(),
                    new KubernetesClientBuilder().withConfig(leaseConfig(base, cfg)).withKubernetesSerialization(json).build());
        }

        @Override
        public void close() {
            main.close();
            lease.close();
        }
    }

    /**
     * One JSON mapping for both clients that knows only the kinds the agent reads (Status: a watch's
     * errors): by default each client registers every model class of the Kubernetes client, some 600
     * classes loaded for nothing (agent/pom.xml leaves their list out of the jar).
     */
    private static KubernetesSerialization serialization() {
        KubernetesSerialization json = new KubernetesSerialization(new ObjectMapper(), false);
        List.of(Status.class, Lease.class, HACluster.class, HANode.class, Primitive.class, ResourceAction.class)
                .forEach(json::registerKubernetesResource);
        return json;
    }

    /** Status writes and lists give up after two lease durations; a failed status write is retried later anyway. */
    private static Config mainConfig(Config base, AgentConfig cfg) {
        return new ConfigBuilder(base).withRequestTimeout((int) Math.max(2000, 2 * cfg.leaseDurationMs())).build();
    }

    /**
     * The lease client: connections time out after the configured renew interval, no retries; each
     * renewal's request timeout follows the renew interval in force (LeaseKeeper).
     */
    private static Config leaseConfig(Config base, AgentConfig cfg) {
        int t = (int) Math.max(200, cfg.renewIntervalMs());
        return new ConfigBuilder(base).withRequestTimeout(t).withConnectionTimeout(t).withRequestRetryBackoffLimit(0).build();
    }
}
