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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Cib} as the XML crm_simulate -x reads: a pacemaker-3.8 configuration and a status section
 * with node_state, transient attributes and lrm_rsc_op history. {@code execution-date} pins crm_simulate's
 * "now" (date rules, failure-timeout), so the result does not depend on when it runs.
 */
final class CibXml {
    /** Feature set of Pacemaker 2.1.5, the oracle: crm_simulate -S refuses a newer one. */
    static final String FEATURE_SET = "3.16.1";
    /**
     * The op-digest Pacemaker 2.1.5 computes for a primitive without parameters: one-shot operations hash no
     * parameters, recurring ones the default CRM_meta_timeout (20000). Measured with
     * {@code CIB_file=cib.xml crm_resource --digests -r RSC -N NODE [CRM_meta_interval=10000]}; without them
     * crm_simulate restarts every running resource "due to resource definition change".
     */
    static final String DIGEST_ONE_SHOT = "f2317cad3d54cec5d7d7aa7d0bf35cf8";
    static final String DIGEST_RECURRING = "4811cef7f7f94e3a35a70be7916cb2fd";
    private static final String UUID = "d1ff0000-0000-4000-8000-000000000000";

    private final StringBuilder b = new StringBuilder();
    private final Map<String, Integer> ids = new LinkedHashMap<>();

    private CibXml() {
    }

    static String render(Cib cib) {
        return new CibXml().cib(cib);
    }

    private String cib(Cib c) {
        String dc = c.nodes().stream().filter(Node::online).map(n -> String.valueOf(n.id())).findFirst().orElse("");
        b.append("<cib crm_feature_set=\"").append(FEATURE_SET).append("\" validate-with=\"pacemaker-3.8\"")
                .append(" epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\" have-quorum=\"")
                .append(c.quorum() ? 1 : 0).append('"');
        if (!dc.isEmpty()) {
            attr("dc-uuid", dc);
        }
        attr("execution-date", String.valueOf(c.now()));
        b.append(">\n  <configuration>\n    <crm_config>\n");
        nvset("cluster_property_set", "cib-bootstrap-options", c.properties(), "      ");
        b.append("    </crm_config>\n    <nodes>\n");
        for (Node n : c.nodes()) {
            b.append("      <node id=\"").append(n.id()).append("\" uname=\"").append(n.name()).append('"');
            if (n.attributes().isEmpty()) {
                b.append("/>\n");
            } else {
                b.append(">\n");
                nvset("instance_attributes", "nodes-" + n.id(), n.attributes(), "        ");
                b.append("      </node>\n");
            }
        }
        b.append("    </nodes>\n    <resources>\n");
        c.resources().forEach(r -> resource(r, "      "));
        b.append("    </resources>\n    <constraints>\n");
        c.constraints().forEach(this::constraint);
        b.append("    </constraints>\n");
        if (!c.rscDefaults().isEmpty()) {
            b.append("    <rsc_defaults>\n");
            nvset("meta_attributes", "rsc-options", c.rscDefaults(), "      ");
            b.append("    </rsc_defaults>\n");
        }
        b.append("  </configuration>\n  <status>\n");
        for (Node n : c.nodes()) {
            nodeState(n, c.history());
        }
        b.append("  </status>\n</cib>\n");
        return b.toString();
    }

    private void resource(Rsc r, String indent) {
        if (r instanceof Primitive p) {
            b.append(indent).append("<primitive id=\"").append(p.id())
                    .append("\" class=\"ocf\" provider=\"pacemaker\" type=\"").append(p.type()).append("\">\n");
            nvset("meta_attributes", p.id() + "-meta", p.meta(), indent + "  ");
            b.append(indent).append("  <operations>\n");
            for (Op op : p.ops()) {
                b.append(indent).append("    <op");
                attr("id", id(p.id() + "-" + op.name() + "-" + op.intervalSeconds()));
                attr("name", op.name());
                attr("interval", op.intervalSeconds() + "s");
                if (op.role() != null) {
                    attr("role", op.role());
                }
                if (op.onFail() != null) {
                    attr("on-fail", op.onFail());
                }
                b.append("/>\n");
            }
            b.append(indent).append("  </operations>\n").append(indent).append("</primitive>\n");
        } else if (r instanceof Group g) {
            b.append(indent).append("<group id=\"").append(g.id()).append("\">\n");
            nvset("meta_attributes", g.id() + "-meta", g.meta(), indent + "  ");
            g.members().forEach(m -> resource(m, indent + "  "));
            b.append(indent).append("</group>\n");
        } else if (r instanceof Clone c) {
            b.append(indent).append("<clone id=\"").append(c.id()).append("\">\n");
            List<Nv> meta = new ArrayList<>();
            if (c.promotable()) {
                meta.add(new Nv("promotable", "true"));
            }
            meta.addAll(c.meta());
            nvset("meta_attributes", c.id() + "-meta", meta, indent + "  ");
            resource(c.child(), indent + "  ");
            b.append(indent).append("</clone>\n");
        }
    }

    private void constraint(Constraint c) {
        String i = "      ";
        if (c instanceof Location l) {
            b.append(i).append("<rsc_location");
            attr("id", l.id());
            attr("rsc", l.rsc());
            if (l.role() != null) {
                attr("role", l.role());
            }
            attr("node", l.node());
            attr("score", l.score());
            b.append("/>\n");
        } else if (c instanceof RuleLocation l) {
            b.append(i).append("<rsc_location");
            attr("id", l.id());
            attr("rsc", l.rsc());
            b.append(">\n").append(i).append("  <rule");
            attr("id", l.id() + "-rule");
            if (l.role() != null) {
                attr("role", l.role());
            }
            if (l.scoreAttribute() != null) {
                attr("score-attribute", l.scoreAttribute());
            } else {
                attr("score", l.score());
            }
            if (l.booleanOp() != null) {
                attr("boolean-op", l.booleanOp());
            }
            b.append(">\n");
            for (Expression e : l.expressions()) {
                b.append(i).append("    ").append(e.xml().replace("%ID%", id(l.id() + "-expr"))).append('\n');
            }
            b.append(i).append("  </rule>\n").append(i).append("</rsc_location>\n");
        } else if (c instanceof Colocation co) {
            b.append(i).append("<rsc_colocation");
            attr("id", co.id());
            attr("rsc", co.rsc());
            if (co.rscRole() != null) {
                attr("rsc-role", co.rscRole());
            }
            attr("with-rsc", co.withRsc());
            if (co.withRole() != null) {
                attr("with-rsc-role", co.withRole());
            }
            attr("score", co.score());
            b.append("/>\n");
        } else if (c instanceof Order o) {
            b.append(i).append("<rsc_order");
            attr("id", o.id());
            attr("first", o.first());
            if (o.firstAction() != null) {
                attr("first-action", o.firstAction());
            }
            attr("then", o.then());
            if (o.thenAction() != null) {
                attr("then-action", o.thenAction());
            }
            if (o.kind() != null) {
                attr("kind", o.kind());
            }
            if (o.symmetrical() != null) {
                attr("symmetrical", o.symmetrical().toString());
            }
            b.append("/>\n");
        }
    }

    private void nodeState(Node n, List<HistoryOp> history) {
        b.append("    <node_state id=\"").append(n.id()).append("\" uname=\"").append(n.name()).append('"');
        if (n.online()) {
            b.append(" in_ccm=\"true\" crmd=\"online\" crm-debug-origin=\"do_state_transition\" join=\"member\""
                    + " expected=\"member\">\n");
        } else {
            b.append(" in_ccm=\"false\" crmd=\"offline\" crm-debug-origin=\"do_state_transition\" join=\"down\""
                    + " expected=\"down\">\n");
        }
        if (!n.transients().isEmpty()) {
            b.append("      <transient_attributes id=\"").append(n.id()).append("\">\n");
            nvset("instance_attributes", "status-" + n.id(), n.transients(), "        ");
            b.append("      </transient_attributes>\n");
        }
        Map<String, List<HistoryOp>> byRsc = new LinkedHashMap<>();
        for (HistoryOp h : history) {
            if (h.node().equals(n.name())) {
                byRsc.computeIfAbsent(h.rsc(), k -> new ArrayList<>()).add(h);
            }
        }
        if (!byRsc.isEmpty()) {
            b.append("      <lrm id=\"").append(n.id()).append("\">\n        <lrm_resources>\n");
            byRsc.forEach((rsc, ops) -> {
                b.append("          <lrm_resource id=\"").append(rsc).append("\" class=\"ocf\" provider=\"pacemaker\"")
                        .append(" type=\"").append(ops.get(0).stateful() ? "Stateful" : "Dummy").append("\">\n");
                ops.forEach(this::op);
                b.append("          </lrm_resource>\n");
            });
            b.append("        </lrm_resources>\n      </lrm>\n");
        }
        b.append("    </node_state>\n");
    }

    private void op(HistoryOp h) {
        String key = h.callId() + ":1:" + h.expected() + ":" + UUID;
        b.append("            <lrm_rsc_op");
        attr("id", h.id());
        attr("operation_key", h.rsc() + "_" + h.operation() + "_" + h.intervalMs());
        attr("operation", h.operation());
        attr("crm-debug-origin", "do_update_resource");
        attr("crm_feature_set", FEATURE_SET);
        attr("transition-key", key);
        attr("transition-magic", h.pending() ? "-1:193;" + key : h.status() + ":" + h.rc() + ";" + key);
        attr("exit-reason", "");
        attr("on_node", h.node());
        attr("call-id", String.valueOf(h.pending() ? -1 : h.callId()));
        attr("rc-code", String.valueOf(h.pending() ? 193 : h.rc()));
        attr("op-status", String.valueOf(h.status()));
        attr("interval", String.valueOf(h.intervalMs()));
        attr("last-rc-change", String.valueOf(h.lastRcChange()));
        attr("exec-time", "10");
        attr("queue-time", "0");
        attr("op-digest", h.intervalMs() == 0 ? DIGEST_ONE_SHOT : DIGEST_RECURRING);
        b.append("/>\n");
    }

    private void nvset(String tag, String id, List<Nv> pairs, String indent) {
        if (pairs.isEmpty()) {
            return;
        }
        b.append(indent).append('<').append(tag).append(" id=\"").append(id(id)).append("\">\n");
        for (Nv nv : pairs) {
            b.append(indent).append("  <nvpair");
            attr("id", id(id + "-" + nv.name().replace('#', '-')));
            attr("name", nv.name());
            attr("value", nv.value());
            b.append("/>\n");
        }
        b.append(indent).append("</").append(tag).append(">\n");
    }

    /** A document-unique XML id from a base name. */
    private String id(String base) {
        int n = ids.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "-" + n;
    }

    private void attr(String name, String value) {
        b.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    }

    private static String escape(String v) {
        return v.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
