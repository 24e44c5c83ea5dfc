package dev.baton.agent.check;

import dev.baton.agent.TestRoots;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Executor;
import dev.baton.agent.exec.Roots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ConformanceCheckerTest {
    @TempDir
    Path dir;
    Roots roots;
    ConformanceChecker checker;

    @BeforeEach
    void setUp() {
        roots = TestRoots.copyTo(dir.resolve("roots"));
        checker = new ConformanceChecker(new Executor(roots), 10_000);
    }

    @AfterEach
    void tearDown() throws IOException {
        TestRoots.stopDaemon(roots.lsbRoot().resolve("good-service.pid"));
        TestRoots.stopDaemon(roots.lsbRoot().resolve("upstart-wrapper.pid"));
    }

    @Test
    void correctLsbScriptPasses() {
        ConformanceChecker.Report r = checker.check(AgentRef.parse("lsb:good-service"), Map.of());
        assertThat(r.violations()).isEmpty();
        assertThat(r.steps()).extracting(ConformanceChecker.Step::name, ConformanceChecker.Step::actual).containsExactly(
                tuple("status when stopped", 3), tuple("start", 0), tuple("status when running", 0),
                tuple("start when running", 0), tuple("stop", 0), tuple("stop when stopped", 0), tuple("status after stop", 3));
    }

    @Test
    void upstartStyleWrapperFailsWithTheReason() {
        ConformanceChecker.Report r = checker.check(AgentRef.parse("lsb:upstart-wrapper"), Map.of());
        assertThat(r.passed()).isFalse();
        assertThat(r.violations()).extracting(ConformanceChecker.Violation::step, ConformanceChecker.Violation::expected,
                ConformanceChecker.Violation::actual).containsExactly(
                tuple("status when stopped", "3 (not running)", "0 (ok)"),
                tuple("start when running", "0 (ok)", "1 (error)"),
                tuple("stop when stopped", "0 (ok)", "1 (error)"),
                tuple("status after stop", "3 (not running)", "0 (ok)"));
        assertThat(r.violations().get(0).toString())
                .contains("status must exit 3 for a stopped service")
                .contains("upstart-wrapper stop/waiting");
        assertThat(r.violations().get(1).reason()).endsWith("(it said: start: Job is already running: upstart-wrapper)");
    }

    @Test
    void debianDummyConforms() {
        ConformanceChecker real = new ConformanceChecker(new Executor(Roots.DEFAULT), 20_000);
        ConformanceChecker.Report r = real.check(AgentRef.parse("ocf:heartbeat:Dummy"),
                Map.of("state", dir.resolve("dummy.state").toString()));
        assertThat(r.violations()).isEmpty();
        assertThat(r.steps()).extracting(ConformanceChecker.Step::name).contains("meta-data", "monitor when stopped", "validate-all");
    }

    @Test
    void debianStatefulConformsIncludingPromoteAndDemote() {
        ConformanceChecker real = new ConformanceChecker(new Executor(Roots.DEFAULT), 20_000);
        ConformanceChecker.Report r = real.check(AgentRef.parse("ocf:pacemaker:Stateful"),
                Map.of("state", dir.resolve("stateful.state").toString()));
        assertThat(r.violations()).isEmpty();
        assertThat(r.steps()).extracting(ConformanceChecker.Step::name, ConformanceChecker.Step::actual)
                .contains(tuple("promote", 0), tuple("monitor when promoted", 8), tuple("demote", 0));
    }

    @Test
    void ocfAgentWithBrokenMetaDataAndLyingMonitorFails() {
        ConformanceChecker.Report r = checker.check(AgentRef.parse("ocf:test:liar"), Map.of());
        assertThat(r.violations()).extracting(ConformanceChecker.Violation::step)
                .containsExactly("meta-data", "monitor when stopped", "monitor after stop");
        assertThat(r.violations().get(0).reason()).contains("not well-formed XML");
        assertThat(r.violations().get(1).actual()).isEqualTo("0 (ok)");
        assertThat(r.violations().get(1).expected()).isEqualTo("7 (not running)");
    }

    @Test
    void commandLineReportsAndExitsByVerdict() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertThat(ConformanceChecker.run(new String[] {"check", "lsb:upstart-wrapper", "--lsb-root", roots.lsbRoot().toString()}, out))
                .isEqualTo(1);
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("FAIL status when stopped").contains("lsb:upstart-wrapper: 4 violation(s)");
        buf.reset();
        assertThat(ConformanceChecker.run(new String[] {"lsb:good-service", "--lsb-root", roots.lsbRoot().toString()}, out)).isEqualTo(0);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("lsb:good-service conforms");
        buf.reset();
        assertThat(ConformanceChecker.run(new String[] {"ocf:heartbeat:Dummy", "--param", "novalue"}, out)).isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--param wants NAME=VALUE");
    }
}
