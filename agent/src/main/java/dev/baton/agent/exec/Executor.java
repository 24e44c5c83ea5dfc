package dev.baton.agent.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs resource actions the way Pacemaker's executor does: OCF agents with OCF_* environment, LSB init
 * scripts, systemd units through systemctl; exit codes mapped by each standard onto OCF codes.
 */
public final class Executor {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Roots roots;
    private final FenceAgents fence;
    private final Map<String, NativeAgent> natives;

    public Executor(Roots roots, FenceAgents fence, Map<String, NativeAgent> natives) {
        this.roots = roots;
        this.fence = fence;
        this.natives = Map.copyOf(natives);
    }

    public Executor(Roots roots) {
        this(roots, new FenceAgents(FenceAgents.DEFAULT_ROOTS), Map.of());
    }

    public ActionResult run(ActionRequest req) {
        NativeAgent nat = natives.get(req.agent().toString());
        if (nat != null) {
            return nat.run(req);
        }
        Instant start = Instant.now();
        try {
            if (req.action() == Action.FENCE && req.agent().agentClass() != AgentClass.STONITH) {
                throw new AgentRejected(Ocf.ERR_UNIMPLEMENTED, "only stonith devices fence; " + req.agent() + " is not one");
            }
            return switch (req.agent().agentClass()) {
                case OCF -> runOcf(req);
                case LSB -> runLsb(req);
                case SYSTEMD -> runSystemd(req);
                case STONITH -> fence.run(req);
            };
        } catch (AgentRejected e) {
            return ActionResult.rejected(e, start);
        } catch (IOException e) {
            return new ActionResult(ActionResult.Status.EXEC_ERROR, Ocf.ERR_GENERIC, -1,
                    "could not run " + req.agent() + ": " + e.getMessage(), "", "", start, 0);
        }
    }

    private ActionResult runOcf(ActionRequest req) throws AgentRejected, IOException {
        Path agent = roots.resolve(req.agent());
        String verb = req.action() == Action.PROBE ? "monitor" : req.action().wireName();
        ProcessRunner.Outcome o = ProcessRunner.run(List.of(agent.toString(), verb), ocfEnvironment(req), req.timeoutMs());
        int rc = o.timedOut() ? Ocf.ERR_GENERIC : (Ocf.isDefined(o.exit()) ? o.exit() : Ocf.ERR_GENERIC);
        return result(o, rc, exitReason(o.stderr()));
    }

    private ActionResult runLsb(ActionRequest req) throws AgentRejected, IOException {
        Path script = roots.resolve(req.agent());
        String verb = switch (req.action()) {
            case START, STOP -> req.action().wireName();
            case MONITOR, PROBE -> "status";
            case META_DATA -> null;
            case PROMOTE, DEMOTE, VALIDATE_ALL, FENCE ->
                    throw new AgentRejected(Ocf.ERR_UNIMPLEMENTED, "LSB scripts have no " + req.action().wireName() + " action");
        };
        if (verb == null) {
            return synthesizedMetaData(req);
        }
        ProcessRunner.Outcome o = ProcessRunner.run(List.of(script.toString(), verb), baseEnvironment(), req.timeoutMs());
        return result(o, o.timedOut() ? Ocf.ERR_GENERIC : mapLsb(req.action(), o.exit()), exitReason(o.stderr()));
    }

    private ActionResult runSystemd(ActionRequest req) throws AgentRejected, IOException {
        String unit = Roots.unitName(req.agent());
        String sc = roots.systemctl().toString();
        List<String> argv = switch (req.action()) {
            case START, STOP -> List.of(sc, req.action().wireName(), "--", unit);
            case MONITOR, PROBE -> List.of(sc, "is-active", "--", unit);
            case META_DATA -> null;
            case PROMOTE, DEMOTE, VALIDATE_ALL, FENCE ->
                    throw new AgentRejected(Ocf.ERR_UNIMPLEMENTED, "systemd units have no " + req.action().wireName() + " action");
        };
        if (argv == null) {
            return synthesizedMetaData(req);
        }
        ProcessRunner.Outcome o = ProcessRunner.run(argv, baseEnvironment(), req.timeoutMs());
        if (o.timedOut()) {
            return result(o, Ocf.ERR_GENERIC, "");
        }
        if (!req.action().isQuery()) {
            return result(o, o.exit() == 0 ? Ocf.SUCCESS : Ocf.ERR_GENERIC, o.exit() == 0 ? "" : o.stderr().strip());
        }
        // is-active prints the unit's state: only "active" (and "reloading", still serving) is running.
        String state = o.stdout().strip();
        int rc = switch (state) {
            case "active", "reloading" -> Ocf.SUCCESS;
            default -> Ocf.NOT_RUNNING;
        };
        return result(o, rc, state.equals("failed") ? "unit " + unit + " failed" : "");
    }

    /**
     * LSB: for status, 0 running, 1-3 not running (dead with pidfile, dead with lock, stopped), 4 unknown.
     * Other actions use the codes OCF copied from LSB (0-7); anything else is a generic error.
     * A stop answering "not running" (7) leaves the service stopped, so it counts as success, as in Pacemaker.
     */
    static int mapLsb(Action action, int exit) {
        if (action.isQuery()) {
            return switch (exit) {
                case 0 -> Ocf.SUCCESS;
                case 1, 2, 3 -> Ocf.NOT_RUNNING;
                default -> Ocf.ERR_GENERIC;
            };
        }
        if (action == Action.STOP && exit == Ocf.NOT_RUNNING) {
            return Ocf.SUCCESS;
        }
        return exit >= 0 && exit <= 7 ? exit : Ocf.ERR_GENERIC;
    }

    Map<String, String> ocfEnvironment(ActionRequest req) throws AgentRejected {
        Map<String, String> env = baseEnvironment();
        env.put("OCF_ROOT", roots.ocfRoot().toString());
        env.put("OCF_FUNCTIONS_DIR", roots.ocfRoot().resolve("lib/heartbeat").toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_INSTANCE", req.resource());
        env.put("OCF_RESOURCE_TYPE", req.agent().type());
        env.put("OCF_RESOURCE_PROVIDER", req.agent().provider());
        for (Map.Entry<String, String> p : req.params().entrySet()) {
            env.put("OCF_RESKEY_" + checkedName("parameter", p.getKey()), checkedValue(p.getKey(), p.getValue()));
        }
        for (Map.Entry<String, String> m : req.meta().entrySet()) {
            env.put("OCF_RESKEY_CRM_meta_" + checkedName("meta attribute", m.getKey().replace('-', '_')),
                    checkedValue(m.getKey(), m.getValue()));
        }
        env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(req.intervalMs()));
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(req.timeoutMs()));
        return env;
    }

    static Map<String, String> baseEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", PATH);
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        return env;
    }

    private static String checkedName(String what, String name) throws AgentRejected {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, what + " name '" + name + "' is not a valid name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return name;
    }

    private static String checkedValue(String name, String value) throws AgentRejected {
        if (value == null || value.indexOf('\0') >= 0) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "value of '" + name + "' is missing or contains a NUL byte");
        }
        return value;
    }

    /** The last "ocf-exit-reason:" line an OCF agent wrote to stderr (ocf_exit_reason in ocf-shellfuncs). */
    static String exitReason(String stderr) {
        String reason = "";
        for (String line : stderr.split("\n")) {
            if (line.startsWith("ocf-exit-reason:")) {
                reason = line.substring("ocf-exit-reason:".length()).strip();
            }
        }
        return reason;
    }

    static ActionResult result(ProcessRunner.Outcome o, int rc, String reason) {
        if (o.timedOut()) {
            return new ActionResult(ActionResult.Status.TIMED_OUT, Ocf.ERR_GENERIC, -1,
                    reason.isEmpty() ? "timed out after " + o.durationMs() + " ms; process group killed" : reason,
                    o.stdout(), o.tail(), o.start(), o.durationMs());
        }
        return new ActionResult(ActionResult.Status.DONE, rc, o.exit(), reason, o.stdout(), o.tail(), o.start(), o.durationMs());
    }

    /** Pacemaker gives LSB and systemd resources a generated description; so do we. */
    private static ActionResult synthesizedMetaData(ActionRequest req) {
        String xml = """
                <?xml version="1.0"?>
                <resource-agent name="%s" version="0.1">
                  <version>1.1</version>
                  <shortdesc lang="en">%s</shortdesc>
                  <longdesc lang="en">%s, run through its standard interface; it takes no parameters.</longdesc>
                  <parameters/>
                  <actions>
                    <action name="start" timeout="20s"/>
                    <action name="stop" timeout="20s"/>
                    <action name="monitor" timeout="20s" interval="10s"/>
                    <action name="meta-data" timeout="5s"/>
                  </actions>
                </resource-agent>
                """.formatted(req.agent().type(), req.agent(), req.agent());
        return new ActionResult(ActionResult.Status.DONE, Ocf.SUCCESS, 0, "", xml, "", Instant.now(), 0);
    }
}
