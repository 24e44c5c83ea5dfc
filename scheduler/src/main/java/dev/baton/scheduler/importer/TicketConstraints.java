package dev.baton.scheduler.importer;

import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.Ticket;
import dev.baton.scheduler.model.TicketConstraint;
import dev.baton.scheduler.model.TicketConstraint.LossPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads rsc_ticket constraints (a resource, or resource sets whose members each depend on the ticket with the
 * set's role) and the tickets' state from {@code <status><tickets><ticket_state>}.
 */
final class TicketConstraints {
    private static final List<String> POLICIES = List.of("stop", "demote", "fence", "freeze");

    private TicketConstraints() {
    }

    static List<TicketConstraint> read(Element c, CibReader values, Set<String> resourceIds) {
        List<TicketConstraint> out = new ArrayList<>();
        String id = c.getAttribute("id");
        String ticket = values.required(c, "ticket", "Ignoring constraint '" + id + "' without ticket");
        if (ticket == null) {
            return out;
        }
        String policy = values.choice(c, "loss-policy", null, POLICIES);
        LossPolicy loss = policy == null || !POLICIES.contains(policy.toLowerCase(Locale.ROOT)) ? null
                : LossPolicy.valueOf(policy.toUpperCase(Locale.ROOT));
        List<Element> sets = CibImporter.children(c, "resource_set");
        if (sets.isEmpty()) {
            String rsc = values.resourceRef(c, c, "rsc", resourceIds);
            Role role = values.role(c, "rsc-role", true);
            if (rsc != null) {
                out.add(new TicketConstraint(id, rsc, ticket, started(role), loss));
            }
            return out;
        }
        // each member depends on the ticket on its own; a member that is not a resource ends the constraint there
        for (Element e : sets) {
            ResourceSets.Set set = ResourceSets.Set.of(c, e, values, resourceIds);
            if (set == null) {
                return out;
            }
            for (String member : set.members()) {
                out.add(new TicketConstraint(e.getAttribute("id"), member, ticket, started(set.role()), loss));
            }
        }
        return out;
    }

    /** Started (or no role) means any role. */
    private static Role started(Role role) {
        return role == Role.STARTED ? null : role;
    }

    /** The tickets' state; a ticket without one is not granted. */
    static Map<String, Ticket> states(Element status) {
        Map<String, Ticket> out = new LinkedHashMap<>();
        for (Element tickets : CibImporter.children(status, "tickets")) {
            for (Element t : CibImporter.children(tickets, "ticket_state")) {
                String id = t.getAttribute("id");
                out.put(id, new Ticket(id, truthy(t, "granted"), truthy(t, "standby")));
            }
        }
        return out;
    }

    private static boolean truthy(Element e, String attribute) {
        return dev.baton.scheduler.model.ClusterProperties.truthy(e.getAttribute(attribute));
    }
}
