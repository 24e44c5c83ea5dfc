package dev.baton.agent.daemon;

import dev.baton.api.v1alpha1.HAClusterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentConfigTest {
    @TempDir
    Path dir;

    @Test
    void fileThenEnvironmentThenCommandLine() throws IOException {
        Path f = dir.resolve("agent.conf");
        Files.writeString(f, "node=from-file\nnamespace=ha\nlease-duration=4s\nrenew-interval=1s\n"
                + "failsafe-peers=compute-2=198.51.100.12:7405, compute-3=198.51.100.13:7405\n"
                + "failsafe-listen=198.51.100.11:7405\nfailsafe-secret-file=/etc/baton/failsafe.key\n");
        AgentConfig c = AgentConfig.load(new String[] {"--config", f.toString(), "--node", "compute-1"},
                Map.of("BATON_NAMESPACE", "from-env", "BATON_NO_QUORUM_POLICY", "freeze"));
        assertThat(c.node()).isEqualTo("compute-1");
        assertThat(c.namespace()).isEqualTo("from-env");
        assertThat(c.leaseDurationMs()).isEqualTo(4000);
        assertThat(c.renewIntervalMs()).isEqualTo(1000);
        assertThat(c.noQuorumPolicy()).isEqualTo("freeze");
        assertThat(c.peers()).containsOnlyKeys("compute-2", "compute-3");
        assertThat(c.peers().get("compute-3").getPort()).isEqualTo(7405);
        assertThat(c.metricsListen()).as("no /metrics unless asked for").isNull();
    }

    @Test
    void theShippedConfigFileIsValid() throws IOException {
        Path shipped = Path.of(System.getProperty("baton.repo"), "manifests/agent/agent.conf");
        AgentConfig c = AgentConfig.load(new String[] {"--config", shipped.toString()}, Map.of());
        assertThat(c.node()).isEqualTo("compute-1");
        assertThat(c.leaseDurationMs()).isEqualTo(2000);
        assertThat(c.peers()).containsKey("compute-2");
        assertThat(c.roots().lsbRoot()).isEqualTo(Path.of("/etc/init.d"));
        assertThat(c.metricsListen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(c.metricsListen().getPort()).isEqualTo(7406);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> AgentConfig.load(new String[] {"--namespace", "ha"}, Map.of()))
                .hasMessageContaining("--node is required");
        assertThatThrownBy(() -> AgentConfig.load(new String[] {"--node", "a", "--namespace", "ha", "--nod", "x"}, Map.of()))
                .hasMessageContaining("unknown setting 'nod'");
        assertThatThrownBy(() -> AgentConfig.load(new String[] {"--node", "a", "--namespace", "ha", "--renew-interval", "2s"}, Map.of()))
                .hasMessageContaining("at most half of lease-duration");
        assertThatThrownBy(() -> AgentConfig.load(new String[] {"--node", "a", "--namespace", "ha", "--renew-interval", "0"}, Map.of()))
                .hasMessageContaining("renew-interval must be positive");
        assertThatThrownBy(() -> AgentConfig.load(new String[] {"--node", "a", "--namespace", "ha", "--failsafe-peers", "b=198.51.100.12:7405"}, Map.of()))
                .hasMessageContaining("needs failsafe-secret-file");
        assertThatThrownBy(() -> AgentConfig.load(new String[] {"--node", "a", "--namespace", "ha", "--no-quorum-policy", "suicide"}, Map.of()))
                .hasMessageContaining("stop, freeze or ignore");
    }

    @Test
    void leaseTimingFromTheHACluster() {
        assertThat(LeaseTiming.of(null)).isEqualTo(LeaseTiming.DEFAULT);
        HAClusterSpec.LeaseSettings l = new HAClusterSpec.LeaseSettings();
        l.duration = new IntOrString(5);
        assertThat(LeaseTiming.of(l)).as("a bare number is seconds; the renew interval keeps its default")
                .isEqualTo(new LeaseTiming(5000, 500));
        l.duration = new IntOrString("1500ms");
        l.renewInterval = new IntOrString("250ms");
        LeaseTiming t = LeaseTiming.of(l);
        assertThat(t.seconds()).as("leaseDurationSeconds and VIP lifetime round up").isEqualTo(2);
        assertThat(t.isolationAfterMs()).isEqualTo(1250);
        l.renewInterval = new IntOrString("1secs");
        assertThatThrownBy(() -> LeaseTiming.of(l)).hasMessageContaining("renew interval (1000 ms) must be at most half of the lease duration (1500 ms)");
    }
}
