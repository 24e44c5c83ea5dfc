package dev.baton.agent.check;

import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.AgentClass;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Durations;
import dev.baton.agent.exec.Executor;
import dev.baton.agent.exec.Ocf;
import dev.baton.agent.exec.Roots;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ocf-tester that also knows LSB: drives an agent through stop/start/monitor twice over and checks
 * every raw exit code against its standard (LSB status 3 when stopped, OCF monitor 7, start and stop
 * idempotent with 0), then meta-data and validate-all for OCF agents and promote/demote when advertised.
 */
public final class ConformanceChecker {

    /** One step run: what was expected by the standard, what came back. */
    public record Step(String name, int expected, int actual, String output) {
        public boolean passed() {
            return expected == actual;
        }
    }

    /** A broken rule: the step, the expected and actual code, and why it matters. */
    public record Violation(String step, String expected, String actual, String reason) {
        @Override
        public String toString() {
            return "step '" + step + "': expected " + expected + ", got " + actual + " - " + reason;
        }
    }

    public record Report(AgentRef agent, List<Step> steps, List<Violation> violations) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private final Executor executor;
    private final long timeoutMs;

    public ConformanceChecker(Executor executor, long timeoutMs) {
        this.executor = executor;
        this.timeoutMs = timeoutMs;
    }

    public Report check(AgentRef agent, Map<String, String> params) {
        if (agent.agentClass() == AgentClass.SYSTEMD) {
            throw new IllegalArgumentException("systemd units are checked by systemd itself; give lsb: or ocf:");
        }
        Run run = new Run(agent, params);
        boolean lsb = agent.agentClass() == AgentClass.LSB;
        String status = lsb ? "status" : "monitor";
        int stopped = lsb ? 3 : Ocf.NOT_RUNNING;
        MetaData md = null;
        if (!lsb) {
            md = run.metaData();
        }
        run.expect(status + " when stopped", Action.MONITOR, stopped,
                lsb ? "status must exit 3 for a stopped service, or failures can never be detected"
                    : "monitor must exit 7 (not running) for a stopped resource");
        run.expect("start", Action.START, 0, "start must succeed");
        run.expect(status + " when running", Action.MONITOR, 0, status + " must exit 0 while the service runs");
        run.expect("start when running", Action.START, 0, "starting a running service must succeed (exit 0)");
        run.expect("stop", Action.STOP, 0, "stop must succeed");
        run.expect("stop when stopped", Action.STOP, 0, "stopping a stopped service must succeed (exit 0)");
        run.expect(status + " after stop", Action.MONITOR, stopped,
                lsb ? "status must exit 3 once the service is stopped" : "monitor must exit 7 once stopped");
        if (md != null && md.promotable()) {
            run.expect("start (for promote)", Action.START, 0, "start must succeed");
            run.expect("promote", Action.PROMOTE, 0, "promote must succeed");
            run.expect("monitor when promoted", Action.MONITOR, Ocf.RUNNING_PROMOTED, "a promoted instance must report 8");
            run.expect("demote", Action.DEMOTE, 0, "demote must succeed");
            run.expect("monitor when demoted", Action.MONITOR, 0, "a demoted running instance must report 0");
            run.expect("stop (after demote)", Action.STOP, 0, "stop must succeed");
        }
        if (!lsb) {
            run.expect("validate-all", Action.VALIDATE_ALL, 0, "validate-all must accept the given parameters");
        }
        run.cleanUp();
        return new Report(agent, run.steps, run.violations);
    }

    private final class Run {
        final AgentRef agent;
        final Map<String, String> params;
        final List<Step> steps = new ArrayList<>();
        final List<Violation> violations = new ArrayList<>();

        Run(AgentRef agent, Map<String, String> params) {
            this.agent = agent;
            this.params = params;
        }

        ActionResult exec(Action a) {
            long interval = a == Action.MONITOR ? 10_000 : 0;
            return executor.run(new ActionRequest("conformance-check", agent, a, params, Map.of(), interval, timeoutMs));
        }

        void expect(String step, Action a, int expected, String why) {
            ActionResult r = exec(a);
            String output = r.outputTail().isEmpty() ? r.exitReason() : r.outputTail();
            steps.add(new Step(step, expected, r.rawExit(), output));
            if (r.status() != ActionResult.Status.DONE) {
                violations.add(new Violation(step, describe(expected), r.status() == ActionResult.Status.TIMED_OUT
                        ? "timeout after " + timeoutMs + " ms" : "not run", r.exitReason()));
            } else if (r.rawExit() != expected) {
                String said = output.isBlank() ? "" : " (it said: " + firstLine(output) + ")";
                violations.add(new Violation(step, describe(expected), describe(r.rawExit()), why + said));
            }
        }

        MetaData metaData() {
            ActionResult r = exec(Action.META_DATA);
            steps.add(new Step("meta-data", 0, r.rawExit(), ""));
            if (r.status() != ActionResult.Status.DONE || r.rawExit() != 0) {
                violations.add(new Violation("meta-data", "0", r.status() == ActionResult.Status.DONE
                        ? describe(r.rawExit()) : r.status().name(), "meta-data must print the agent's description"));
                return null;
            }
            MetaData md = MetaData.parse(r.stdout());
            for (String p : md.problems()) {
                violations.add(new Violation("meta-data", "valid OCF meta-data XML", "invalid", p));
            }
            return md;
        }

        /** Leaves the machine as found, whatever failed; not part of the verdict. */
        void cleanUp() {
            exec(Action.STOP);
        }

        private String describe(int code) {
            boolean lsb = agent.agentClass() == AgentClass.LSB;
            return code + " (" + (lsb && code == 3 ? "not running" : Ocf.text(code)) + ")";
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** {@code check lsb:NAME | ocf:PROVIDER:TYPE [--param k=v]... [--lsb-root DIR] [--ocf-root DIR] [--timeout 20s]}. */
    public static int run(String[] args, PrintStream out) {
        AgentRef agent = null;
        Map<String, String> params = new LinkedHashMap<>();
        Roots d = Roots.DEFAULT;
        Path ocf = d.ocfRoot();
        Path lsb = d.lsbRoot();
        long timeout = 20_000;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "check" -> { }
                    case "--param", "-p" -> {
                        String kv = args[++i];
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--param wants NAME=VALUE, got '" + kv + "'");
                        }
                        params.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--ocf-root" -> ocf = Path.of(args[++i]);
                    case "--lsb-root" -> lsb = Path.of(args[++i]);
                    case "--timeout" -> timeout = Durations.toMillis(args[++i]);
                    default -> {
                        if (agent != null || a.startsWith("-")) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        agent = AgentRef.parse(a);
                    }
                }
            }
            if (agent == null) {
                throw new IllegalArgumentException("which agent? lsb:NAME or ocf:PROVIDER:TYPE");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            out.println("usage: check lsb:NAME | ocf:PROVIDER:TYPE [--param k=v]... [--lsb-root DIR] [--ocf-root DIR] [--timeout 20s]");
            out.println("error: " + (e instanceof ArrayIndexOutOfBoundsException ? "option needs a value" : e.getMessage()));
            return 2;
        }
        Report r = new ConformanceChecker(new Executor(new Roots(ocf, lsb, d.systemctl())), timeout).check(agent, params);
        for (Step s : r.steps()) {
            out.printf("%-4s %-28s expected %-3d got %d%n", s.passed() ? "ok" : "FAIL", s.name(), s.expected(), s.actual());
        }
        r.violations().forEach(v -> out.println("violation: " + v));
        out.println(r.passed() ? agent + " conforms" : agent + ": " + r.violations().size() + " violation(s)");
        return r.passed() ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }
}
