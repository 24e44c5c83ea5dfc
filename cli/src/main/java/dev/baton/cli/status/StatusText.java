package dev.baton.cli.status;

import dev.baton.cib.ClusterStatus;
import dev.baton.cib.ClusterStatus.FailCount;
import dev.baton.cib.ClusterStatus.FailedAction;
import dev.baton.cib.ClusterStatus.NodeInfo;
import dev.baton.cib.ClusterStatus.ResourceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link ClusterStatus} the way crm_mon (Pacemaker 2.1) prints a cluster. */
public final class StatusText {
    private StatusText() {
    }

    public static String render(ClusterStatus s, String lastUpdated) {
        StringBuilder b = new StringBuilder();
        b.append("Cluster Summary:\n");
        b.append("  * Cluster: ").append(s.cluster() == null ? "(no HACluster object)" : s.cluster())
                .append(" (namespace ").append(s.namespace()).append(")\n");
        b.append("  * Last updated: ").append(lastUpdated).append('\n');
        b.append("  * Transition: ").append(transition(s.transition())).append('\n');
        b.append("  * ").append(s.nodes().size()).append(" node").append(s.nodes().size() == 1 ? "" : "s")
                .append(" configured\n");
        long instances = s.resources().stream().mapToLong(StatusText::instances).sum();
        b.append("  * ").append(instances).append(" resource instance").append(instances == 1 ? "" : "s")
                .append(" configured\n\n");

        b.append("Node List:\n").append(nodes(s.nodes(), "  "));
        b.append("\nFull List of Resources:\n").append(resources(s.resources(), "  "));

        if (!s.failCounts().isEmpty()) {
            b.append("\nMigration Summary:\n");
            Map<String, List<FailCount>> byNode = new LinkedHashMap<>();
            s.failCounts().forEach(f -> byNode.computeIfAbsent(f.node(), k -> new ArrayList<>()).add(f));
            byNode.forEach((node, fs) -> {
                b.append("  * Node: ").append(node).append(":\n");
                for (FailCount f : fs) {
                    b.append("    * ").append(f.resource()).append(": migration-threshold=").append(f.migrationThreshold())
                            .append(" fail-count=").append(f.failCount());
                    if (f.lastFailure() != null) {
                        b.append(" last-failure='").append(f.lastFailure()).append('\'');
                    }
                    b.append('\n');
                }
            });
        }

        if (!s.failedActions().isEmpty()) {
            b.append("\nFailed Resource Actions:\n");
            for (FailedAction f : s.failedActions()) {
                b.append("  * ").append(f.resource()).append('_').append(f.operation()).append('_')
                        .append(ClusterStatus.intervalMs(f.interval())).append(" on ").append(f.node()).append(" '")
                        .append(f.rcText() == null ? "unknown" : f.rcText()).append("' (")
                        .append(f.rc() == null ? "?" : f.rc()).append("): ");
                List<String> parts = new ArrayList<>();
                if (f.callId() != null) {
                    parts.add("call=" + f.callId());
                }
                parts.add("status='" + (f.status() == null ? "done" : f.status()) + "'");
                parts.add("exitreason='" + (f.exitReason() == null ? "" : f.exitReason()) + "'");
                if (f.lastRun() != null) {
                    parts.add("last-rc-change='" + f.lastRun() + "'");
                }
                if (f.durationMs() != null) {
                    parts.add("exec=" + f.durationMs() + "ms");
                }
                b.append(String.join(", ", parts)).append('\n');
            }
        }

        if (!s.fencing().isEmpty()) {
            // as crm_mon: newest first
            b.append("\nFencing History:\n");
            List<dev.baton.api.v1alpha1.HAClusterStatus.FenceEvent> newest = new ArrayList<>(s.fencing());
            java.util.Collections.reverse(newest);
            newest.forEach(f -> b.append("  * ").append(fence(f)).append('\n'));
        }

        if (!s.tickets().isEmpty()) {
            // crm_mon --include=tickets: "* NAME: granted|revoked [standby] last-granted=..."
            b.append("\nTickets:\n");
            for (ClusterStatus.TicketInfo t : s.tickets()) {
                b.append("  * ").append(t.name()).append(": ").append(t.granted() ? "granted" : "revoked");
                if (t.standby()) {
                    b.append(" [standby]");
                }
                if (t.lastGranted() != null) {
                    b.append(" last-granted=\"").append(t.lastGranted()).append('"');
                }
                b.append('\n');
            }
        }

        if (!s.moveConstraints().isEmpty()) {
            b.append("\nMove Constraints Left Behind (remove with 'kubectl baton resource clear RSC'):\n");
            for (ClusterStatus.MoveConstraint m : s.moveConstraints()) {
                boolean ban = m.score().startsWith("-");
                b.append("  * ").append(m.name()).append(": ").append(m.resource())
                        .append(ban ? " banned from " : " pinned to ").append(m.node()).append(" (").append(m.score()).append(')');
                if (m.expires() != null) {
                    b.append(m.expired() ? ", expired " : ", expires ").append(m.expires());
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The resource list alone, as crm_resource -L prints it. */
    public static String resources(ClusterStatus s) {
        return resources(s.resources(), "  ");
    }

    /** Resources as crm_mon lists them, each line starting with {@code indent}. */
    public static String resources(List<ResourceInfo> resources, String indent) {
        StringBuilder b = new StringBuilder();
        if (resources.isEmpty()) {
            b.append(indent).append("* No resources\n");
        }
        resources.forEach(r -> resource(b, r, indent));
        return b.toString();
    }

    /** Nodes as crm_mon lists them: online and offline in one line each, standby and maintenance one by one. */
    public static String nodes(List<NodeInfo> nodes, String indent) {
        StringBuilder b = new StringBuilder();
        nodeLine(b, indent, "Online", nodes, "online");
        nodeLine(b, indent, "OFFLINE", nodes, "offline");
        for (NodeInfo n : nodes) {
            if (n.state().equals("standby") || n.state().equals("maintenance")) {
                b.append(indent).append("* Node ").append(n.name()).append(": ").append(n.state()).append('\n');
            }
        }
        return b.toString();
    }

    /** One fence action as crm_mon words it: "reboot of node1 successful: delegate=node2, …, completed='…'". */
    static String fence(dev.baton.api.v1alpha1.HAClusterStatus.FenceEvent f) {
        String result = switch (String.valueOf(f.result)) {
            case "success" -> "successful";
            case "failed" -> "failed";
            default -> "pending";
        };
        List<String> parts = new ArrayList<>();
        if (f.delegate != null) {
            parts.add("delegate=" + f.delegate);
        }
        if (f.device != null) {
            parts.add("device=" + f.device);
        }
        if (f.level != null) {
            parts.add("level=" + f.level);
        }
        if (f.exitReason != null) {
            parts.add("exitreason='" + f.exitReason + "'");
        }
        if (f.completed != null) {
            parts.add((result.equals("failed") ? "last-failed='" : "completed='") + f.completed + "'");
        } else if (f.requested != null) {
            parts.add("requested='" + f.requested + "'");
        }
        return f.fenceAction + " of " + f.target + " " + result + ": " + String.join(", ", parts);
    }

    private static String transition(ClusterStatus.TransitionInfo t) {
        if (t == null) {
            return "none running";
        }
        StringBuilder b = new StringBuilder(t.name());
        if (t.phase() != null) {
            b.append(' ').append(t.phase());
        }
        if (t.actionsTotal() != null) {
            b.append(" (").append(t.actionsSucceeded() == null ? 0 : t.actionsSucceeded()).append('/')
                    .append(t.actionsTotal()).append(" actions done");
            if (t.actionsFailed() != null && t.actionsFailed() > 0) {
                b.append(", ").append(t.actionsFailed()).append(" failed");
            }
            b.append(')');
        }
        if (t.reason() != null) {
            b.append(": ").append(t.reason());
        }
        return b.toString();
    }

    private static void nodeLine(StringBuilder b, String indent, String label, List<NodeInfo> nodes, String state) {
        List<String> names = nodes.stream().filter(n -> n.state().equals(state)).map(NodeInfo::name).toList();
        if (!names.isEmpty()) {
            b.append(indent).append("* ").append(label).append(": [ ").append(String.join(" ", names)).append(" ]\n");
        }
    }

    private static long instances(ResourceInfo r) {
        return switch (r.kind()) {
            case "primitive" -> 1;
            case "group" -> r.members().stream().mapToLong(StatusText::instances).sum();
            default -> Math.max(1, r.activeOn().size()) * r.members().stream().mapToLong(StatusText::instances).sum();
        };
    }

    private static void resource(StringBuilder b, ResourceInfo r, String indent) {
        String unmanaged = r.managed() ? "" : " (unmanaged)";
        switch (r.kind()) {
            case "primitive" -> b.append(indent).append("* ").append(r.name()).append("\t(").append(r.agent()).append("):\t ")
                    .append(primitiveState(r)).append(unmanaged).append('\n');
            case "group" -> {
                b.append(indent).append("* Resource Group: ").append(r.name()).append(unmanaged).append(":\n");
                r.members().forEach(m -> resource(b, m, indent + "  "));
            }
            default -> {
                ResourceInfo child = r.members().get(0);
                b.append(indent).append("* Clone Set: ").append(r.name()).append(" [").append(child.name()).append(']')
                        .append(r.promotable() ? " (promotable)" : "").append(unmanaged).append(":\n");
                // activeOn holds "Role@node" entries; crm_mon groups them by role
                Map<String, List<String>> byRole = new LinkedHashMap<>();
                for (String a : r.activeOn()) {
                    int at = a.indexOf('@');
                    String role = at < 0 ? "Started" : a.substring(0, at);
                    byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(at < 0 ? a : a.substring(at + 1));
                }
                byRole.forEach((role, nodes) -> b.append(indent).append("  * ").append(role).append(": [ ")
                        .append(nodes.stream().sorted().collect(Collectors.joining(" "))).append(" ]\n"));
                if (byRole.isEmpty()) {
                    b.append(indent).append("  * Stopped: [ all ]\n");
                }
            }
        }
    }

    private static String primitiveState(ResourceInfo r) {
        String state = r.role() != null && r.state().equals("Started") ? r.role() : r.state();
        return r.node() == null ? state : state + " " + r.node();
    }
}
