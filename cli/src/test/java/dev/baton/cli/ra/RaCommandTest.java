package dev.baton.cli.ra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import org.junit.jupiter.api.Test;

/** Uses Debian's resource-agents (hack/packages/cli.txt installs it). */
class RaCommandTest {
    @Test
    void metaShowsTypeDefaultUnitAndRequired() {
        var r = CliRun.run("ra", "meta", "ocf:heartbeat:IPaddr2");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Manages virtual IPv4 and IPv6 addresses (Linux specific version) (ocf:heartbeat:IPaddr2)\n")
                .contains("\nip* (string): IPv4 or IPv6 address\n")
                .contains("\narp_interval (integer, [200], unit ms): ")
                .containsPattern("\n    monitor +timeout=20s interval=10s\n");
    }

    @Test
    void listHasTheInstalledAgents() {
        assertThat(CliRun.run("ra", "list").out()).contains("ocf:heartbeat:IPaddr2\n").contains("ocf:pacemaker:Stateful\n");
    }

    @Test
    void unknownOrMalformedAgentsAreOneLine() {
        var missing = CliRun.run("ra", "meta", "ocf:heartbeat:NoSuchAgent");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: ocf:heartbeat:NoSuchAgent is not installed here ('kubectl baton ra list' shows what is)\n");
        var escape = CliRun.run("ra", "meta", "ocf:..:IPaddr2");
        assertThat(escape.exit()).isEqualTo(1);
        assertThat(escape.err()).startsWith("error: ").contains("refusing to leave").hasLineCount(1);
        var malformed = CliRun.run("ra", "meta", "ocf:IPaddr2");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).isEqualTo("error: expected ocf:PROVIDER:TYPE, got 'ocf:IPaddr2' (e.g. ocf:heartbeat:IPaddr2)\n");
    }

    @Test
    void agentCheckRunsTheConformanceChecker() {
        var r = CliRun.run("agent", "check", "lsb:no-such-script", "--lsb-root", "/nonexistent");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("lsb:no-such-script: ").contains("violation");
        var bad = CliRun.run("agent", "check", "nonsense");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: ").hasLineCount(1);
    }

    @Test
    void completionCoversTheCommandsAndTheirFlags() {
        var r = CliRun.run("completion", "bash");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F _complete_kubectl-baton").contains("resource").contains("--lifetime")
                .contains("lint").contains("status");
        var bad = CliRun.run("completion", "fish");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: no completion for shell 'fish' (bash or zsh)\n");
    }
}
