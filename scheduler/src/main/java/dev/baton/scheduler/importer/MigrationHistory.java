package dev.baton.scheduler.importer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * What a live migration recorded in the history (migrate_to on the source, migrate_from on the target) says about
 * the node at the other end, as Pacemaker 2.1.5 unpacks it. A successful migrate_to that still matters leaves the
 * resource active on the source, and: with a successful migrate_from, stopped there (the migration finished);
 * with a failed one, also active (failed) on the target; without one yet, also active on the target, a partial
 * migration that may continue when both nodes are up. When the target cannot count (offline, or newer state
 * there) the source is failed instead. A failed migrate_to leaves the resource active on a target that knows it;
 * a failed migrate_from, active (failed) on a source that knows it. Operations on different nodes are compared
 * by last-rc-change, on one node by call-id.
 */
final class MigrationHistory {
    /** What a successful migrate_to means for the source (its own record) and the target (an added record). */
    enum Source { UNCHANGED, ACTIVE, FAILED, FINISHED }

    record Outcome(Source source, String target, boolean targetFailed, boolean partial) {
    }

    private final Map<String, Map<String, Element>> lrm = new HashMap<>();
    private final Set<String> online;

    MigrationHistory(Map<String, Element> states, Set<String> online) {
        this.online = Set.copyOf(online);
        states.forEach((node, state) -> {
            Map<String, Element> byRsc = new HashMap<>();
            Element resources = CibImporter.child(CibImporter.child(state, "lrm"), "lrm_resources");
            for (Element r : CibImporter.children(resources, "lrm_resource")) {
                byRsc.putIfAbsent(r.getAttribute("id"), r);
            }
            lrm.put(node, byRsc);
        });
    }

    /** A successful migrate_to {@code op} of {@code rsc} on its source. */
    Outcome migrateToSucceeded(String rsc, Element op) {
        String source = op.getAttribute("migrate_source");
        String target = op.getAttribute("migrate_target");
        if (source.isEmpty() || target.isEmpty()) {
            return new Outcome(Source.UNCHANGED, null, false, false);
        }
        boolean sourceNewer = nonMonitorAfter(rsc, source, op, true);
        Element from = find(rsc, "migrate_from", target, "migrate_source", source);
        if (sourceNewer && from != null) {
            return new Outcome(Source.UNCHANGED, null, false, false);
        }
        boolean targetNewer = newerStateAfterMigrate(rsc, target, op, from);
        if (sourceNewer && targetNewer) {
            return new Outcome(Source.UNCHANGED, null, false, false);
        }
        boolean targetCounts = !targetNewer && online.contains(target);
        if (from != null && done(from, 0)) {
            return new Outcome(Source.FINISHED, null, false, false);
        }
        if (from != null && !pending(from)) {
            return targetCounts ? new Outcome(Source.ACTIVE, target, true, false)
                    : new Outcome(Source.FAILED, null, false, false);
        }
        if (targetCounts) {
            return new Outcome(Source.ACTIVE, target, false, online.contains(source));
        }
        return new Outcome(sourceNewer ? Source.ACTIVE : Source.FAILED, null, false, false);
    }

    /** The target where a failed migrate_to {@code op} leaves the resource active too, or null. */
    String migrateToFailed(String rsc, Element op) {
        return otherEnd(rsc, op, true);
    }

    /** The source where a failed migrate_from {@code op} leaves the resource active (failed) too, or null. */
    String migrateFromFailed(String rsc, Element op) {
        return otherEnd(rsc, op, false);
    }

    /** The other end of a failed migrate_to (its target) or migrate_from (its source), if it still counts. */
    private String otherEnd(String rsc, Element op, boolean migrateTo) {
        String source = op.getAttribute("migrate_source");
        String target = op.getAttribute("migrate_target");
        String end = migrateTo ? target : source;
        Element peer = migrateTo ? find(rsc, "migrate_from", target, "migrate_source", source)
                : find(rsc, "migrate_to", source, "migrate_target", target);
        if (peer != null && !done(peer, 0)) {
            peer = null;
        }
        return !end.isEmpty() && !unknown(rsc, end)
                && !newerStateAfterMigrate(rsc, end, migrateTo ? op : peer, migrateTo ? peer : op)
                && online.contains(end) ? end : null;
    }

    private Element resource(String rsc, String node) {
        return lrm.getOrDefault(node, Map.of()).get(rsc);
    }

    private List<Element> ops(String rsc, String node) {
        return CibImporter.children(resource(rsc, node), "lrm_rsc_op");
    }

    private boolean unknown(String rsc, String node) {
        return ops(rsc, node).isEmpty();
    }

    /** The first {@code task} of rsc on node whose {@code attribute} names {@code other}. */
    private Element find(String rsc, String task, String node, String attribute, String other) {
        for (Element op : ops(rsc, node)) {
            if (op.getAttribute("operation").equals(task) && op.getAttribute(attribute).equals(other)) {
                return op;
            }
        }
        return null;
    }

    private static boolean done(Element op, int rc) {
        return intAttr(op, "rc-code", -1) == rc && intAttr(op, "op-status", -1) == 0;
    }

    private static boolean pending(Element op) {
        return intAttr(op, "op-status", 0) == -1;
    }

    private boolean nonMonitorAfter(String rsc, String node, Element event, boolean sameNode) {
        for (Element op : ops(rsc, node)) {
            if (op != event && List.of("start", "stop", "migrate_to", "migrate_from")
                    .contains(op.getAttribute("operation")) && newer(op, event, sameNode)) {
                return true;
            }
        }
        return false;
    }

    private boolean monitorNotRunningAfter(String rsc, String node, Element event, boolean sameNode) {
        for (Element op : ops(rsc, node)) {
            if (op.getAttribute("operation").equals("monitor")) {
                // Pacemaker looks at the first monitor only, and only when it says "not running"
                return done(op, 7) && newer(op, event, sameNode);
            }
        }
        return false;
    }

    private boolean newerStateAfterMigrate(String rsc, String node, Element migrateTo, Element migrateFrom) {
        Element event = migrateFrom != null ? migrateFrom : migrateTo;
        String source = event.getAttribute("migrate_source");
        String target = event.getAttribute("migrate_target");
        boolean sameNode = false;
        if (node.equalsIgnoreCase(target)) {
            sameNode = migrateFrom != null;
            event = migrateFrom != null ? migrateFrom : migrateTo;
        } else if (node.equalsIgnoreCase(source)) {
            sameNode = migrateTo != null;
            event = migrateTo != null ? migrateTo : migrateFrom;
        }
        return nonMonitorAfter(rsc, node, event, sameNode) || monitorNotRunningAfter(rsc, node, event, sameNode);
    }

    /** Whether {@code a} happened after {@code b} (pe__is_newer_op, for finished operations). */
    private static boolean newer(Element a, Element b, boolean sameNodeDefault) {
        String an = a.getAttribute("on_node");
        String bn = b.getAttribute("on_node");
        boolean sameNode = an.isEmpty() || bn.isEmpty() ? sameNodeDefault : an.equalsIgnoreCase(bn);
        long ac = intAttr(a, "call-id", -1);
        long bc = intAttr(b, "call-id", -1);
        if (ac < 0 || bc < 0) {
            return false; // a pending operation: Pacemaker compares transition numbers, not modelled here
        }
        if (sameNode && ac != bc) {
            return ac > bc;
        }
        long al = intAttr(a, "last-rc-change", -1);
        long bl = intAttr(b, "last-rc-change", -1);
        return bl >= 0 && al > bl;
    }

    private static long intAttr(Element e, String name, long fallback) {
        try {
            return Long.parseLong(e.getAttribute(name).trim());
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }
}
