package dev.baton.scheduler.importer;

import dev.baton.scheduler.Score;
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
    private static final int EXEC_ERROR = 4;
    private static final int EXEC_ERROR_HARD = 5;
    private static final int EXEC_ERROR_FATAL = 6;
    private static final int EXEC_NOT_INSTALLED = 7;
    private static final int EXEC_MAX = 11;
    private static final int OCF_DEGRADED = 190;
    private static final int OCF_DEGRADED_PROMOTED = 191;
    private static final int OCF_NOT_RUNNING = 7;
    private static final int OCF_RUNNING_PROMOTED = 8;
    private static final int OCF_FAILED_PROMOTED = 9;

    private History() {
    }

    static boolean online(Element state, boolean stonith) {
        boolean inCcm = member(state.getAttribute("in_ccm"));
        boolean crmd = state.getAttribute("crmd").equals("online") || member(state.getAttribute("crmd"));
        String join = state.getAttribute("join");
        return inCcm && crmd && (join.equals("member") || join.isEmpty() && !stonith);
    }

    private static boolean member(String v) {
        return v.equals("true") || v.equals("online") || v.matches("[1-9][0-9]*");
    }

    static List<ResourceHistory> read(Map<String, Element> states) {
        List<ResourceHistory> out = new ArrayList<>();
        for (Map.Entry<String, Element> e : states.entrySet()) {
            String node = e.getKey();
            Element state = e.getValue();
            Map<String, String> attrs = CibImporter.nvpairs(CibImporter.child(state, "transient_attributes"),
                    "instance_attributes");
            Map<String, Integer> failCounts = new LinkedHashMap<>();
            Map<String, Long> lastFailures = new LinkedHashMap<>();
            attrs.forEach((k, v) -> {
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
                out.add(replay(id, node, CibImporter.children(r, "lrm_rsc_op"), failCounts.getOrDefault(id, 0),
                        lastFailures.getOrDefault(id, 0L), agent));
                failCounts.remove(id);
            }
            failCounts.forEach((id, fc) -> out.add(new ResourceHistory(id, node, Role.STOPPED, false, null, fc,
                    lastFailures.getOrDefault(id, 0L), false, ResourceHistory.HardError.NONE, null)));
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

    private static ResourceHistory replay(String id, String node, List<Element> ops, int failCount, long lastFailure,
                                          String agent) {
        List<Element> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingLong(History::callId));
        Role role = Role.STOPPED;
        boolean failed = false;
        boolean pending = false;
        String failedOp = null;
        ResourceHistory.HardError hard = ResourceHistory.HardError.NONE;
        for (Element op : sorted) {
            String task = op.getAttribute("operation");
            int rc = degradedAsOk(intAttr(op, "rc-code", 0));
            int opStatus = intAttr(op, "op-status", 0);
            if (task.isEmpty() || opStatus < -1 || opStatus > EXEC_MAX) {
                continue; // Pacemaker skips an entry without an operation or with an unknown status
            }
            if (opStatus == EXEC_ERROR) {
                opStatus = 0; // judged by its rc, as Pacemaker does
            }
            long interval = intAttr(op, "interval", 0); // milliseconds in the status section
            boolean probe = task.equals("monitor") && interval == 0;
            if (opStatus == -1 || callId(op) == -1) {
                pending = true;
                if (task.equals("start") || task.equals("promote")) {
                    role = Role.STARTED;
                }
                continue;
            }
            if (opStatus == 1) {
                continue; // cancelled: says nothing about the resource
            }
            int expected = expectedRc(op);
            boolean ok = opStatus == 0 && (rc == expected || probe && (rc == OCF_OK || rc == OCF_NOT_RUNNING
                    || rc == OCF_RUNNING_PROMOTED));
            if (ok) {
                Role after = roleAfterSuccess(task, rc, role);
                if (!task.equals("monitor") || probe) {
                    failed = false;
                    failedOp = null;
                }
                role = after;
                pending = false;
                continue;
            }
            if (rc == OCF_NOT_CONFIGURED || opStatus == EXEC_ERROR_FATAL) {
                hard = ResourceHistory.HardError.CLUSTER;
            } else if (hard == ResourceHistory.HardError.NONE && (rc == OCF_INVALID_PARAM
                    || rc == OCF_INSUFFICIENT_PRIV || rc == OCF_NOT_INSTALLED || opStatus == EXEC_NOT_INSTALLED
                    || opStatus == EXEC_ERROR_HARD)) {
                hard = ResourceHistory.HardError.NODE;
            }
            if (rc == OCF_NOT_INSTALLED || opStatus == EXEC_NOT_INSTALLED) {
                continue; // nothing can be running where the agent is missing
            }
            // a failure: the resource may be partly active wherever a start/monitor failed
            failed = true;
            failedOp = task;
            switch (task) {
                case "stop" -> role = role == Role.STOPPED ? Role.STARTED : role;
                case "promote" -> role = Role.PROMOTED;
                // a failed demote is recovered like an unpromoted instance
                case "demote" -> role = Role.UNPROMOTED;
                case "monitor" -> {
                    if (rc == OCF_RUNNING_PROMOTED || rc == OCF_FAILED_PROMOTED) {
                        role = Role.PROMOTED;
                    } else if (role == Role.STOPPED) {
                        role = Role.STARTED;
                    }
                }
                default -> role = role == Role.STOPPED ? Role.STARTED : role;
            }
        }
        return new ResourceHistory(id, node, role, failed, failedOp, failCount, lastFailure, pending, hard, agent);
    }

    private static Role roleAfterSuccess(String task, int rc, Role before) {
        return switch (task) {
            case "start", "migrate_from" -> Role.STARTED;
            case "stop", "migrate_to" -> Role.STOPPED;
            case "promote" -> Role.PROMOTED;
            case "demote" -> Role.UNPROMOTED;
            case "monitor" -> switch (rc) {
                case OCF_NOT_RUNNING -> Role.STOPPED;
                case OCF_RUNNING_PROMOTED -> Role.PROMOTED;
                default -> before == Role.STOPPED || before == Role.PROMOTED ? Role.STARTED : before;
            };
            default -> before;
        };
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
