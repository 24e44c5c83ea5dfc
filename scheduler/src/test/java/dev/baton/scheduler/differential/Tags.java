package dev.baton.scheduler.differential;

import dev.baton.scheduler.differential.Cib.Clone;
import dev.baton.scheduler.differential.Cib.Colocation;
import dev.baton.scheduler.differential.Cib.Constraint;
import dev.baton.scheduler.differential.Cib.Expression;
import dev.baton.scheduler.differential.Cib.Group;
import dev.baton.scheduler.differential.Cib.HistoryOp;
import dev.baton.scheduler.differential.Cib.Location;
import dev.baton.scheduler.differential.Cib.Node;
import dev.baton.scheduler.differential.Cib.Nv;
import dev.baton.scheduler.differential.Cib.Op;
import dev.baton.scheduler.differential.Cib.Order;
import dev.baton.scheduler.differential.Cib.Primitive;
import dev.baton.scheduler.differential.Cib.Rsc;
import dev.baton.scheduler.differential.Cib.RuleLocation;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The generator features a cluster uses, read off the cluster itself (so a minimized case has its own). */
final class Tags {
    private Tags() {
    }

    static SortedSet<String> of(Cib c) {
        SortedSet<String> t = new TreeSet<>();
        for (Rsc r : c.resources()) {
            if (r instanceof Primitive) {
                t.add("primitive");
            } else if (r instanceof Group) {
                t.add("group");
            } else if (r instanceof Clone cl) {
                t.add(cl.promotable() ? "promotable" : cl.child() instanceof Group ? "clone_of_group" : "clone");
                for (Nv nv : cl.meta()) {
                    switch (nv.name()) {
                        case "clone-max", "clone-node-max", "promoted-max" -> t.add("clone_limits");
                        case "interleave" -> t.add("clone_interleave");
                        default -> { }
                    }
                }
            }
            meta(r.meta(), t);
            if (r instanceof Clone cl && !(cl.child() instanceof Primitive)) {
                meta(cl.child().meta(), t);
            }
            for (Primitive p : r.primitives()) {
                if (p != r) {
                    meta(p.meta(), t);
                }
                for (Op op : p.ops()) {
                    if (op.onFail() != null) {
                        t.add("on_fail_" + op.onFail());
                    }
                }
            }
        }
        meta(c.rscDefaults(), t);
        for (Constraint k : c.constraints()) {
            constraint(k, t);
        }
        for (Node n : c.nodes()) {
            if (!n.online()) {
                t.add("offline_node");
            }
            for (Nv a : n.attributes()) {
                if (a.name().equals("standby")) {
                    t.add("standby");
                }
            }
            for (Nv a : n.transients()) {
                if (a.name().equals("shutdown")) {
                    t.add("node_shutdown");
                } else if (a.name().startsWith("fail-count-")) {
                    t.add("fail_counts");
                } else if (a.name().startsWith("master-")) {
                    t.add("promotion_scores");
                }
            }
        }
        if (!c.quorum()) {
            t.add("quorum_lost");
            String policy = c.properties().stream().filter(p -> p.name().equals("no-quorum-policy"))
                    .map(Nv::value).findFirst().orElse("stop");
            t.add("no_quorum_" + policy);
        }
        for (HistoryOp h : c.history()) {
            t.add("op_history");
            if (h.pending()) {
                t.add("pending_ops");
            } else if (h.failed()) {
                t.add("failed_ops");
                t.add("failed_" + (h.probe() ? "probe" : h.operation()));
                t.add("failed_rc_" + h.rc());
                if (h.status() == 2) {
                    t.add("op_timeout");
                } else if (h.status() == 4) {
                    t.add("op_status_error");
                }
            } else if (h.probe() && h.rc() != 7) {
                t.add("probe_found_active");
            }
        }
        return t;
    }

    private static void meta(List<Nv> meta, SortedSet<String> t) {
        for (Nv nv : meta) {
            switch (nv.name()) {
                case "resource-stickiness" -> t.add("stickiness");
                case "migration-threshold" -> t.add("migration_threshold");
                case "failure-timeout" -> t.add("failure_timeout");
                case "target-role" -> t.add("target_role");
                case "is-managed" -> t.add("is_managed");
                default -> { }
            }
        }
    }

    private static void constraint(Constraint k, SortedSet<String> t) {
        if (k instanceof Location l) {
            t.add("location");
            if (l.role() != null) {
                t.add("location_role");
            }
        } else if (k instanceof RuleLocation l) {
            t.add("location_rule");
            if (l.role() != null) {
                t.add("location_role");
            }
            if (l.scoreAttribute() != null) {
                t.add("rule_score_attribute");
            }
            if ("or".equals(l.booleanOp())) {
                t.add("rule_or");
            }
            for (Expression e : l.expressions()) {
                t.add(e.tag());
            }
        } else if (k instanceof Colocation co) {
            t.add("colocation");
            if (co.rscRole() != null || co.withRole() != null) {
                t.add("colocation_role");
            }
            if (co.score().startsWith("-")) {
                t.add("anti_colocation");
            }
        } else if (k instanceof Order o) {
            t.add("order");
            if (o.kind() != null && !o.kind().equals("Mandatory")) {
                t.add("order_" + o.kind().toLowerCase(java.util.Locale.ROOT));
            }
            if (o.firstAction() != null || o.thenAction() != null) {
                t.add("order_actions");
            }
            if (Boolean.FALSE.equals(o.symmetrical())) {
                t.add("order_asymmetric");
            }
        }
    }
}
