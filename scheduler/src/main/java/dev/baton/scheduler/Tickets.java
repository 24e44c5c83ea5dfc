package dev.baton.scheduler;

import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.Ticket;
import dev.baton.scheduler.model.TicketConstraint;
import dev.baton.scheduler.model.TicketConstraint.LossPolicy;

/**
 * Ticket dependencies (rsc_ticket, "Multi-Site Clusters" in Pacemaker Explained) as Pacemaker 2.1.5 applies them.
 * A ticket that is granted and not in standby changes nothing. Otherwise, for each primitive of the dependent
 * resource (each clone instance on its own):
 * <ul>
 * <li>revoked while the primitive runs: loss-policy stop bans it everywhere; demote bans it unless the dependency is
 * on the Promoted role (then only promotion is lost); fence bans it and fences the nodes it runs on
 * ({@link Fencing}; stonith-enabled=false makes fence a stop); freeze leaves it where and as it is (blocked) if its current role is the dependency's;
 * <li>revoked while it does not run, or in standby: it is banned, unless the dependency is on the Promoted role
 * with a loss-policy other than stop;
 * </ul>
 * and a promotable clone whose Promoted role depends on such a ticket promotes no instance.
 */
final class Tickets {
    private final WorkingSet ws;

    Tickets(WorkingSet ws) {
        this.ws = ws;
    }

    void apply() {
        for (TicketConstraint c : ws.model.ticketConstraints()) {
            Ticket t = ws.model.tickets().getOrDefault(c.ticket(), new Ticket(c.ticket(), false, false));
            Rsc r = ws.find(c.resource());
            if (r == null || t.granted() && !t.standby()) {
                continue;
            }
            LossPolicy policy = policy(c);
            for (Rsc p : r.primitives()) {
                apply(c, t, policy, p);
            }
            Rsc clone = r.owningClone() != null ? r.owningClone() : r;
            if (c.role() == Role.PROMOTED && clone.isPromotableClone) {
                for (var n : ws.nodes) {
                    clone.promotedLocations.add(new LocationConstraint(c.id(), clone.id, n.name(), Score.MINUS_INFINITY,
                            Role.PROMOTED));
                }
            }
        }
    }

    /** The loss-policy as Pacemaker resolves it: the role's default, and fence only where fencing is enabled. */
    private LossPolicy policy(TicketConstraint c) {
        if (c.lossPolicy() == LossPolicy.FENCE && !ws.model.properties().stonithEnabled()) {
            return LossPolicy.STOP;
        }
        if (c.lossPolicy() != null) {
            return c.lossPolicy();
        }
        return c.role() == Role.PROMOTED ? LossPolicy.DEMOTE : LossPolicy.STOP;
    }

    private void apply(TicketConstraint c, Ticket t, LossPolicy policy, Rsc p) {
        String why = "ticket " + t.id() + (t.granted() ? " in standby" : " not granted");
        boolean roleMatches = c.role() == null || c.role() == p.role;
        if (!t.granted() && !p.runningOn.isEmpty()) {
            switch (policy) {
                case STOP -> ban(p, why);
                case DEMOTE -> {
                    if (c.role() != Role.PROMOTED) {
                        ban(p, why);
                    }
                }
                case FENCE -> {
                    if (roleMatches) {
                        ban(p, why);
                        p.runningOn.forEach(n -> ws.fencing.fence(n, "deadman ticket was lost"));
                    }
                }
                case FREEZE -> {
                    if (roleMatches) {
                        p.blocked = true;
                    }
                }
                default -> throw new IllegalStateException(policy.toString());
            }
        } else if (c.role() != Role.PROMOTED || policy == LossPolicy.STOP) {
            ban(p, why);
        }
    }

    private void ban(Rsc p, String why) {
        ws.hardErrors.add(new WorkingSet.HardBan(p, -1, why));
    }
}
