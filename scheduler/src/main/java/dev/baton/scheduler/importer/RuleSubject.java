package dev.baton.scheduler.importer;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * The resource a location rule is evaluated for, as the rule's expressions may read it (Pacemaker's match data):
 * value-source=param takes the expression's value as the name of one of the resource's instance attributes (its
 * attribute sets evaluated for the node at hand), value-source=meta as the name of a meta attribute; a name the
 * resource lacks leaves the value as written. With rsc-pattern, {@code %0}..{@code %9} in an expression's attribute
 * and in score-attribute stand for the pattern's submatches in the resource id.
 */
final class RuleSubject {
    private final Element resource;
    private final Map<String, String> meta;
    private final List<String> submatches;

    RuleSubject(Element resource, Map<String, String> meta, List<String> submatches) {
        this.resource = resource;
        this.meta = Map.copyOf(meta);
        this.submatches = List.copyOf(submatches);
    }

    /** {@code s} with each %N of an existing submatch replaced by it. */
    String expand(String s) {
        if (submatches.isEmpty() || s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int group = c == '%' && i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 10) : -1;
            if (group >= 0 && group < submatches.size() && submatches.get(group) != null) {
                b.append(submatches.get(group));
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The value an expression compares against: its {@code value}, or what value-source points to.
     * {@code setApplies} says whether an attribute set's rule holds on the node.
     */
    String value(Element expression, Predicate<Element> setApplies) {
        String value = expression.hasAttribute("value") ? expression.getAttribute("value") : null;
        String source = expression.getAttribute("value-source");
        if (value == null || value.isEmpty()) {
            return value;
        }
        String resolved = null;
        if (source.equalsIgnoreCase("param")) {
            resolved = CibImporter.nvpairs(resource, "instance_attributes", setApplies).get(value);
        } else if (source.equalsIgnoreCase("meta")) {
            resolved = meta.get(value);
        }
        return resolved != null ? resolved : value;
    }
}
