package dev.baton.scheduler.importer;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Replays a node's {@code lrm_rsc_op} history (in call-id order) into each resource's current role and failure
 * state, and reads fail-count-* / last-failure-* transient attributes.
 */
final class History {
    private static final int OCF_OK = 0;
    private static final int OCF_INVALID_PARAM = 2;
    private static final int OCF_INSUFFICIENT_PRIV = 4;
    private static final int OCF_NOT_INSTALLED = 5;
    private static final int OCF_NOT_CONFIGURED = 6;
    private static final int OCF_UNIMPLEMENTED = 3;
    private static final int EXEC_PENDING = -1;
    private static final int EXEC_DONE = 0;
    private static final int EXEC_CANCELLED = 1;
    private static final int EXEC_NOT_SUPPORTED = 3;
    private static final int EXEC_ERROR = 4;
    private static final int EXEC_ERROR_HARD = 5;
    private static final int EXEC_ERROR_FATAL = 6;
    private static final int EXEC_NOT_INSTALLED = 7;
    private static final int EXEC_NO_FENCE_DEVICE = 10;
    private static final int EXEC_NO_SECRETS = 11;
    private static final int EXEC_MAX = EXEC_NO_SECRETS;
    private static final int OCF_DEGRADED = 190;
    private static final int OCF_DEGRADED_PROMOTED = 191;
    private static final int OCF_NOT_RUNNING = 7;
    private static final int OCF_RUNNING_PROMOTED = 8;
    private static final int OCF_FAILED_PROMOTED = 9;

    private History() {
    }

    /**
     * Reads every node's history. {@code legacyFailCounts}: the CIB predates feature set 3.0.13, whose fail-counts
     * are per resource ("fail-count-rsc"); newer ones are per operation ("fail-count-rsc#monitor_10000") and
     * Pacemaker reads only the form that matches the CIB's feature set.
     */
    static List<ResourceHistory> read(Map<String, Element> states, FailurePolicy policy, long now,
                                      boolean legacyFailCounts, java.util.Set<String> online) {
        List<ResourceHistory> out = new ArrayList<>();
        MigrationHistory migrations = new MigrationHistory(states, online);
        // a failure left blocked on one node makes the resource unmanaged for the nodes read after it
        // [Pacemaker's process_rsc_state]; a clone's instances are told apart only later, so not for them
        java.util.Set<String> blocked = new java.util.HashSet<>();
        for (Map.Entry<String, Element> e : states.entrySet()) {
            String node = e.getKey();
            Element state = e.getValue();
            Map<String, String> attrs = CibImporter.nvpairs(CibImporter.child(state, "transient_attributes"),
                    "instance_attributes");
            Map<String, Integer> failCounts = new LinkedHashMap<>();
            Map<String, Long> lastFailures = new LinkedHashMap<>();
            attrs.forEach((k, v) -> {
                if (k.matches(".*#.+_[0-9]+") == legacyFailCounts) {
                    return;
                }
                if (k.startsWith("fail-count-")) {
                    failCounts.merge(stripOp(k.substring("fail-count-".length())), Score.pacemaker(v), Score::add);
                } else if (k.startsWith("last-failure-")) {
                    // an epoch time; Pacemaker reads what is not one as 0 (never failed)
                    lastFailures.merge(stripOp(k.substring("last-failure-".length())), epoch(v), Math::max);
                }
            });
            Element lrm = CibImporter.child(state, "lrm");
            for (Element r : CibImporter.children(CibImporter.child(lrm, "lrm_resources"), "lrm_resource")) {
                String id = r.getAttribute("id");
                String agent = r.getAttribute("class") + (r.hasAttribute("provider") ? ":"
                        + r.getAttribute("provider") : "") + ":" + r.getAttribute("type");
                ResourceHistory h = replay(id, node, CibImporter.children(r, "lrm_rsc_op"),
                        failCounts.getOrDefault(id, 0), lastFailures.getOrDefault(id, 0L), agent, policy,
                        policy.managed(id) && !blocked.contains(id), policy.canFence(online.contains(node)), now,
                        migrations, out);
                if (h == null) {
                    continue; // not known here (a fail-count alone is still read, below)
                }
                if (r.hasAttribute("shutdown-lock")) {
                    h = h.withShutdownLock(epoch(r.getAttribute("shutdown-lock")));
                }
                if (h.onFail() == OnFail.BLOCK && !policy.cloned(id)) {
                    blocked.add(id);
                }
                out.add(h);
                failCounts.remove(id);
            }
            failCounts.forEach((id, fc) -> out.add(ResourceHistory.failCountOnly(id, node, fc,
                    lastFailures.getOrDefault(id, 0L))));
        }
        return out;
    }

    /** An epoch time in seconds: its leading integer (strtoll), 0 for anything else. */
    private static long epoch(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([+-]?\\d{1,18})").matcher(v);
        return m.lookingAt() ? Math.max(0, Long.parseLong(m.group(1))) : 0;
    }

    /** "rsc#monitor_10000" → "rsc". */
    private static String stripOp(String s) {
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
    }

    /**
     * Replays one resource's operations on one node as Pacemaker's unpack_rsc_op does: each result is judged
     * against the rc the cluster expected; a failure's response is its op's on-fail, the most severe one counts
     * until a later success clears it (a start, stop, promote, migrate_from, a "not running" result, or the failed
     * monitor itself passing again; stop, standby, fence and migrate are never cleared); on-fail=ignore pretends
     * the operation succeeded; a failure older than failure-timeout whose fail-count expired too no longer counts.
     * Null when no operation says what the state is (none, or all expired or cancelled): the resource is not known
     * on the node, as if it had no history there.
     */
    private static ResourceHistory replay(String id, String node, List<Element> ops, int failCount, long lastFailure,
                                          String agent, FailurePolicy policy, boolean managed, boolean fenceable,
                                          long now, MigrationHistory migrations, List<ResourceHistory> elsewhere) {
        // what a live migration recorded here says about its other end goes to elsewhere, before this record (as
        // Pacemaker counts the other end active first)
        List<Element> sorted = new ArrayList<>(ops);
        // in call-id order; an operation still pending (call-id -1) comes last, equal call-ids by last-rc-change
        sorted.sort(Comparator.comparingLong((Element op) -> callId(op) < 0 ? Long.MAX_VALUE : callId(op))
                .thenComparingLong(op -> intAttr(op, "last-rc-change", 0)));
        Replay st = new Replay();
        // a failure of an op configured on-fail=block never expires
        boolean blockingFailure = failCount > 0 && sorted.stream().anyMatch(op -> {
            long interval = intAttr(op, "interval", 0);
            return intAttr(op, "rc-code", 0) != expectedRc(op)
                    && policy.blocks(id, op.getAttribute("operation"), interval);
        });
        long timeout = blockingFailure ? 0 : policy.failureTimeoutSeconds(id);
        boolean failCountExpired = timeout > 0 && lastFailure > 0 && now > lastFailure + timeout;
        for (Element op : sorted) {
            String task = op.getAttribute("operation");
            if (task.equals("notify") || task.equals("meta-data")) {
                continue;
            }
            int status = intAttr(op, "op-status", 0);
            if (task.isEmpty() || status < -1 || status > EXEC_MAX) {
                continue; // Pacemaker skips an entry without an operation or with an unknown status
            }
            long interval = intAttr(op, "interval", 0); // milliseconds in the status section
            boolean probe = task.equals("monitor") && interval == 0;
            int origRc = intAttr(op, "rc-code", 0);
            int rc = task.equals("monitor") ? degradedAsOk(origRc) : origRc;
            int target = expectedRc(op);
            long lastChange = intAttr(op, "last-rc-change", 0);
            boolean expired = status != EXEC_NOT_INSTALLED && timeout > 0 && lastChange > 0
                    && now >= lastChange + timeout && (failCount == 0 || failCountExpired)
                    && !(probe && (rc == OCF_OK || rc == OCF_NOT_RUNNING || rc == OCF_RUNNING_PROMOTED));
            if (status == EXEC_PENDING || callId(op) == -1) {
                if (expired) {
                    continue; // older than failure-timeout, a pending op counts as an expired failure: ignored
                }
                st.pending = true;
                st.known = true;
                if (task.equals("start") && !st.role.active()) {
                    st.role = Role.STARTED;
                } else if (task.equals("promote")) {
                    st.role = Role.PROMOTED;
                }
                continue;
            }
            boolean masked = probe && (rc == OCF_NOT_INSTALLED || rc == OCF_INVALID_PARAM
                    || status == EXEC_NOT_INSTALLED);
            if (masked) {
                status = EXEC_DONE;
                rc = OCF_NOT_RUNNING;
            }
            if (status == EXEC_DONE || status == EXEC_ERROR) {
                status = st.judge(task, probe, interval, rc, target, managed && !st.unrecoverable);
                // a stop the agent refused for good (a hard error) on a node that cannot be fenced leaves nothing to
                // recover with: the resource is blocked and unmanaged from now on, even when this failure has
                // expired or a later operation succeeded [check_recoverable, called before expiry is looked at]
                st.unrecoverable |= task.equals("stop") && status == EXEC_ERROR_HARD && !fenceable;
            }
            if (expired && (masked ? origRc != target : rc != target)) {
                continue; // an expired failure says nothing any more
            }
            String key = task + "_" + interval;
            st.known |= status != EXEC_CANCELLED;
            if (masked) {
                // the agent cannot run here: treated as not running, and the resource is banned from the node
                st.succeeded(task, key, OCF_NOT_INSTALLED);
                st.ban(ResourceHistory.HardError.NODE);
                continue;
            }
            switch (status) {
                case EXEC_CANCELLED:
                    continue;
                case EXEC_DONE:
                    if (task.equals("migrate_to") && rc == OCF_OK) {
                        migratedAway(st, migrations.migrateToSucceeded(id, op), id, node, key, agent, elsewhere);
                    } else {
                        st.succeeded(task, key, rc);
                    }
                    continue;
                case EXEC_NOT_INSTALLED:
                    st.ban(ResourceHistory.HardError.NODE);
                    OnFail f = policy.onFail(id, task, interval);
                    st.failed(task, key, rc, probe, f == OnFail.IGNORE ? OnFail.MIGRATE : f);
                    continue;
                case EXEC_NO_FENCE_DEVICE, EXEC_NO_SECRETS:
                    status = EXEC_ERROR_HARD;
                    break;
                default:
                    break;
            }
            OnFail f = policy.onFail(id, task, interval);
            if (f == OnFail.IGNORE) {
                st.succeeded(task, key, target);
                st.ignored = true;
                continue;
            }
            st.failed(task, key, rc, probe, f);
            String otherEnd = task.equals("migrate_to") ? migrations.migrateToFailed(id, op)
                    : task.equals("migrate_from") ? migrations.migrateFromFailed(id, op) : null;
            if (otherEnd != null) {
                elsewhere.add(active(id, otherEnd, agent, task.equals("migrate_from") ? task : null));
            }
            if (status == EXEC_ERROR_HARD) {
                st.ban(ResourceHistory.HardError.NODE);
            } else if (status == EXEC_ERROR_FATAL) {
                st.ban(ResourceHistory.HardError.CLUSTER);
            }
        }
        if (!st.known && !st.unrecoverable) {
            return null; // every operation was ignored (expired, cancelled) or there is none: the state is unknown
        }
        OnFail response = st.unrecoverable ? OnFail.BLOCK : st.onFail;
        boolean failed = st.role.active() && response != OnFail.IGNORE;
        return new ResourceHistory(id, node, st.role, failed, failed ? st.failedOp : null, failCount, lastFailure,
                st.pending, st.hard, agent, response == OnFail.IGNORE ? null : response, st.ignored);
    }

    /** What a successful migrate_to means for its source and its target ({@link MigrationHistory}). */
    private static void migratedAway(Replay st, MigrationHistory.Outcome o, String id, String node, String key,
                                     String agent, List<ResourceHistory> elsewhere) {
        switch (o.source()) {
            case ACTIVE -> st.role = Role.STARTED;
            case FAILED -> {
                st.role = Role.STARTED;
                st.failed("migrate_to", key, OCF_OK, false, OnFail.RESTART);
            }
            case FINISHED -> st.role = Role.STOPPED;
            default -> {
            }
        }
        if (o.target() != null) {
            ResourceHistory there = active(id, o.target(), agent, o.targetFailed() ? "migrate_from" : null);
            elsewhere.add(o.partial() ? there.withMigrationSource(node) : there);
        }
    }

    /** Active on {@code node} by what another node's history says; failed there when {@code failedOp} is set. */
    private static ResourceHistory active(String id, String node, String agent, String failedOp) {
        return new ResourceHistory(id, node, Role.STARTED, failedOp != null, failedOp, 0, 0, false,
                ResourceHistory.HardError.NONE, agent, failedOp != null ? OnFail.RESTART : null, false);
    }

    /** The state one resource's history builds up on one node while it is replayed. */
    private static final class Replay {
        Role role = Role.STOPPED;
        OnFail onFail = OnFail.IGNORE;
        String lastFailureKey;
        String failedOp;
        boolean pending;
        boolean ignored;
        /**
         * Some operation said what the resource's state is: Pacemaker knows it on the node (no probe needed, its
         * promotion score counts there) only then [process_rsc_state: known_on unless the role is unknown]. A
         * result's role (not running, promoted) counts even when the result itself has expired, as Pacemaker
         * takes the role from it before it looks at expiry [remap_operation].
         */
        boolean known;
        /** A stop failed with a hard error where fencing cannot recover it. */
        boolean unrecoverable;
        ResourceHistory.HardError hard = ResourceHistory.HardError.NONE;

        /** The execution status a finished operation has once its rc is compared with the expected one. */
        int judge(String task, boolean probe, long interval, int rc, int target, boolean managed) {
            int status = target < 0 || target != rc ? EXEC_ERROR : EXEC_DONE;
            switch (rc) {
                case OCF_OK -> {
                    if (probe && target == OCF_NOT_RUNNING) {
                        status = EXEC_DONE;
                    }
                }
                case OCF_NOT_RUNNING -> {
                    // "not running" from an unmanaged resource is what it is, not a failure
                    if (probe || target == rc || !managed) {
                        status = EXEC_DONE;
                        role = Role.STOPPED;
                        known = true;
                        onFail = OnFail.IGNORE;
                    }
                }
                case OCF_RUNNING_PROMOTED -> {
                    if (probe) {
                        status = EXEC_DONE;
                    }
                    role = Role.PROMOTED;
                    known = true;
                }
                case OCF_DEGRADED_PROMOTED, OCF_FAILED_PROMOTED -> {
                    role = Role.PROMOTED;
                    known = true;
                    status = EXEC_ERROR;
                }
                case OCF_NOT_CONFIGURED -> status = EXEC_ERROR_FATAL;
                case OCF_UNIMPLEMENTED -> status = interval == 0 ? EXEC_ERROR_HARD : EXEC_NOT_SUPPORTED;
                case OCF_NOT_INSTALLED, OCF_INVALID_PARAM, OCF_INSUFFICIENT_PRIV -> status = EXEC_ERROR_HARD;
                default -> {
                }
            }
            return status;
        }

        void succeeded(String task, String key, int rc) {
            boolean clear = false;
            if (rc == OCF_NOT_INSTALLED) {
                role = Role.STOPPED;
            } else if (rc == OCF_NOT_RUNNING) {
                role = Role.STOPPED;
                clear = true;
            } else {
                switch (task) {
                    case "monitor" -> {
                        clear = key.equals(lastFailureKey);
                        if (rc == OCF_RUNNING_PROMOTED) {
                            role = Role.PROMOTED;
                        } else if (!role.active()) {
                            role = Role.STARTED;
                        }
                    }
                    case "start", "migrate_from" -> {
                        role = Role.STARTED;
                        clear = true;
                    }
                    case "stop", "migrate_to" -> {
                        role = Role.STOPPED;
                        clear = !task.equals("migrate_to");
                    }
                    case "promote" -> {
                        role = Role.PROMOTED;
                        clear = true;
                    }
                    case "demote" -> {
                        clear = onFail == OnFail.DEMOTE;
                        role = Role.UNPROMOTED;
                    }
                    default -> {
                        if (!role.active()) {
                            role = Role.STARTED;
                        }
                    }
                }
            }
            if (clear && onFail.clearedBySuccess()) {
                onFail = OnFail.IGNORE;
            }
        }

        void failed(String task, String key, int rc, boolean probe, OnFail response) {
            lastFailureKey = key;
            failedOp = task;
            if (response.compareTo(onFail) > 0) {
                onFail = response;
            }
            if (task.equals("stop")) {
                ban(ResourceHistory.HardError.INSTANCE);
            } else if (task.equals("promote")) {
                role = Role.PROMOTED;
            } else if (task.equals("demote")) {
                role = response == OnFail.BLOCK ? Role.PROMOTED : rc == OCF_NOT_RUNNING ? Role.STOPPED
                        : Role.UNPROMOTED;
            }
            if (probe && rc == OCF_NOT_INSTALLED) {
                role = Role.STOPPED;
            } else if (!role.active()) {
                role = Role.STARTED;
            }
        }

        void ban(ResourceHistory.HardError scope) {
            if (scope.compareTo(hard) > 0) {
                hard = scope;
            }
        }
    }

    /** A degraded service is still running: 190/191 mean what 0/8 mean. */
    private static int degradedAsOk(int rc) {
        return rc == OCF_DEGRADED ? OCF_OK : rc == OCF_DEGRADED_PROMOTED ? OCF_RUNNING_PROMOTED : rc;
    }

    /** The rc the cluster expected, from transition-key "action:transition:target-rc:uuid". */
    private static int expectedRc(Element op) {
        String key = op.getAttribute("transition-key");
        if (key.isEmpty()) {
            String magic = op.getAttribute("transition-magic");
            int semi = magic.indexOf(';');
            key = semi < 0 ? "" : magic.substring(semi + 1);
        }
        String[] parts = key.split(":");
        if (parts.length >= 3) {
            try {
                return Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                return OCF_OK;
            }
        }
        return OCF_OK;
    }

    private static long callId(Element op) {
        return intAttr(op, "call-id", 0);
    }

    private static int intAttr(Element e, String name, int fallback) {
        String v = e.getAttribute(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }
}
