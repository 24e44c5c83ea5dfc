package dev.baton.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.scheduler.importer.CibImporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Schedules one CIB and compares placement and the transition summary (a multiset per primitive) with what
 * oracle.py recorded from crm_simulate in expected.json.
 */
final class CaseComparison {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(boolean pass, List<String> tags, String diff) {
    }

    private CaseComparison() {
    }

    static Result compare(Path cib, Path expectedJson) throws IOException {
        JsonNode expected = JSON.readTree(expectedJson.toFile());
        List<String> tags = new ArrayList<>();
        expected.path("tags").forEach(t -> tags.add(t.asText()));
        Decision d;
        try {
            d = Scheduler.schedule(CibImporter.read(cib));
        } catch (RuntimeException | IOException e) {
            return new Result(false, tags, "error: " + e);
        }
        Map<String, List<String>> expectedPlacement = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = expected.path("placement").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> v = new ArrayList<>();
            e.getValue().forEach(x -> v.add(x.asText()));
            expectedPlacement.put(e.getKey(), v);
        }
        Map<String, List<String>> actualPlacement = new TreeMap<>(d.placement().roles());
        List<String> expectedActions = new ArrayList<>();
        expected.path("actions").forEach(a -> expectedActions.add(key(a.path("primitive").asText(),
                a.path("action").asText(), text(a, "node"), text(a, "from"), text(a, "to"), text(a, "role"),
                text(a, "next_role"))));
        List<String> actualActions = new ArrayList<>();
        for (Action a : d.graph().summary()) {
            actualActions.add(key(a.primitive(), a.action(), a.node(), a.from(), a.to(), a.role(), a.nextRole()));
        }
        expectedActions.sort(null);
        actualActions.sort(null);
        StringBuilder diff = new StringBuilder();
        TreeSet<String> primitives = new TreeSet<>(expectedPlacement.keySet());
        primitives.addAll(actualPlacement.keySet());
        for (String k : primitives) {
            List<String> e = expectedPlacement.get(k);
            List<String> a = actualPlacement.get(k);
            if (e == null || !e.equals(a)) {
                diff.append("  placement ").append(k).append(": expected ").append(e).append(", got ").append(a)
                        .append('\n');
            }
        }
        List<String> missing = new ArrayList<>(expectedActions);
        actualActions.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actualActions);
        expectedActions.forEach(extra::remove);
        missing.forEach(m -> diff.append("  missing action ").append(m).append('\n'));
        extra.forEach(m -> diff.append("  unexpected action ").append(m).append('\n'));
        return new Result(diff.length() == 0, tags, diff.toString());
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
