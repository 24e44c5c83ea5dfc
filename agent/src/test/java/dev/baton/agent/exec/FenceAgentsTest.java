package dev.baton.agent.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stonith class against Debian's fence_dummy (fence-agents), a real agent speaking the stdin protocol. */
class FenceAgentsTest {
    @TempDir
    Path dir;

    private final Executor exec = new Executor(Roots.DEFAULT);

    private ActionRequest req(Action action, Map<String, String> params, Map<String, String> meta) {
        return new ActionRequest("fence-dev", AgentRef.parse("stonith:fence_dummy"), action, params, meta, 0, 10_000);
    }

    private Map<String, String> dummy(String... extra) {
        Map<String, String> p = new HashMap<>(Map.of("type", "file", "status_file", dir.resolve("status").toString()));
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static Map<String, String> fence(String target, String action) {
        return Map.of(FenceAgents.TARGET, target, FenceAgents.FENCE_ACTION, action);
    }

    @Test
    void aDeviceIsStartedByItsMonitorAndFencesWhatItsHostListAllows() throws IOException {
        Map<String, String> params = dummy("pcmk_host_list", "n1 n2");
        assertThat(exec.run(req(Action.PROBE, params, Map.of())).rc()).as("not registered yet").isEqualTo(Ocf.NOT_RUNNING);
        assertThat(exec.run(req(Action.START, params, Map.of())).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(exec.run(req(Action.MONITOR, params, Map.of())).rc()).isEqualTo(Ocf.SUCCESS);

        Files.writeString(dir.resolve("status"), "on");
        ActionResult off = exec.run(req(Action.FENCE, params, fence("n1", "off")));
        assertThat(off.rc()).as(off.exitReason()).isEqualTo(Ocf.SUCCESS);
        // fence_dummy (type=file) keeps the power state in its status file: the off really went through the agent
        assertThat(Files.readString(dir.resolve("status")).strip()).isEqualTo("off");

        ActionResult stranger = exec.run(req(Action.FENCE, params, fence("n3", "off")));
        assertThat(stranger.status()).isEqualTo(ActionResult.Status.REJECTED);
        assertThat(stranger.exitReason()).contains("cannot fence n3").contains("static-list");

        assertThat(exec.run(req(Action.STOP, params, Map.of())).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(exec.run(req(Action.MONITOR, params, Map.of())).rc()).isEqualTo(Ocf.NOT_RUNNING);
    }

    @Test
    void statusCheckAsksTheDeviceAndAFailedAgentIsAFailure() {
        Map<String, String> params = dummy("pcmk_host_check", "status");
        // fence_dummy answers status for any plug: 2 (off) still means it knows the node
        assertThat(exec.run(req(Action.FENCE, params, fence("n7", "on"))).rc()).isEqualTo(Ocf.SUCCESS);
        // a device that cannot run its action fails the fence (fence_dummy's type=fail always fails)
        ActionResult failed = exec.run(req(Action.FENCE, dummy("pcmk_host_check", "none", "type", "fail", "power_timeout", "1"), fence("n1", "off")));
        assertThat(failed.status()).isEqualTo(ActionResult.Status.DONE);
        assertThat(failed.rc()).isEqualTo(Ocf.ERR_GENERIC);
    }

    @Test
    void argumentsGoOnStdinAndCannotSmuggleLines() throws AgentRejected {
        String in = FenceAgents.stdin("reboot", "3", Map.of("ipaddr", "198.51.100.9", "pcmk_host_map", "n1:3",
                "login", "admin"));
        assertThat(in).isEqualTo("action=reboot\nplug=3\nipaddr=198.51.100.9\nlogin=admin\n");
        assertThat(FenceAgents.stdin("off", "n1", Map.of("pcmk_host_argument", "port"))).isEqualTo("action=off\nport=n1\n");
        assertThat(FenceAgents.stdin("off", "n1", Map.of("pcmk_host_argument", "none"))).isEqualTo("action=off\n");
        assertThatThrownBy(() -> FenceAgents.stdin("off", "n1", Map.of("passwd", "x\naction=on")))
                .isInstanceOf(AgentRejected.class).hasMessageContaining("passwd").hasMessageContaining("line break");
        assertThatThrownBy(() -> FenceAgents.stdin("off", "n1", Map.of("a b", "x")))
                .isInstanceOf(AgentRejected.class).hasMessageContaining("'a b'");
    }

    @Test
    void onlyFenceAgentsInsideTheRootsRun() throws IOException, AgentRejected {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.writeString(dir.resolve("fence_evil"), "#!/bin/sh\nexit 0\n");
        outside.toFile().setExecutable(true);
        Files.createSymbolicLink(root.resolve("fence_evil"), outside);
        FenceAgents fa = new FenceAgents(List.of(root, Path.of("/usr/sbin")));
        assertThatThrownBy(() -> fa.resolve("fence_evil")).isInstanceOf(AgentRejected.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> fa.resolve("../sbin/fence_dummy")).isInstanceOf(AgentRejected.class)
                .hasMessageContaining("fence_NAME");
        assertThatThrownBy(() -> fa.resolve("ls")).isInstanceOf(AgentRejected.class).hasMessageContaining("fence_NAME");
        assertThat(fa.resolve("fence_dummy")).isEqualTo(Path.of("/usr/sbin/fence_dummy"));
        // a fence action is a stonith device's alone
        ActionResult r = new Executor(Roots.DEFAULT).run(new ActionRequest("x", AgentRef.parse("lsb:foo"), Action.FENCE,
                Map.of(), fence("n1", "off"), 0, 1000));
        assertThat(r.status()).isEqualTo(ActionResult.Status.REJECTED);
    }
}
