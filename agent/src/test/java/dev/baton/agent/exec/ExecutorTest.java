package dev.baton.agent.exec;

import dev.baton.agent.TestRoots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorTest {
    @TempDir
    Path dir;
    Roots roots;
    Executor exec;

    @BeforeEach
    void setUp() {
        roots = TestRoots.copyTo(dir.resolve("roots"));
        exec = new Executor(roots);
    }

    @AfterEach
    void tearDown() throws IOException {
        TestRoots.stopDaemon(roots.lsbRoot().resolve("good-service.pid"));
    }

    private ActionRequest req(String agent, Action action, Map<String, String> params) {
        return new ActionRequest("r1", AgentRef.parse(agent), action, params, Map.of(), 0, 5000);
    }

    private ActionResult run(String agent, Action action, Map<String, String> params) {
        return exec.run(req(agent, action, params));
    }

    @Test
    void lsbScriptFollowsTheLsbStatusCodes() throws IOException {
        ActionResult probe = run("lsb:good-service", Action.PROBE, Map.of());
        assertThat(probe.rawExit()).isEqualTo(3);
        assertThat(probe.rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(probe.succeeded(Action.PROBE)).isTrue();

        assertThat(run("lsb:good-service", Action.START, Map.of()).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(run("lsb:good-service", Action.MONITOR, Map.of()).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(run("lsb:good-service", Action.START, Map.of()).rc()).as("start when running").isEqualTo(Ocf.SUCCESS);

        // the daemon dies behind the script's back: status 1 "dead but pidfile exists" is "not running"
        long pid = Long.parseLong(Files.readString(roots.lsbRoot().resolve("good-service.pid")).strip());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        daemon.destroyForcibly();
        daemon.onExit().join();
        ActionResult dead = run("lsb:good-service", Action.MONITOR, Map.of());
        assertThat(dead.rawExit()).isEqualTo(1);
        assertThat(dead.rc()).isEqualTo(Ocf.NOT_RUNNING);

        assertThat(run("lsb:good-service", Action.STOP, Map.of()).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(run("lsb:good-service", Action.STOP, Map.of()).rc()).as("stop when stopped").isEqualTo(Ocf.SUCCESS);
        assertThat(run("lsb:good-service", Action.PROMOTE, Map.of()).rc()).isEqualTo(Ocf.ERR_UNIMPLEMENTED);
    }

    @Test
    void lsbCodesMapByTheStandard() {
        assertThat(Executor.mapLsb(Action.MONITOR, 0)).isEqualTo(Ocf.SUCCESS);
        for (int notRunning : new int[] {1, 2, 3}) {
            assertThat(Executor.mapLsb(Action.MONITOR, notRunning)).isEqualTo(Ocf.NOT_RUNNING);
        }
        assertThat(Executor.mapLsb(Action.MONITOR, 4)).as("status unknown").isEqualTo(Ocf.ERR_GENERIC);
        assertThat(Executor.mapLsb(Action.STOP, 7)).isEqualTo(Ocf.SUCCESS);
        assertThat(Executor.mapLsb(Action.START, 7)).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(Executor.mapLsb(Action.START, 5)).isEqualTo(Ocf.ERR_INSTALLED);
        assertThat(Executor.mapLsb(Action.START, 150)).isEqualTo(Ocf.ERR_GENERIC);
    }

    @Test
    void debianDummyThroughTheExecutor() {
        Executor real = new Executor(Roots.DEFAULT);
        Map<String, String> params = Map.of("state", dir.resolve("dummy.state").toString());
        ActionRequest base = new ActionRequest("dummy-" + ProcessHandle.current().pid(),
                AgentRef.parse("ocf:heartbeat:Dummy"), Action.PROBE, params, Map.of(), 0, 20_000);
        assertThat(real.run(base).rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(real.run(base.withAction(Action.START, 0)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.MONITOR, 10_000)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.STOP, 0)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.STOP, 0)).rc()).as("stop when stopped").isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.MONITOR, 10_000)).rc()).isEqualTo(Ocf.NOT_RUNNING);
        ActionResult md = real.run(base.withAction(Action.META_DATA, 0));
        assertThat(md.rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(md.stdout()).contains("<resource-agent name=\"Dummy\"");
        assertThat(real.run(base.withAction(Action.VALIDATE_ALL, 0)).rc()).isEqualTo(Ocf.SUCCESS);
    }

    @Test
    void debianStatefulPromotesAndDemotes() {
        Executor real = new Executor(Roots.DEFAULT);
        Map<String, String> params = Map.of("state", dir.resolve("stateful.state").toString());
        ActionRequest base = new ActionRequest("stateful-" + ProcessHandle.current().pid(),
                AgentRef.parse("ocf:pacemaker:Stateful"), Action.PROBE, params,
                Map.of("promotable", "true", "clone-max", "2"), 0, 20_000);
        assertThat(real.run(base).rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(real.run(base.withAction(Action.START, 0)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.MONITOR, 10_000)).rc()).as("unpromoted").isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.PROMOTE, 0)).rc()).isEqualTo(Ocf.SUCCESS);
        ActionResult promoted = real.run(base.withAction(Action.MONITOR, 10_000));
        assertThat(promoted.rc()).isEqualTo(Ocf.RUNNING_PROMOTED);
        assertThat(promoted.rcText()).isEqualTo("promoted");
        assertThat(promoted.succeeded(Action.MONITOR)).isTrue();
        assertThat(real.run(base.withAction(Action.DEMOTE, 0)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.MONITOR, 10_000)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.STOP, 0)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(real.run(base.withAction(Action.MONITOR, 10_000)).rc()).isEqualTo(Ocf.NOT_RUNNING);
    }

    @Test
    void hangingAgentIsKilledAtItsTimeoutWithAllItsDescendants() throws Exception {
        Path piddir = Files.createDirectories(dir.resolve("pids"));
        ActionRequest r = new ActionRequest("h", AgentRef.parse("ocf:test:hang"), Action.START,
                Map.of("piddir", piddir.toString()), Map.of(), 0, 1000);
        ActionResult res = exec.run(r);
        assertThat(res.status()).isEqualTo(ActionResult.Status.TIMED_OUT);
        assertThat(res.rcText()).isEqualTo("timed out");
        assertThat(res.succeeded(Action.START)).isFalse();
        assertThat(res.durationMs()).isBetween(1000L, 3000L);
        assertThat(res.outputTail()).contains("starting, this never ends");
        for (String name : List.of("child", "grandchild", "session")) {
            long pid = Long.parseLong(Files.readString(piddir.resolve(name)).strip());
            assertThat(runningState(pid)).as(name + " pid " + pid + " after the timeout's kill").isEmpty();
        }
    }

    /**
     * The process's state letter from /proc while it still runs, empty once it is gone or a zombie. A killed
     * orphan is a zombie until init reaps it, which this machine's init does only every 2 s or so; a zombie
     * runs nothing, so it counts as dead (ProcessHandle.isAlive still says true for it).
     */
    private static Optional<String> runningState(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        String state = "?";
        for (long deadline = System.nanoTime() + 1_000_000_000L; System.nanoTime() < deadline; Thread.sleep(20)) {
            try {
                String s = Files.readString(stat);
                state = s.substring(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            }
            if (state.equals("Z") || state.equals("X")) {
                return Optional.empty();
            }
        }
        return Optional.of(state); // SIGKILL lands asynchronously, but not a second later
    }

    @Test
    void ocfEnvironmentCarriesParamsAndMetaLiterally() throws IOException {
        Path out = dir.resolve("env.out");
        Path canary = dir.resolve("pwned");
        Map<String, String> params = new HashMap<>();
        params.put("out", out.toString());
        String evil = "$(touch " + canary + "); `touch " + canary + "` | touch " + canary + " ; 'q\" && echo x > " + canary;
        params.put("evil", evil);
        ActionRequest r = new ActionRequest("envtest", AgentRef.parse("ocf:test:envdump"), Action.START, params,
                Map.of("clone-max", "2", "target-role", "Started"), 0, 5000);
        ActionResult res = exec.run(r);
        assertThat(res.rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(res.exitReason()).isEqualTo("dumped 1 argument(s)");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).contains("argv=start", "OCF_RESKEY_evil=" + evil, "OCF_RESKEY_CRM_meta_clone_max=2",
                "OCF_RESKEY_CRM_meta_target_role=Started", "OCF_RESKEY_CRM_meta_timeout=5000",
                "OCF_RESKEY_CRM_meta_interval=0", "OCF_RESOURCE_INSTANCE=envtest", "OCF_RESOURCE_PROVIDER=test",
                "OCF_RESOURCE_TYPE=envdump", "OCF_ROOT=" + roots.ocfRoot());
        assertThat(canary).doesNotExist();

        ActionResult probe = exec.run(r.withAction(Action.PROBE, 0));
        assertThat(Files.readAllLines(out)).contains("argv=monitor");
        assertThat(probe.rc()).isEqualTo(Ocf.SUCCESS);
    }

    @Test
    void ocfExitCodesOutsideTheStandardAreGenericErrors() {
        Path out = dir.resolve("env.out");
        ActionResult degraded = run("ocf:test:envdump", Action.MONITOR, Map.of("out", out.toString(), "rc", "190"));
        assertThat(degraded.rc()).isEqualTo(Ocf.DEGRADED);
        assertThat(degraded.succeeded(Action.MONITOR)).isTrue();
        ActionResult odd = run("ocf:test:envdump", Action.MONITOR, Map.of("out", out.toString(), "rc", "42"));
        assertThat(odd.rawExit()).isEqualTo(42);
        assertThat(odd.rc()).isEqualTo(Ocf.ERR_GENERIC);
        assertThat(odd.succeeded(Action.MONITOR)).isFalse();
    }

    @Test
    void parameterNamesThatAreNotNamesAreRejectedBeforeAnythingRuns() {
        Path out = dir.resolve("env.out");
        for (String bad : List.of("a=b", "x;y", "PATH x", "1abc", "")) {
            ActionResult res = run("ocf:test:envdump", Action.START, Map.of("out", out.toString(), bad, "v"));
            assertThat(res.status()).as(bad).isEqualTo(ActionResult.Status.REJECTED);
            assertThat(res.rc()).isEqualTo(Ocf.ERR_CONFIGURED);
            assertThat(res.exitReason()).contains("is not a valid name");
        }
        assertThat(out).doesNotExist();
    }

    /** The API server already refuses a NUL in a Primitive's params; an action that carries one anyway is refused. */
    @Test
    void aParameterValueWithANulByteIsRefusedBeforeAnythingRuns() {
        Path out = dir.resolve("env.out");
        ActionResult res = run("ocf:test:envdump", Action.START, Map.of("out", out.toString(), "state", "a\0b"));
        assertThat(res.status()).isEqualTo(ActionResult.Status.REJECTED);
        assertThat(res.rc()).isEqualTo(Ocf.ERR_CONFIGURED);
        assertThat(res.exitReason()).isEqualTo("value of 'state' is missing or contains a NUL byte");
        assertThat(out).doesNotExist();
    }

    @Test
    void agentsOutsideTheirRootsAreRejectedAndNothingRuns() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path marker = dir.resolve("ran");
        Path evilScript = outside.resolve("evil");
        Files.writeString(evilScript, "#!/bin/sh\ntouch " + marker + "\n");
        evilScript.toFile().setExecutable(true);
        Files.createSymbolicLink(roots.lsbRoot().resolve("escape"), evilScript);
        Files.createSymbolicLink(roots.ocfAgents().resolve("evilprov"), outside);
        Files.createSymbolicLink(roots.lsbRoot().resolve("alias"), roots.lsbRoot().resolve("good-service"));

        Map<String, String> cases = Map.of(
                "lsb:../outside/evil", "not a plain name",
                "lsb:..", "not a plain name",
                "lsb:" + evilScript, "not a plain name",
                "ocf:..:evil", "not a plain name",
                "ocf:test:../../../outside/evil", "not a plain name",
                "lsb:escape", "outside its root",
                "ocf:evilprov:evil", "outside its root",
                "lsb:missing", "not found");
        cases.forEach((agent, reason) -> {
            ActionResult res = run(agent, Action.START, Map.of());
            assertThat(res.status()).as(agent).isEqualTo(ActionResult.Status.REJECTED);
            assertThat(res.exitReason()).as(agent).contains(reason);
            assertThat(res.rawExit()).isEqualTo(-1);
        });
        assertThat(marker).doesNotExist();
        // a symlink that stays inside the root is fine
        assertThat(run("lsb:alias", Action.MONITOR, Map.of()).rc()).isEqualTo(Ocf.NOT_RUNNING);
    }

    @Test
    void systemdUnitsGoThroughSystemctlArgv() throws IOException {
        Path log = dir.resolve("systemctl.log");
        Path fake = dir.resolve("systemctl");
        // systemd is not PID 1 here; a stand-in records the argument vector and answers like is-active does
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> " + log + "\n[ \"$1\" = is-active ] && { echo failed; exit 3; }\nexit 0\n");
        fake.toFile().setExecutable(true);
        Executor sd = new Executor(new Roots(roots.ocfRoot(), roots.lsbRoot(), fake));
        assertThat(sd.run(req("systemd:nginx", Action.START, Map.of())).rc()).isEqualTo(Ocf.SUCCESS);
        ActionResult mon = sd.run(req("systemd:nginx", Action.MONITOR, Map.of()));
        assertThat(mon.rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(mon.exitReason()).isEqualTo("unit nginx.service failed");
        assertThat(Files.readAllLines(log)).containsExactly("start -- nginx.service", "is-active -- nginx.service");
        ActionResult opt = sd.run(req("systemd:-H evil", Action.START, Map.of()));
        assertThat(opt.status()).isEqualTo(ActionResult.Status.REJECTED);
        assertThat(Files.readAllLines(log)).hasSize(2);
    }

    @Test
    void pacemakerDurations() {
        assertThat(Durations.toMillis("10")).isEqualTo(10_000);
        assertThat(Durations.toMillis("10s")).isEqualTo(10_000);
        assertThat(Durations.toMillis("500ms")).isEqualTo(500);
        assertThat(Durations.toMillis("1min")).isEqualTo(60_000);
        assertThat(Durations.toMillis("2h")).isEqualTo(7_200_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.toMillis("10 parsecs"))
                .hasMessageContaining("not a duration");
    }
}
