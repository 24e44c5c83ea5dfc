package dev.baton.agent.daemon;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent follows HACluster spec.lease (DESIGN section 6): its Lease, its renew cadence, its isolation time. */
@ExtendWith(KubeApi.class)
class LeaseTimingTest {
    @TempDir
    Path dir;
    final NodeAgentTest agents = new NodeAgentTest();

    @AfterEach
    void tearDown() throws Exception {
        agents.tearDown();
    }

    static void setLease(KubeApi.Env env, String duration, String renewInterval) {
        var clusters = env.client().resources(HACluster.class);
        HACluster c = clusters.withName("ha").get();
        boolean create = c == null;
        if (create) {
            c = new HACluster();
            c.setMetadata(new ObjectMetaBuilder().withName("ha").build());
            c.setSpec(new HAClusterSpec());
        }
        c.getSpec().lease = new HAClusterSpec.LeaseSettings();
        c.getSpec().lease.duration = new IntOrString(duration);
        c.getSpec().lease.renewInterval = new IntOrString(renewInterval);
        if (create) {
            clusters.resource(c).create();
        } else {
            clusters.resource(c).update();
        }
    }

    static Lease lease(KubeApi.Env env, String node) {
        return env.client().leases().withName(node).get();
    }

    /** The gaps between the renewals the agent sends, in ms, from its Lease's renewTime over a while. */
    static List<Long> renewalGaps(KubeApi.Env env, String node, Duration over) throws InterruptedException {
        List<ZonedDateTime> seen = new ArrayList<>();
        long end = System.nanoTime() + over.toNanos();
        while (System.nanoTime() < end) {
            ZonedDateTime t = lease(env, node).getSpec().getRenewTime();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(t)) {
                seen.add(t);
            }
            Thread.sleep(20);
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < seen.size(); i++) {
            gaps.add(ChronoUnit.MILLIS.between(seen.get(i - 1), seen.get(i)));
        }
        return gaps;
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    @Test
    void followsTheHAClustersLeaseDurationAndRenewInterval(KubeApi.Env env) throws Exception {
        CutProxy proxy = agents.proxy(env);
        NodeAgent a = agents.agent(env, "compute-1", proxy, Map.of());
        assertThat(lease(env, "compute-1").getSpec().getLeaseDurationSeconds()).as("from the agent config").isEqualTo(2);
        Path state = dir.resolve("d.state");
        env.client().resources(ResourceAction.class).resource(NodeAgentTest.action("d-start", "compute-1", "d",
                ResourceActionSpec.Action.start, "ocf:heartbeat:Dummy", Map.of("state", state.toString()), null)).create();
        assertThat(NodeAgentTest.finished(env, "d-start").getStatus().rc).isZero();

        setLease(env, "6s", "1s");
        NodeAgentTest.await("Lease announces 6 s", Duration.ofSeconds(5),
                () -> lease(env, "compute-1").getSpec().getLeaseDurationSeconds() == 6);
        List<Long> slow = renewalGaps(env, "compute-1", Duration.ofMillis(4500));
        assertThat(slow).as("renewals every 1 s").hasSizeGreaterThanOrEqualTo(3);
        assertThat(median(slow)).as("renewal gaps %s", slow).isBetween(800L, 1300L);

        // isolated after duration - renew interval = 5 s now, not after the configured 1.5 s
        long cut = System.nanoTime();
        proxy.cut();
        Thread.sleep(3500);
        assertThat(a.link()).isEqualTo(NodeAgent.Link.CONNECTED);
        assertThat(state).as("still running 3.5 s into the cut").exists();
        NodeAgentTest.await("stopped", Duration.ofSeconds(4), () -> !Files.exists(state));
        long ms = (System.nanoTime() - cut) / 1_000_000;
        assertThat(ms).as("stopped within the 6 s lease duration of the cut").isBetween(4000L, 6000L);
        proxy.restore();
        NodeAgentTest.await("reconnected", Duration.ofSeconds(8), () -> a.link() == NodeAgent.Link.CONNECTED);

        setLease(env, "2s", "250ms");
        NodeAgentTest.await("Lease announces 2 s", Duration.ofSeconds(5),
                () -> lease(env, "compute-1").getSpec().getLeaseDurationSeconds() == 2);
        List<Long> fast = renewalGaps(env, "compute-1", Duration.ofSeconds(2));
        assertThat(median(fast)).as("renewal gaps %s", fast).isBetween(150L, 400L);

        // a renew interval beyond half the duration is refused: the agent keeps what it has
        setLease(env, "2s", "1500ms");
        Thread.sleep(1000);
        List<Long> kept = renewalGaps(env, "compute-1", Duration.ofSeconds(2));
        assertThat(median(kept)).as("renewal gaps %s", kept).isBetween(150L, 400L);
        assertThat(lease(env, "compute-1").getSpec().getLeaseDurationSeconds()).isEqualTo(2);
    }
}
