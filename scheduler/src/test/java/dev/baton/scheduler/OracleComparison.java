package dev.baton.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a Baton decision is held against crm_simulate's (an oracle.py expected.json): the placement after the
 * transition must be equal, and the transition summary equal as a multiset per primitive (clone instance
 * numbers dropped, reason texts ignored). Shared by the conformance suite and the differential tester.
 */
public final class OracleComparison {
    private OracleComparison() {
    }

    /** The differences, one per line ("  placement ...", "  missing action ...", "  unexpected action ..."). */
    public static List<String> differences(JsonNode expected, Decision d) {
        return differences(expected, d, true);
    }

    /**
     * The same, comparing the placement only when {@code placement}: when crm_simulate's simulated transition
     * stopped half-way ("Transition failed: terminated"), its revised status is not the decision's outcome.
     */
    public static List<String> differences(JsonNode expected, Decision d, boolean placement) {
        Map<String, List<String>> expectedPlacement = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = expected.path("placement").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> v = new ArrayList<>();
            e.getValue().forEach(x -> v.add(x.asText()));
            expectedPlacement.put(e.getKey(), v);
        }
        ghosts(expected).forEach((primitive, nodes) -> expectedPlacement.computeIfPresent(primitive,
                (k, v) -> v.stream().filter(x -> !nodes.contains(x.substring(x.indexOf('@') + 1))).toList()));
        Map<String, List<String>> actualPlacement = new TreeMap<>(d.placement().roles());
        List<String> expectedActions = new ArrayList<>();
        // a node action (fencing) has no resource: it is told apart by its task ("node Fence (reboot) n1")
        expected.path("actions").forEach(a -> expectedActions.add(key(a.path("primitive").asText(),
                action(a.path("action").asText(), text(a, "task")), text(a, "node"), text(a, "from"),
                text(a, "to"), text(a, "role"), text(a, "next_role"))));
        List<String> actualActions = new ArrayList<>();
        for (Action a : d.graph().summary()) {
            actualActions.add(key(a.primitive() == null ? "" : a.primitive(), action(a.action(), a.task()),
                    a.node(), a.from(), a.to(), a.role(), a.nextRole()));
        }
        expectedActions.sort(null);
        actualActions.sort(null);
        List<String> diff = new ArrayList<>();
        TreeSet<String> primitives = new TreeSet<>(expectedPlacement.keySet());
        primitives.addAll(actualPlacement.keySet());
        for (String k : placement ? primitives : new TreeSet<String>()) {
            List<String> e = expectedPlacement.get(k);
            List<String> a = actualPlacement.get(k);
            if (e == null || !e.equals(a)) {
                diff.add("  placement " + k + ": expected " + e + ", got " + a);
            }
        }
        List<String> missing = new ArrayList<>(expectedActions);
        actualActions.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actualActions);
        expectedActions.forEach(extra::remove);
        missing.forEach(m -> diff.add("  missing action " + m));
        extra.forEach(m -> diff.add("  unexpected action " + m));
        return diff;
    }

    /**
     * Where crm_simulate's revised status shows a resource only because its simulation records every operation
     * as succeeding: a recurring monitor that runs on a node after the resource's stop there (Pacemaker
     * reschedules the monitor of a failure that expired, unordered with the stop of a resource that leaves)
     * comes back "running" there, where the real agent would answer "not running". Primitive (clone instance
     * number dropped) → such nodes; the comparison leaves them out of the expected placement.
     */
    static Map<String, java.util.Set<String>> ghosts(JsonNode expected) {
        Map<String, String> state = new TreeMap<>();
        Map<String, java.util.Set<String>> ghosts = new TreeMap<>();
        for (JsonNode e : expected.path("executed")) {
            String[] op = e.asText().split(" ", 2);
            if (op.length < 2 || !op[1].contains("@")) {
                continue;
            }
            String rsc = op[1].substring(0, op[1].indexOf('@'));
            String primitive = rsc.contains(":") ? rsc.substring(0, rsc.indexOf(':')) : rsc;
            String node = op[1].substring(op[1].indexOf('@') + 1);
            String key = primitive + "@" + node;
            if (op[0].equals("stop")) {
                state.put(key, "stopped");
            } else if (op[0].equals("start") || op[0].equals("promote") || op[0].equals("migrate_from")) {
                state.put(key, "started");
            } else if (op[0].startsWith("monitor/") && "stopped".equals(state.get(key))) {
                state.put(key, "ghost");
            }
        }
        state.forEach((key, v) -> {
            if (v.equals("ghost")) {
                ghosts.computeIfAbsent(key.substring(0, key.indexOf('@')), k -> new TreeSet<>())
                        .add(key.substring(key.indexOf('@') + 1));
            }
        });
        return ghosts;
    }

    private static String action(String action, String task) {
        return task == null ? action : action + " " + task;
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String key(String primitive, String action, String node, String from, String to, String role,
                              String nextRole) {
        StringBuilder b = new StringBuilder(primitive).append(' ').append(action);
        if (node != null) {
            b.append(' ').append(node);
        }
        if (from != null) {
            b.append(' ').append(from).append("->").append(to);
        }
        if (role != null || nextRole != null) {
            b.append(" (").append(role).append(" -> ").append(nextRole).append(')');
        }
        return b.toString();
    }
}
