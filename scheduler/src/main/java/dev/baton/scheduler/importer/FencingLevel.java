package dev.baton.scheduler.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.w3c.dom.Element;

/**
 * One level of a Pacemaker configuration's fencing topology (the CIB's {@code <fencing-topology><fencing-level>},
 * crm's {@code fencing_topology}): not the scheduler's business (it changes how a node is fenced, not whether or
 * when), read by the importers for {@code kubectl baton import} to carry into the HACluster. Exactly one of
 * {@code target} (a node), {@code pattern} (a regular expression on node names) and {@code attribute} (with
 * {@code value}) is set; {@code devices} are the level's fencing resources, all of which must succeed.
 */
public record FencingLevel(int index, String target, String pattern, String attribute, String value,
                           List<String> devices) {
    /** The levels of a {@code <fencing-topology>} (null: none), as written. */
    static List<FencingLevel> fromCib(Element topology) {
        List<FencingLevel> out = new ArrayList<>();
        for (Element l : CibImporter.children(topology, "fencing-level")) {
            String id = "fencing-level " + l.getAttribute("id");
            String target = attr(l, "target");
            String pattern = attr(l, "target-pattern");
            String attribute = attr(l, "target-attribute");
            if ((target != null ? 1 : 0) + (pattern != null ? 1 : 0) + (attribute != null ? 1 : 0) != 1) {
                throw new ImportException(id, "target", "needs exactly one of target, target-pattern and"
                        + " target-attribute");
            }
            if (attribute != null && attr(l, "target-value") == null) {
                throw new ImportException(id, "target-value", "target-attribute needs a target-value");
            }
            out.add(new FencingLevel(index(id, l.getAttribute("index")), target, pattern, attribute,
                    attr(l, "target-value"), devices(id, l.getAttribute("devices"))));
        }
        return out;
    }

    /**
     * The levels of one crm {@code fencing_topology} command ({@code t}, its words): {@code [TARGET] DEVICES...} per
     * target, each DEVICES (comma-separated) a level, numbered from 1; TARGET is {@code node:}, {@code attr:NAME=VALUE}
     * or {@code pattern:REGEX} (crmsh's forms). Levels before any target are for every node of {@code nodes}.
     */
    static List<FencingLevel> fromCrm(List<String> t, Collection<String> nodes) {
        List<FencingLevel> out = new ArrayList<>();
        List<String> forAll = new ArrayList<>();
        String[] target = null; // kind, name[, value]
        int index = 0;
        for (String w : t.subList(1, t.size())) {
            String[] next = w.startsWith("attr:") && w.contains("=")
                    ? new String[] {"attr", w.substring(5, w.indexOf('=')), strip(w.substring(w.indexOf('=') + 1))}
                    : w.startsWith("pattern:") ? new String[] {"pattern", strip(w.substring(8))}
                    : w.endsWith(":") ? new String[] {"node", w.substring(0, w.length() - 1)} : null;
            if (next != null) {
                target = next;
                index = 0;
                continue;
            }
            index++;
            if (target == null) {
                forAll.add(w);
                continue;
            }
            String where = "fencing_topology " + String.join(":", target);
            List<String> devices = devices(where, w);
            out.add(switch (target[0]) {
                case "attr" -> new FencingLevel(level(where, index), null, null, target[1], target[2], devices);
                case "pattern" -> new FencingLevel(level(where, index), null, target[1], null, null, devices);
                default -> new FencingLevel(level(where, index), target[1], null, null, null, devices);
            });
        }
        List<FencingLevel> all = new ArrayList<>();
        for (String node : nodes) {
            for (int i = 0; i < forAll.size(); i++) {
                all.add(new FencingLevel(level("fencing_topology", i + 1), node, null, null, null,
                        devices("fencing_topology", forAll.get(i))));
            }
        }
        all.addAll(out);
        return all;
    }

    private static String strip(String s) {
        return s.endsWith(":") ? s.substring(0, s.length() - 1) : s;
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) && !e.getAttribute(name).isEmpty() ? e.getAttribute(name) : null;
    }

    /** Pacemaker's fencer takes levels 1 to 9. */
    private static int index(String where, String text) {
        try {
            return level(where, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw new ImportException(where, "index", "not a level number (1 to 9): " + text);
        }
    }

    private static int level(String where, int index) {
        if (index < 1 || index > 9) {
            throw new ImportException(where, "index", "a level is 1 to 9, not " + index);
        }
        return index;
    }

    private static List<String> devices(String where, String text) {
        List<String> d = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (d.isEmpty()) {
            throw new ImportException(where, "devices", "no devices");
        }
        return d;
    }
}
