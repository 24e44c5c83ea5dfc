package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import dev.baton.testsupport.KubeApi;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code simulate} on the live cluster of the real API server, with and without modifications. */
@ExtendWith(KubeApi.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulateLiveTest {
    private final KubeApi.Env env;

    SimulateLiveTest(KubeApi.Env env) {
        this.env = env;
    }

    @BeforeAll
    void fixture() {
        SimulateFixture.create(env, SimulateFixture.DIR.resolve("web.yaml"));
    }

    private String ok(String... args) {
        CliRun.Result r = CliRun.kube(env, args);
        assertThat(r.err()).as("stderr of %s", List.of(args)).isEmpty();
        assertThat(r.exit()).as("exit of %s", List.of(args)).isZero();
        return r.out();
    }

    private void refused(String message, String... args) {
        CliRun.Result r = CliRun.kube(env, args);
        assertThat(r.exit()).as("exit of %s", List.of(args)).isEqualTo(2);
        assertThat(r.err()).as("stderr of %s", List.of(args)).isEqualTo("error: " + message + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void liveClusterAsReportedNeedsNoAction() {
        assertThat(ok("simulate")).isEqualTo("""
                Current cluster status:
                  * Node List:
                    * Online: [ compute-1 compute-2 ]
                  * Full List of Resources:
                    * Resource Group: web:
                      * vip\t(ocf:heartbeat:IPaddr2):\t Started compute-1
                      * www\t(lsb:apache2):\t Started compute-1

                Transition Summary:
                """);
    }

    @Test
    void nodeFailStartsWhatItRanElsewhere() {
        // a lost node's agent stopped everything when its lease ran out: the operator starts it anew
        String out = ok("simulate", "--node-fail", "compute-1");
        assertThat(out).endsWith("""
                Performing Requested Modifications:
                  * Failing node compute-1

                Transition Summary:
                  * Start      vip ( compute-2 )
                  * Start      www ( compute-2 )
                """);
    }

    @Test
    void monitorFailureAtMigrationThresholdMovesTheGroup() {
        String out = ok("simulate", "--op-fail", "www:monitor:compute-1:7");
        assertThat(out).contains("  * Injecting www_monitor_10000@compute-1=7\n")
                .containsPattern("\\* Move +vip +\\( compute-1 -> compute-2 \\)")
                .containsPattern("\\* Recover +www +\\( compute-1 -> compute-2 \\)");
    }

    @Test
    void probeFailureWhereItDoesNotRunChangesNothingButIsShown() {
        String out = ok("simulate", "--op-fail", "www:probe:compute-2:5", "--show-scores");
        assertThat(out).contains("  * Injecting www_monitor_0@compute-2=5\n", "Allocation scores:")
                .endsWith("Transition Summary:\n");
    }

    @Test
    void modificationsCombineWithJson() {
        String out = ok("simulate", "--node-fail", "compute-2", "--op-fail", "vip:start:compute-1:1", "-o", "json");
        assertThat(out).contains("\"modifications\"", "\"Failing node compute-2\"",
                        "\"Injecting vip_start_0@compute-1=1\"")
                .containsPattern("\"vip\": \\[\\s*\\]");
    }

    @Test
    void badArgumentsAreOneLineNamingThem() {
        refused("--node-fail compute-9: no such node (nodes: compute-1, compute-2)", "simulate", "--node-fail",
                "compute-9");
        refused("--op-fail nope:monitor:compute-1:7: no primitive nope in the configuration", "simulate", "--op-fail",
                "nope:monitor:compute-1:7");
        refused("--op-fail www:monitor:compute-9:7: no such node compute-9", "simulate", "--op-fail",
                "www:monitor:compute-9:7");
        refused("--op-fail www:monitor:compute-1: expected RSC:OP:NODE:RC, e.g. www:monitor:compute-1:7", "simulate",
                "--op-fail", "www:monitor:compute-1");
        refused("--op-fail www:monitor:compute-1:x: rc 'x' is not an exit code 0-255 (OCF: 1 generic error,"
                + " 5 not installed, 7 not running, ...)", "simulate", "--op-fail", "www:monitor:compute-1:x");
        refused("--op-fail www:restart:compute-1:1: operation 'restart' is not one of demote, monitor, probe,"
                + " promote, start, stop", "simulate", "--op-fail", "www:restart:compute-1:1");
        refused("--op-fail www:monitor:compute-1:0: rc 0 is not a failure of monitor", "simulate", "--op-fail",
                "www:monitor:compute-1:0");
        refused("--revision abc needs --git-source NAME", "simulate", "--revision", "abc");
        refused("--git-source nope: no GitSource 'nope' in namespace " + env.namespace(), "simulate",
                "--git-source", "nope");
    }

    /**
     * samples/fencing-lab without its device but with stonithWatchdogTimeout: the failed node is fenced by its
     * watchdog (have-watchdog), as crm_simulate shows it; without the timeout nothing is managed (no device).
     */
    @Test
    void aFailedNodeIsFencedByItsWatchdogWithStonithWatchdogTimeout(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path sample = Path.of(System.getProperty("baton.repo", "."), "samples/fencing-lab");
        try (var files = java.nio.file.Files.list(sample)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("fence.yaml")).toList()) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        CliRun.Result none = CliRun.run("simulate", "--from", dir.toString(), "--node-fail", "compute-1");
        assertThat(none.out()).doesNotContain("Fence");
        Path cluster = dir.resolve("cluster.yaml");
        java.nio.file.Files.writeString(cluster, java.nio.file.Files.readString(cluster)
                .replace("stonithTimeout: 20s", "stonithTimeout: 20s\n    stonithWatchdogTimeout: 10s"));
        CliRun.Result r = CliRun.run("simulate", "--from", dir.toString(), "--node-fail", "compute-1");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("* Failing node compute-1").containsPattern("\\* Fence \\(off\\) compute-1")
                .containsPattern("\\* Start +vip +\\( compute-2 \\)");
    }

    @Test
    void filesTakeTheSameModifications() {
        CliRun.Result r = CliRun.run("simulate", "--from", SimulateFixture.DIR.toString(), "--node-fail", "compute-1");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("* Failing node compute-1")
                .containsPattern("\\* Start +vip +\\( compute-2 \\)")
                .containsPattern("\\* Start +www +\\( compute-2 \\)");
    }
}
