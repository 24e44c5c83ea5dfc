package dev.baton.scheduler.importer;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.Node;
import java.math.BigDecimal;
import java.util.Locale;

import org.w3c.dom.Element;

/**
 * Evaluates Pacemaker rules ({@code <rule>} with {@code <expression>}s and nested rules) against one node's
 * attributes, including the built-ins #uname, #id, #kind and #is_dc, and date expressions against "now".
 */
final class Rules {
    private Rules() {
    }

    /** Thrown for rule elements Baton cannot evaluate. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what);
        }
    }

    /** The expression operations of the schema. */
    static final java.util.List<String> OPERATIONS = java.util.List.of("lt", "gt", "lte", "gte", "eq", "ne",
            "defined", "not_defined");

    /** Whether {@code rule} holds on {@code node} for {@code subject}, the resource it constrains. */
    static boolean matches(Element rule, Node node, String nodeId, boolean dc, java.time.ZonedDateTime now,
                           RuleSubject subject) {
        boolean or = "or".equalsIgnoreCase(rule.getAttribute("boolean-op"));
        boolean any = false;
        for (Element e : CibImporter.elements(rule)) {
            boolean result = switch (e.getTagName()) {
                case "expression" -> expression(e, node, nodeId, dc, subject.expand(e.getAttribute("attribute")),
                        subject.value(e, setRule -> matches(setRule, node, nodeId, dc, now, subject)));
                case "rule" -> matches(e, node, nodeId, dc, now, subject);
                case "date_expression" -> DateRules.matches(e, now);
                default -> throw new Unsupported(e.getTagName());
            };
            any = true;
            if (or && result) {
                return true;
            }
            if (!or && !result) {
                return false;
            }
        }
        return !or || !any;
    }

    /**
     * The rule's score on a node: {@code score}, or the node attribute named by score-attribute (-INFINITY on a
     * node without it, as Pacemaker: the rule keeps the resource away from nodes that lack the value).
     */
    static int score(Element rule, Node node, int score, RuleSubject subject) {
        if (rule.hasAttribute("score-attribute")) {
            String v = node.attributes().get(subject.expand(rule.getAttribute("score-attribute")));
            return v == null ? Score.MINUS_INFINITY : Score.pacemaker(v);
        }
        return score;
    }

    private static String attribute(Node node, String nodeId, boolean dc, String name) {
        return switch (name) {
            case "#uname" -> node.name();
            case "#id" -> nodeId;
            case "#is_dc" -> Boolean.toString(dc);
            case "#kind" -> node.attributes().getOrDefault("#kind", "cluster"); // remote nodes carry theirs
            default -> node.attributes().get(name);
        };
    }

    /** An expression comparing the node's {@code attribute} with {@code expected} (its value-source resolved). */
    private static boolean expression(Element e, Node node, String nodeId, boolean dc, String attribute,
                                      String expected) {
        String op = e.getAttribute("operation");
        if (!e.hasAttribute("attribute")) {
            return false; // Pacemaker: the expression is invalid and does not pass
        }
        String actual = attribute(node, nodeId, dc, attribute);
        switch (op) {
            case "defined":
                return actual != null;
            case "not_defined":
                return actual == null;
            case "eq":
                return actual != null && expected != null && compare(e, op, actual, expected) == 0;
            case "ne":
                return actual == null || expected == null || compare(e, op, actual, expected) != 0;
            case "lt", "lte", "gt", "gte": {
                if (actual == null || expected == null) {
                    return false;
                }
                int c = compare(e, op, actual, expected);
                return switch (op) {
                    case "lt" -> c < 0;
                    case "lte" -> c <= 0;
                    case "gt" -> c > 0;
                    default -> c >= 0;
                };
            }
            default:
                return false; // an operation Pacemaker does not know never passes
        }
    }

    /**
     * Compares as the expression's type. Without a type, ordering operators compare numbers ("number" if
     * either side has a decimal point, else "integer") and eq/ne compare strings. Unparsable numbers fall
     * back to a string comparison.
     */
    private static int compare(Element e, String op, String actual, String expected) {
        String type = e.getAttribute("type").toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            boolean ordering = !op.equals("eq") && !op.equals("ne");
            type = !ordering ? "string" : actual.contains(".") || expected.contains(".") ? "number" : "integer";
        }
        try {
            switch (type) {
                case "integer":
                    return Long.compare(Long.parseLong(integerPart(actual)), Long.parseLong(integerPart(expected)));
                case "number":
                    return new BigDecimal(actual.trim()).compareTo(new BigDecimal(expected.trim()));
                case "version":
                    return compareVersions(actual, expected);
                default:
                    break;
            }
        } catch (NumberFormatException ex) {
            // as Pacemaker does: compare as strings
        }
        return actual.compareToIgnoreCase(expected);
    }

    /** Integer comparison reads the leading integer, as strtoll does ("2.5" is 2). */
    private static String integerPart(String s) {
        String t = s.trim();
        int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return t.substring(0, i);
    }

    private static int compareVersions(String a, String b) {
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            long x = i < pa.length ? Long.parseLong(pa[i]) : 0;
            long y = i < pb.length ? Long.parseLong(pb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

}
