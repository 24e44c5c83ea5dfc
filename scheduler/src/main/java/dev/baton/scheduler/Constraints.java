package dev.baton.scheduler;

import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.Role;

/**
 * Turns the model's constraints into score contributions and colocation links on the working resources:
 * location scores, stickiness, migration-threshold bans, target-role, and the implicit colocations of groups.
 */
final class Constraints {
    private final WorkingSet ws;
    /** The resources each colocation was configured between (dependent, primary), to order colocations by. */
    private final java.util.Map<Colocation, Rsc[]> configured = new java.util.IdentityHashMap<>();

    Constraints(WorkingSet ws) {
        this.ws = ws;
    }

    void apply() {
        nodeHealth();
        for (LocationConstraint l : ws.model.locations()) {
            location(l);
        }
        for (Rsc r : ws.top) {
            stickinessAndFailures(r);
            groupColocations(r);
        }
        for (WorkingSet.HardBan b : ws.hardErrors) {
            for (int n = 0; n < ws.nodes.size(); n++) {
                if (b.node() < 0 || b.node() == n) {
                    ban(b.resource(), n, b.reason());
                }
            }
        }
        for (ColocationConstraint c : ws.colocations()) {
            colocation(c);
        }
    }

    /** Node health is a location score of every top-level resource, before the configured ones (as Pacemaker). */
    private void nodeHealth() {
        NodeHealth health = new NodeHealth(ws.model.properties());
        if (!health.active()) {
            return;
        }
        for (int n = 0; n < ws.nodes.size(); n++) {
            int h = health.of(ws.nodes.get(n));
            if (h == 0) {
                continue;
            }
            for (Rsc r : ws.top) {
                if (NodeHealth.constrains(r, h)) {
                    addToTree(r, n, h, health.reason());
                }
            }
        }
    }

    /** A location constraint adds its score on its node to the resource and everything inside it. */
    void location(LocationConstraint l) {
        Rsc r = ws.find(l.resource());
        Integer node = ws.nodeIndex.get(l.node());
        if (r == null || node == null) {
            return;
        }
        if (l.role() == Role.PROMOTED) {
            Rsc clone = r.owningClone() != null ? r.owningClone() : r;
            clone.promotedLocations.add(l);
            return;
        }
        addToTree(r, node, l.score(), "location " + l.id());
    }

    private void addToTree(Rsc r, int node, int score, String reason) {
        if (!ws.symmetric && r.scores.score[node] == Score.MINUS_INFINITY && !r.scores.listed(node)) {
            r.scores.set(node, score, reason);
            r.scores.list(node);
        } else {
            r.scores.add(node, score, reason);
        }
        // in a colocated group only the first member carries the score (the others follow it, and their
        // preferences reach it through the group's colocations); the others are merely allowed there
        boolean firstOnly = r.kind == Rsc.Kind.GROUP
                && dev.baton.scheduler.model.ClusterProperties.bool(r.meta.get("collocated"), true);
        for (int i = 0; i < r.children.size(); i++) {
            addToTree(r.children.get(i), node, firstOnly && i > 0 ? 0 : score, reason);
        }
    }

    /**
     * Stickiness: a managed resource prefers the node it runs on. migration-threshold: a resource whose
     * fail-count on a node reached it is banned there (an anonymous clone is banned as a whole).
     */
    private void stickinessAndFailures(Rsc r) {
        for (Rsc c : r.children) {
            stickinessAndFailures(c);
        }
        if (r.kind != Rsc.Kind.PRIMITIVE) {
            return;
        }
        if (!r.managed() || ws.everythingUnmanaged || r.blocked) {
            // what the cluster does not manage (is-managed=false, maintenance, blocked by a failure) is pinned
            // where it is found active: its dependents' preferences carry that into their primaries' placement
            // [native_add_running: "not_managed_default"]
            for (int node : r.runningOn) {
                if (!ws.symmetric && !r.scores.listed(node)) {
                    r.scores.set(node, Score.INFINITY, "not managed");
                    r.scores.list(node);
                } else {
                    r.scores.add(node, Score.INFINITY, "not managed");
                }
            }
        }
        int stickiness = r.stickiness();
        if (r.managed() && stickiness != 0 && r.runningOn.size() == 1) {
            int node = r.runningOn.get(0);
            if (ws.symmetric || r.scores.listed(node)) {
                r.scores.add(node, stickiness, "stickiness");
            }
        }
        int threshold = r.failureIgnored ? 0 : r.migrationThreshold();
        for (int n = 0; n < ws.nodes.size(); n++) {
            int fc = ws.failCount(r, n);
            if (threshold > 0 && fc > 0 && fc >= threshold) {
                Rsc banned = r.owningClone() != null && !r.owningClone().uniqueClone ? r.owningClone() : r;
                ban(banned, n, "fail-count " + fc + " reached migration-threshold " + Score.format(threshold));
            }
        }
    }

    private void ban(Rsc r, int node, String reason) {
        r.scores.add(node, Score.MINUS_INFINITY, reason);
        for (Rsc c : r.children) {
            ban(c, node, reason);
        }
    }

    /** Group members are colocated with the member before them. */
    private void groupColocations(Rsc r) {
        for (Rsc c : r.children) {
            groupColocations(c);
        }
        if (r.kind == Rsc.Kind.GROUP && dev.baton.scheduler.model.ClusterProperties.bool(r.meta.get("collocated"), true)) {
            for (int i = 1; i < r.children.size(); i++) {
                link(new Colocation(r.id + ":internal", r.children.get(i), r.children.get(i - 1), Score.INFINITY,
                        null, null), r.children.get(i), r.children.get(i - 1), r.children.get(i - 1));
            }
        }
    }

    /**
     * A group as dependent is placed through its first member; as primary, the dependent follows its last
     * member when mandatory (the whole group must be up) and its first member otherwise, and the dependent's
     * preferences flow back through the last member.
     */
    void colocation(ColocationConstraint c) {
        Rsc dependent = ws.find(c.resource());
        Rsc primary = ws.find(c.withResource());
        if (dependent == null || primary == null || dependent == primary) {
            return;
        }
        Rsc d = dependent.kind == Rsc.Kind.GROUP && dependent.parent == null ? dependent.firstMember() : dependent;
        Rsc p = primary;
        if (primary.kind == Rsc.Kind.GROUP && primary.parent == null) {
            p = c.score() >= Score.INFINITY ? primary.lastMember() : primary.firstMember();
        }
        link(new Colocation(c.id(), d, p, c.score(), c.role(), c.withRole()), dependent, primary,
                primary.lastMember());
        if (d != dependent && !d.managed()) {
            // an unmanaged first member stays put whatever the colocation says; the members after it must
            // still satisfy it
            for (Rsc m : dependent.children.subList(1, dependent.children.size())) {
                link(new Colocation(c.id(), m, p, c.score(), c.role(), c.withRole()), dependent, primary,
                        primary.lastMember());
            }
        }
    }

    /**
     * Colocations are considered in Pacemaker's order of the other side (as configured: a group, not the member
     * standing in for it): higher priority first, then clones before groups before primitives, promotable clones
     * first, then by id; of colocations with the same resource the last configured comes first (a sorted insert
     * goes before its equals).
     */
    private void link(Colocation c, Rsc dependent, Rsc primary, Rsc influenced) {
        configured.put(c, new Rsc[] {dependent, primary});
        insertSorted(c.dependent().thisWith, c, 1);
        insertSorted(influenced.withThis, c, 0);
    }

    private void insertSorted(java.util.List<Colocation> list, Colocation c, int side) {
        Rsc r = configured.get(c)[side];
        int i = list.size();
        while (i > 0 && ORDER.compare(configured.get(list.get(i - 1))[side], r) >= 0) {
            i--;
        }
        list.add(i, c);
    }

    private static final java.util.Comparator<Rsc> ORDER = java.util.Comparator
            .comparingInt((Rsc r) -> -r.priority())
            .thenComparingInt(r -> -r.kind.ordinal())
            .thenComparingInt(r -> r.isPromotableClone ? 0 : 1)
            .thenComparing(r -> r.id);
}
