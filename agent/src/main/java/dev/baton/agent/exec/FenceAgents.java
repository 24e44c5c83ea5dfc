package dev.baton.agent.exec;

import dev.baton.api.v1alpha1.FenceHosts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@code stonith} class: fencing devices run through the fence-agents API (the {@code fence_*} programs of
 * Debian's fence-agents). An agent is resolved only inside the fence-agent roots, is run with an argument vector
 * (no shell) and gets its arguments on stdin as {@code key=value} lines: {@code action=} (on, off, reboot, status,
 * monitor, list, metadata, validate-all), the target's port as {@code plug=} (or the name pcmk_host_argument gives;
 * {@code none}: no port) and the primitive's instance attributes except Pacemaker's own {@code pcmk_*}. Exit 0 is
 * success; {@code status} answers 0 (on) or 2 (off).
 * <p>
 * As a resource, a device runs where the scheduler places it, as Pacemaker's executor does it: start registers it
 * here once its {@code monitor} action succeeds, stop unregisters it, monitor asks the device while registered.
 * {@link Action#FENCE} fences the node named by the request's meta {@value #TARGET} with the action of meta
 * {@value #FENCE_ACTION} (off, reboot, on), once pcmk_host_list/map/check ({@link FenceHosts}) say this device can.
 */
public final class FenceAgents {
    public static final List<Path> DEFAULT_ROOTS = List.of(Path.of("/usr/sbin"));
    public static final String TARGET = "target";
    public static final String FENCE_ACTION = "fence-action";
    private static final Pattern NAME = Pattern.compile("fence_[A-Za-z0-9_]+");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final int STATUS_OFF = 2;

    private final List<Path> roots;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public FenceAgents(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The agent's executable: the first root holding {@code fence_NAME}; nothing outside the roots. */
    public Path resolve(String type) throws AgentRejected {
        if (!NAME.matcher(type).matches()) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "fence agent '" + type + "' is not named fence_NAME ([A-Za-z0-9_])");
        }
        AgentRejected missing = null;
        for (Path root : roots) {
            try {
                return Roots.confined(root, type);
            } catch (AgentRejected e) {
                if (e.rc() != Ocf.ERR_INSTALLED) {
                    throw e;
                }
                missing = e;
            }
        }
        throw new AgentRejected(Ocf.ERR_INSTALLED, "fence agent " + type + " not found in " + roots
                + (missing == null ? "" : " (" + missing.getMessage() + ")"));
    }

    ActionResult run(ActionRequest req) throws AgentRejected, IOException {
        String type = req.agent().type();
        return switch (req.action()) {
            case START -> {
                ActionResult r = agent(req, "monitor", null);
                if (r.rc() == Ocf.SUCCESS) {
                    registered.add(req.resource());
                }
                yield r;
            }
            case STOP -> {
                registered.remove(req.resource());
                yield synthesized(Ocf.SUCCESS, "");
            }
            case MONITOR, PROBE -> registered.contains(req.resource()) ? agent(req, "monitor", null)
                    : synthesized(Ocf.NOT_RUNNING, "");
            case META_DATA -> agent(req, "metadata", null);
            case VALIDATE_ALL -> agent(req, "validate-all", null);
            case FENCE -> fence(req);
            case PROMOTE, DEMOTE -> throw new AgentRejected(Ocf.ERR_UNIMPLEMENTED,
                    "fence agent " + type + " has no " + req.action().wireName() + " action");
        };
    }

    private ActionResult fence(ActionRequest req) throws AgentRejected, IOException {
        String target = req.meta().get(TARGET);
        String action = req.meta().get(FENCE_ACTION);
        if (target == null || target.isBlank()) {
            throw new AgentRejected(Ocf.ERR_ARGS, "fence: no target node (meta " + TARGET + ")");
        }
        if (!Set.of("off", "reboot", "on").contains(String.valueOf(action))) {
            throw new AgentRejected(Ocf.ERR_ARGS, "fence: action '" + action + "' is not off, reboot or on");
        }
        if (!canFence(req, target)) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "device " + req.resource() + " cannot fence " + target
                    + " (" + FenceHosts.HOST_CHECK + "=" + hosts(req).check().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")");
        }
        return agent(req, action, hosts(req).port(target));
    }

    /** Whether this device can fence {@code node}: pcmk_host_check, asking the device when the check says so. */
    public boolean canFence(ActionRequest req, String node) throws AgentRejected, IOException {
        FenceHosts h = hosts(req);
        String port = h.port(node);
        return switch (h.check()) {
            case NONE -> true;
            case STATIC_LIST -> h.hosts().contains(node);
            case STATUS -> {
                ActionResult r = agent(req, "status", port);
                yield r.status() == ActionResult.Status.DONE && (r.rawExit() == 0 || r.rawExit() == STATUS_OFF);
            }
            case DYNAMIC_LIST -> {
                ActionResult r = agent(req, "list", null);
                yield r.rc() == Ocf.SUCCESS && r.stdout().lines()
                        .map(l -> l.split(",", 2)[0].strip()).anyMatch(p -> p.equals(port));
            }
        };
    }

    private static FenceHosts hosts(ActionRequest req) throws AgentRejected {
        try {
            return FenceHosts.of(req.params());
        } catch (IllegalArgumentException e) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, e.getMessage());
        }
    }

    /** Runs the agent with {@code action} (and the port, if not null); exit 0 is success. */
    private ActionResult agent(ActionRequest req, String action, String port) throws AgentRejected, IOException {
        Path exe = resolve(req.agent().type());
        ProcessRunner.Outcome o = ProcessRunner.run(List.of(exe.toString()), Executor.baseEnvironment(),
                stdin(action, port, req.params()), req.timeoutMs());
        int rc = o.exit() == 0 ? Ocf.SUCCESS : Ocf.ERR_GENERIC;
        return Executor.result(o, rc, rc == Ocf.SUCCESS ? "" : reason(o.stderr()));
    }

    /**
     * The agent's stdin: one {@code key=value} line each. A name or value that could start a line of its own (a
     * line break, a NUL) is refused: it would smuggle in an argument of its choosing.
     */
    static String stdin(String action, String port, Map<String, String> params) throws AgentRejected {
        StringBuilder b = new StringBuilder("action=").append(action).append('\n');
        String portArg = params.getOrDefault("pcmk_host_argument", "plug");
        if (port != null && !portArg.equals("none")) {
            b.append(line(portArg, port));
        }
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(params).entrySet()) {
            if (!FenceHosts.pacemakerOption(p.getKey()) && !p.getKey().equals("action")) {
                b.append(line(p.getKey(), p.getValue()));
            }
        }
        return b.toString();
    }

    private static String line(String key, String value) throws AgentRejected {
        if (!KEY.matcher(key).matches()) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "fence agent argument name '" + key + "' is not [A-Za-z0-9_-]+");
        }
        if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "value of '" + key + "' is missing or has a line break or NUL");
        }
        return key + "=" + value + "\n";
    }

    /** fence-agents log "ERROR: ..." lines (fencing.py); the last one says why. */
    private static String reason(String stderr) {
        String reason = "";
        for (String l : stderr.split("\n")) {
            int i = l.indexOf("ERROR:");
            if (i >= 0) {
                reason = l.substring(i + "ERROR:".length()).strip();
            }
        }
        return reason.isEmpty() ? stderr.strip().lines().reduce((a, b) -> b).orElse("") : reason;
    }

    private static ActionResult synthesized(int rc, String reason) {
        return new ActionResult(ActionResult.Status.DONE, rc, rc, reason, "", "", Instant.now(), 0);
    }
}
