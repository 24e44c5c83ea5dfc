package dev.baton.scheduler;

import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.Role;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live migration (allow-migrate, "Migrating Resources" in Pacemaker Explained) as Pacemaker 2.1.5 decides it: a
 * primitive that moves migrates (migrate_to on its node, migrate_from on the new one, instead of stop and start)
 * when it allows migration, is managed, has not failed, is active on one node that is online and clean, and stays
 * started. A migration does
 * not restart what is ordered after it, and it becomes a plain move when something ordered before it (a mandatory,
 * symmetrical start order, group order included) stops without migrating itself: its migrate_to would then have
 * to wait for a stop that needs it stopped. A clone before it prevents it only when one of the clone's instances
 * stops and starts again (moves or restarts): a clone whose instances only stop or only start lets its dependents
 * migrate. A partial migration in the history (its migrate_to done, active on source and target) continues as a
 * migration when the resource still goes to that target; otherwise it is stopped on both and started again.
 */
final class Migration {
    private final Set<Rsc> migrating = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Whether {@code p} migrates in the plan being made. */
    boolean migrates(Rsc p) {
        return migrating.contains(p);
    }

    /** Every primitive that may migrate by its own state and placement. */
    static Migration candidates(WorkingSet ws, Map<Rsc, Ordering.Steps> steps) {
        Migration m = new Migration();
        for (Rsc p : steps.keySet()) {
            Ordering.Steps s = steps.get(p);
            int cur = p.currentNode();
            // a partial migration continues when it still goes to the node it was migrating to
            boolean partial = p.partialSource >= 0 && p.runningOn.size() == 2 && cur == p.partialSource
                    && p.next == p.partialTarget;
            if (ClusterProperties.truthy(p.meta.get("allow-migrate")) && p.managed() && !p.failed && !p.blocked
                    && (p.runningOn.size() == 1 || partial) && p.next >= 0 && p.next != cur
                    && p.nextRole != Role.PROMOTED
                    && p.role != Role.PROMOTED && s.stop && s.start && !s.startBlocked && !s.frozen
                    && ws.nodes.get(cur).online() && !ws.fencing.unclean(cur)) {
                m.migrating.add(p);
            }
        }
        return m;
    }

    /**
     * Drops the migrations the finished plan does not allow: the primitive no longer stops and starts, or
     * something ordered before it stops without migrating. Returns whether any was dropped (the plan is then
     * made again without them).
     */
    boolean settle(Map<Rsc, Ordering.Steps> steps, List<Ordering.Link> links) {
        boolean dropped = migrating.removeIf(p -> {
            Ordering.Steps s = steps.get(p);
            return !s.stop || !s.start || s.startBlocked;
        });
        for (Ordering.Link l : links) {
            if (!l.mandatory() || !l.symmetrical() || !l.firstAction().equals("start")
                    || !l.thenAction().equals("start")) {
                continue;
            }
            boolean firstStops = l.first().kind == Rsc.Kind.CLONE
                    ? l.first().children.stream().anyMatch(i -> i.primitives().stream()
                            .anyMatch(x -> steps.get(x).stop && steps.get(x).start))
                    : l.first().primitives().stream().anyMatch(x -> steps.get(x).stop && !migrating.contains(x));
            if (firstStops) {
                dropped |= migrating.removeAll(l.then().primitives());
            }
        }
        return dropped;
    }
}
