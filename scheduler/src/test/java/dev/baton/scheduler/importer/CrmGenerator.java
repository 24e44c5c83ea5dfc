package dev.baton.scheduler.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random crm shell configurations (valid ones, for the fuzzer to damage) and the line/token mutations. */
final class CrmGenerator {
    private static final String[] AGENTS = {"ocf:heartbeat:IPaddr2", "ocf:pacemaker:Dummy", "ocf:pacemaker:Stateful",
        "lsb:apache2", "systemd:nginx", "stonith:fence_ipmilan"};
    private static final String[] META = {"migration-threshold", "resource-stickiness", "target-role", "is-managed",
        "failure-timeout", "priority", "clone-max", "clone-node-max", "promoted-max", "interleave", "globally-unique",
        "promotable"};
    private static final String[] VALUES = {"1", "3", "0", "100", "INFINITY", "inf", "-inf", "Started", "Stopped",
        "Promoted", "true", "false", "60s", "10min"};
    private static final String[] ROLES = {"Started", "Stopped", "Promoted", "Unpromoted", "Master", "Slave"};

    private CrmGenerator() {
    }

    static String configuration(Random r) {
        List<String> out = new ArrayList<>();
        int nodes = 1 + r.nextInt(4);
        for (int i = 1; i <= nodes; i++) {
            out.add(r.nextBoolean() ? "node node" + i : "node " + i + ": node" + i);
        }
        out.add("property stonith-enabled=false no-quorum-policy=" + pick(r, "ignore", "stop", "freeze"));
        if (r.nextBoolean()) {
            out.add("rsc_defaults " + pick(r, META) + "=" + pick(r, VALUES));
        }
        if (r.nextBoolean()) {
            out.add("op_defaults timeout=" + pick(r, "20s", "60", "1min"));
        }
        int prims = 1 + r.nextInt(8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < prims; i++) {
            String id = "r" + i;
            ids.add(id);
            StringBuilder b = new StringBuilder("primitive " + id + " " + pick(r, AGENTS));
            if (r.nextBoolean()) {
                b.append(" params ip=192.0.2.").append(i + 1).append(" nic=\"eth0\"");
            }
            if (r.nextBoolean()) {
                b.append(" \\\n    meta ").append(pick(r, META)).append('=').append(pick(r, VALUES));
            }
            for (int k = r.nextInt(3); k > 0; k--) {
                b.append(" \\\n    op ").append(pick(r, "monitor", "start", "stop", "promote")).append(" interval=")
                        .append(pick(r, "0", "10s", "'30s'", "1min")).append(" timeout=20s");
                if (r.nextInt(4) == 0) {
                    b.append(" role=").append(pick(r, ROLES));
                }
            }
            out.add(b.toString());
        }
        List<String> tops = new ArrayList<>(ids);
        if (prims > 2 && r.nextBoolean()) {
            out.add("group g0 " + ids.get(0) + " " + ids.get(1) + (r.nextBoolean() ? " meta target-role=Started" : ""));
            tops.remove(ids.get(0));
            tops.remove(ids.get(1));
            tops.add("g0");
        }
        if (prims > 3 && r.nextBoolean()) {
            String child = ids.get(prims - 1);
            out.add((r.nextBoolean() ? "ms" : "clone") + " c0 " + child + " meta clone-max=" + pick(r, "1", "2", "3")
                    + " interleave=true");
            tops.remove(child);
            tops.add("c0");
        }
        for (int k = r.nextInt(4); k > 0; k--) {
            out.add("location l" + k + " " + pick(r, tops) + (r.nextInt(4) == 0 ? " role=" + pick(r, ROLES) : "") + " "
                    + pick(r, "100", "-100", "inf", "-inf", "0") + ": node" + (1 + r.nextInt(nodes)));
        }
        for (int k = r.nextInt(3); k > 0; k--) {
            out.add("colocation co" + k + " " + pick(r, "inf", "-inf", "500", "0") + ": " + pick(r, tops)
                    + (r.nextBoolean() ? ":" + pick(r, ROLES) : "") + " " + pick(r, tops));
        }
        for (int k = r.nextInt(3); k > 0; k--) {
            out.add("order o" + k + " " + pick(r, "Mandatory:", "Optional:", "Serialize:", "inf:", "0:", "") + " "
                    + pick(r, tops) + (r.nextBoolean() ? ":" + pick(r, "start", "promote", "stop") : "") + " "
                    + pick(r, tops) + (r.nextBoolean() ? " symmetrical=" + pick(r, "true", "false") : ""));
        }
        if (r.nextBoolean()) {
            out.add("# a comment");
        }
        out.add("commit");
        return String.join("\n", out);
    }

    /** One mutation of the lines: delete, duplicate, swap, cut, a token replaced or dropped, quotes broken. */
    static void mutate(List<String> lines, Random r, String[] odd) {
        if (lines.isEmpty()) {
            lines.add(odd[r.nextInt(odd.length)]);
            return;
        }
        int i = r.nextInt(lines.size());
        String line = lines.get(i);
        List<String> tokens = new ArrayList<>(List.of(line.split(" ", -1)));
        int t = r.nextInt(tokens.size());
        switch (r.nextInt(9)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, line);
            case 2 -> {
                int j = r.nextInt(lines.size());
                lines.set(i, lines.get(j));
                lines.set(j, line);
            }
            case 3 -> lines.set(i, line.substring(0, r.nextInt(line.length() + 1)));
            case 4 -> {
                tokens.remove(t);
                lines.set(i, String.join(" ", tokens));
            }
            case 5, 6 -> {
                String v = odd[r.nextInt(odd.length)];
                String old = tokens.get(t);
                // keep the shape of name=value and SCORE: tokens half of the time, so the value itself is tested
                tokens.set(t, r.nextBoolean() && old.contains("=") ? old.substring(0, old.indexOf('=') + 1) + v
                        : r.nextBoolean() && old.endsWith(":") ? v + ":" : v);
                lines.set(i, String.join(" ", tokens));
            }
            case 7 -> {
                int at = r.nextInt(line.length() + 1);
                lines.set(i, line.substring(0, at) + pick(r, "\"", "'", "\\", "=", ":", "\u0000") + line.substring(at));
            }
            default -> lines.set(i, line + " \\");
        }
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static String pick(Random r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}
