package dev.baton.scheduler.importer;

import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Expands resource sets into pairwise constraints. Inside a sequential set each member depends on the one
 * before it (colocated with it / ordered after it; anti-colocated with every member before it); a colocation set
 * with ordering=listed colocates each member with the one after it instead. Between consecutive sets, a sequential set takes part
 * through its edge member (the last of the earlier set, the first of the later one), a non-sequential set
 * through every member. Order sets that require only some members (require-all=false) cannot be expressed
 * pairwise and are reported.
 */
final class ResourceSets {
    private ResourceSets() {
    }

    /** {@code groupOrdering}: ordering=group (the default) rather than listed, for colocation sets. */
    record Set(String id, List<String> members, boolean sequential, String action, Role role,
               boolean requireAll, boolean groupOrdering) {
        /** A set; null when a member is not a resource (Pacemaker then ignores the whole constraint). */
        static Set of(Element c, Element e, CibReader values, java.util.Set<String> resources) {
            List<String> members = new ArrayList<>();
            for (Element r : CibImporter.children(e, "resource_ref")) {
                String id = values.resourceRef(c, r, "id", resources, "resource sets for constraint");
                if (id == null) {
                    return null;
                }
                members.add(id);
            }
            String action = values.choice(e, "action", null, ACTIONS);
            if (action != null && !ACTIONS.contains(action)) {
                // crm_simulate aborts on it even without a schema: refused either way
                throw new ImportException(CibReader.describe(e), "action", "'" + action + "' is not one of "
                        + String.join(", ", ACTIONS));
            }
            // Pacemaker reads anything but "group" as listed
            boolean group = values.choice(e, "ordering", "group", List.of("group", "listed")).equalsIgnoreCase("group");
            return new Set(e.getAttribute("id"), members, values.bool(e, "sequential", true), action,
                    values.role(e, "role", true), values.bool(e, "require-all", true), group);
        }
    }

    private static final List<String> ACTIONS = List.of("start", "promote", "demote", "stop");

    /** The sets of a constraint; empty when Pacemaker ignores the constraint. */
    private static List<Set> sets(Element c, CibReader values, java.util.Set<String> resources) {
        List<Set> out = new ArrayList<>();
        for (Element e : CibImporter.children(c, "resource_set")) {
            Set s = Set.of(c, e, values, resources);
            if (s == null) {
                return List.of();
            }
            out.add(s);
        }
        return out;
    }

    static List<ColocationConstraint> colocations(Element c, CibReader values, java.util.Set<String> resources) {
        String id = c.getAttribute("id");
        int score = values.score(c, "score");
        List<ColocationConstraint> out = new ArrayList<>();
        List<Set> sets = sets(c, values, resources);
        if (score == 0) {
            return out; // Pacemaker ignores a colocation of score 0
        }
        for (Set s : sets) {
            if (s.sequential()) {
                // each member with the one before it (ordering=listed: the one before with it); an
                // anti-colocation keeps each from every one before it
                for (int i = 1; i < s.members().size(); i++) {
                    for (int j = score < 0 ? 0 : i - 1; j < i; j++) {
                        boolean listed = score > 0 && !s.groupOrdering();
                        out.add(new ColocationConstraint(id + ":" + out.size(), s.members().get(listed ? j : i),
                                s.members().get(listed ? i : j), score, s.role(), s.role()));
                    }
                }
            }
        }
        for (int i = 0; i + 1 < sets.size(); i++) {
            Set a = sets.get(i);
            Set b = sets.get(i + 1);
            List<String> dependents = a.sequential() && !a.members().isEmpty()
                    ? List.of(a.members().get(a.members().size() - 1)) : a.members();
            List<String> primaries = b.sequential() && !b.members().isEmpty() ? List.of(b.members().get(0))
                    : b.members();
            for (String d : dependents) {
                for (String p : primaries) {
                    out.add(new ColocationConstraint(id + ":" + out.size(), d, p, score, a.role(), b.role()));
                }
            }
        }
        return out;
    }

    static List<OrderConstraint> orders(Element c, CibReader values, java.util.Set<String> resources) {
        String id = c.getAttribute("id");
        OrderConstraint.Kind kind = CibImporter.kind(c, values);
        boolean symmetrical = values.bool(c, "symmetrical", kind != OrderConstraint.Kind.SERIALIZE);
        List<OrderConstraint> out = new ArrayList<>();
        List<Set> sets = sets(c, values, resources);
        for (Set s : sets) {
            if (s.sequential()) {
                for (int i = 1; i < s.members().size(); i++) {
                    out.add(order(id + ":" + out.size(), s.members().get(i - 1), s, s.members().get(i), s, kind,
                            symmetrical));
                }
            }
        }
        for (int i = 0; i + 1 < sets.size(); i++) {
            Set a = sets.get(i);
            Set b = sets.get(i + 1);
            List<String> firsts = a.sequential() && !a.members().isEmpty()
                    ? List.of(a.members().get(a.members().size() - 1)) : a.members();
            List<String> thens = b.sequential() && !b.members().isEmpty() ? List.of(b.members().get(0))
                    : b.members();
            for (String f : firsts) {
                for (String t : thens) {
                    // orders from one require-all=false set share the id prefix "ID:SET:" (any one suffices)
                    String orderId = a.requireAll() ? id + ":" + out.size() : id + ":" + a.id() + ":" + out.size();
                    out.add(order(orderId, f, a, t, b, kind, symmetrical));
                }
            }
        }
        return out;
    }

    private static OrderConstraint order(String id, String first, Set firstSet, String then, Set thenSet,
                                         OrderConstraint.Kind kind, boolean symmetrical) {
        String firstAction = firstSet.action() == null ? "start" : firstSet.action();
        String thenAction = thenSet.action() == null ? firstAction : thenSet.action();
        boolean requireAll = firstSet.requireAll() || firstSet == thenSet;
        return new OrderConstraint(id, first, then, kind, firstAction, thenAction, symmetrical, requireAll);
    }
}
