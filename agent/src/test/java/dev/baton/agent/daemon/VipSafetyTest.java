package dev.baton.agent.daemon;

import dev.baton.agent.NetLab;
import dev.baton.agent.net.Ipv4Addresses;
import dev.baton.agent.net.NativeIPaddr2;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.testsupport.KubeApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN section 6, the agent's half: a node that dies, hangs or is cut off does not keep its VIP.
 * The real daemon runs as its own process inside network namespace c1 (ip netns exec), reaching the
 * API server through a relay on c1's loopback; the VIP is added by a ResourceAction through it.
 */
@ExtendWith(KubeApi.class)
class VipSafetyTest {
    static final String VIP = "198.51.100.100";
    static NetLab lab;
    static ExecutorService c1;
    @TempDir
    Path dir;
    Process agent;
    CutProxy proxy;

    @BeforeAll
    static void network() throws IOException {
        lab = new NetLab();
        lab.host("c1", 11);
        lab.host("client", 50);
        c1 = lab.thread("c1");
    }

    @AfterAll
    static void teardown() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stopAgent(KubeApi.Env env) throws Exception {
        env.client().resources(HACluster.class).delete();
        if (agent != null) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (proxy != null) {
            proxy.close();
        }
        c1.submit(() -> NetLab.run(List.of("ip", "addr", "del", VIP + "/24", "dev", "eth0"))).get();
    }

    /** Starts the agent daemon in c1 and has it start the VIP; returns once the VIP is there. */
    void agentWithVip(KubeApi.Env env, String action) throws Exception {
        agentWithVip(env, action, "stop");
    }

    void agentWithVip(KubeApi.Env env, String action, String noQuorumPolicy) throws Exception {
        startAgent(env, noQuorumPolicy);
        assertThat(startVip(env, action).validLifetime()).isBetween(1L, 2L);
        // 2.5 s: beyond the first lifetime, so the lease renewals must have refreshed it
        Thread.sleep(1500);
        assertThat(holds()).as(log()).isTrue();
        Thread.sleep(1000);
        assertThat(holds()).as("VIP kept alive by lease renewals beyond its 2 s lifetime\n" + log()).isTrue();
    }

    void startAgent(KubeApi.Env env) throws Exception {
        startAgent(env, "stop");
    }

    void startAgent(KubeApi.Env env, String noQuorumPolicy) throws Exception {
        URI api = URI.create(env.client().getConfiguration().getMasterUrl());
        proxy = CutProxy.inNamespace(lab.ns("c1"), api.getHost(), api.getPort());
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Files.readString(env.controlPlane().kubeconfig())
                .replaceAll("server: https://[^\\s]+", "server: https://127.0.0.1:" + proxy.port()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = new ProcessBuilder("ip", "netns", "exec", lab.ns("c1"), java,
                "@" + Path.of(System.getProperty("baton.repo"), "manifests/agent/agent.jvm"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--node", "c1", "--namespace", env.namespace(), "--kubeconfig", kubeconfig.toString(),
                "--no-quorum-policy", noQuorumPolicy)
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
    }

    /** Starts the VIP through the agent; returns its address as the kernel holds it. */
    Ipv4Addresses.Entry startVip(KubeApi.Env env, String action) throws Exception {
        env.client().resources(ResourceAction.class).resource(NodeAgentTest.action(action, "c1", "vip",
                ResourceActionSpec.Action.start, "ocf:heartbeat:IPaddr2",
                Map.of("ip", VIP, "cidr_netmask", "24", "nic", "eth0"), null)).create();
        ResourceAction done = NodeAgentTest.finished(env, action);
        assertThat(done.getStatus().phase).as(log()).isEqualTo("Succeeded");
        assertThat(holds()).as(log()).isTrue();
        assertThat(lab.ping("client", VIP)).as(log()).isTrue();
        // under the daemon the address carries the lease duration as its kernel lifetime
        return vip();
    }

    Ipv4Addresses.Entry vip() throws Exception {
        return c1.submit(() -> Ipv4Addresses.list().stream()
                .filter(a -> a.address().getHostAddress().equals(VIP)).findFirst()
                .orElseThrow(() -> new AssertionError("VIP gone early\n" + log()))).get();
    }

    boolean holds() throws Exception {
        return c1.submit(() -> Ipv4Addresses.list().stream().anyMatch(a -> a.address().getHostAddress().equals(VIP))).get();
    }

    long millisUntilGone(long from, Duration max) throws Exception {
        while (holds()) {
            if (System.nanoTime() - from > max.toNanos()) {
                throw new AssertionError("VIP still configured after " + max + "\n" + log());
            }
            Thread.sleep(10);
        }
        return (System.nanoTime() - from) / 1_000_000;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("agent.log"));
        } catch (IOException e) {
            return "(no agent log)";
        }
    }

    @Test
    void aKilledAgentsVipIsRemovedByTheKernel(KubeApi.Env env) throws Exception {
        agentWithVip(env, "vip-start-kill");
        long t0 = System.nanoTime();
        signal(agent.toHandle(), "KILL");
        // nobody is left to delete it: still there right after the kill, gone once its lifetime ends
        assertThat(holds()).isTrue();
        long ms = millisUntilGone(t0, Duration.ofSeconds(4));
        assertThat(ms).isBetween(1000L, 3000L);
        assertThat(lab.ping("client", VIP)).isFalse();
    }

    /**
     * Frozen past its lease (SIGSTOP), the agent's VIP is removed by the kernel. Thawed, the agent reports it
     * stopped as a probe would (monitor/0, rc 7), and its recurring monitor ends without reporting a failure: the
     * lifetime ran out because the node was not renewing its lease, which the operator handles as a lost node; a
     * failed monitor would count a fail-count for the VIP on a node it had already left. With no-quorum-policy
     * ignore: under stop, the thawed agent may isolate itself first and stop everything (its stop reports the VIP),
     * and the monitor's answer would go untested.
     */
    @Test
    void aFrozenAgentsVipIsRemovedByTheKernel(KubeApi.Env env) throws Exception {
        agentWithVip(env, "vip-start-stop", "ignore");
        env.client().resources(ResourceAction.class).resource(NodeAgentTest.action("vip-monitor", "c1", "vip",
                ResourceActionSpec.Action.monitor, "ocf:heartbeat:IPaddr2",
                Map.of("ip", VIP, "cidr_netmask", "24", "nic", "eth0"), "500ms")).create();
        assertThat(NodeAgentTest.finished(env, "vip-monitor").getStatus().rc).as(log()).isZero();
        NodeAgentTest.await("monitor/500ms rc 0 in HANode status", Duration.ofSeconds(5),
                () -> NodeAgentTest.op(env, "c1", "vip", "monitor/500ms").map(o -> o.rc == 0).orElse(false));
        long t0 = System.nanoTime();
        signal(agent.toHandle(), "STOP");
        try {
            assertThat(holds()).isTrue();
            assertThat(millisUntilGone(t0, Duration.ofSeconds(4))).isBetween(1000L, 3000L);
        } finally {
            signal(agent.toHandle(), "CONT");
        }
        NodeAgentTest.await("the thawed agent reports the VIP stopped as a probe would", Duration.ofSeconds(10),
                () -> NodeAgentTest.op(env, "c1", "vip", "monitor/0s")
                        .map(o -> o.rc == 7 && NativeIPaddr2.LAPSED_REASON.equals(o.exitReason)).orElse(false));
        Thread.sleep(1500); // three monitor intervals: a monitor still recurring would have reported rc 7 by now
        assertThat(NodeAgentTest.op(env, "c1", "vip", "monitor/500ms")).as("the ended monitor left the history, reporting no failure\n" + log()).isEmpty();
        assertThat(log()).contains("VIP vip stopped: " + NativeIPaddr2.LAPSED_REASON);
    }

    @Test
    void aPartitionedAgentDeletesItsVipBeforeTheLeaseRunsOut(KubeApi.Env env) throws Exception {
        agentWithVip(env, "vip-start-cut");
        long t0 = System.nanoTime();
        proxy.cut();
        assertThat(millisUntilGone(t0, Duration.ofSeconds(4))).as(log()).isLessThan(2000L);
        assertThat(agent.isAlive()).isTrue();
        // the agent, not the kernel lifetime, removed it (and says so once the stop has returned)
        NodeAgentTest.await("the agent's own stop in its log", Duration.ofSeconds(2), () -> log().contains("isolated: stopped vip: ok"));
    }

    @Test
    void theVipsLifetimeFollowsTheHAClustersLeaseDuration(KubeApi.Env env) throws Exception {
        LeaseTimingTest.setLease(env, "5s", "1s");
        startAgent(env);
        NodeAgentTest.await("Lease announces 5 s", Duration.ofSeconds(20), () -> {
            var l = env.client().leases().withName("c1").get();
            return l != null && l.getSpec().getLeaseDurationSeconds() == 5;
        });
        assertThat(startVip(env, "vip-start-lease").validLifetime()).as(log()).isBetween(4L, 5L);

        // a shorter lease: the kernel lifetime shrinks with it, so the killed agent's VIP goes within 2 s
        LeaseTimingTest.setLease(env, "2s", "500ms");
        NodeAgentTest.await("Lease announces 2 s", Duration.ofSeconds(5),
                () -> env.client().leases().withName("c1").get().getSpec().getLeaseDurationSeconds() == 2);
        Thread.sleep(600);
        assertThat(vip().validLifetime()).as(log()).isBetween(1L, 2L);
        long t0 = System.nanoTime();
        signal(agent.toHandle(), "KILL");
        assertThat(millisUntilGone(t0, Duration.ofSeconds(4))).isBetween(500L, 3000L);
    }

    private static void signal(ProcessHandle p, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).redirectError(new File("/dev/null")).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
