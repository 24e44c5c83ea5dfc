package dev.baton.scheduler.importer;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.LocationConstraint;

import dev.baton.scheduler.model.Operation;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.xml.sax.SAXException;

/**
 * Reads a Pacemaker CIB (configuration and, when present, the status section) into a {@link ClusterModel}.
 * Elements Baton does not model (rules, resource sets, templates, tickets) are reported in {@link #unsupported()}.
 */
public final class CibImporter {
    private final List<String> unsupported = new ArrayList<>();
    /**
     * "Now" for failure-timeout and date rules: the CIB's execution-date (a saved CIB replays at the time it was
     * saved), else the wall clock, as crm_simulate does.
     */
    private long now = System.currentTimeMillis() / 1000;

    public static ClusterModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new CibImporter().parse(in);
        }
    }

    public List<String> unsupported() {
        return List.copyOf(unsupported);
    }

    public ClusterModel parse(InputStream in) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(in);
        } catch (SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IOException("not a CIB: " + e.getMessage(), e);
        }
        Element cib = doc.getDocumentElement();
        if (cib.getAttribute("execution-date").matches("\\d+")) {
            now = Long.parseLong(cib.getAttribute("execution-date"));
        }
        Element config = child(cib, "configuration");
        if (config == null) {
            throw new IOException("not a CIB: no <configuration>");
        }
        Map<String, String> props = nvpairs(child(config, "crm_config"), "cluster_property_set");
        Map<String, String> rscDefaults = nvpairs(child(config, "rsc_defaults"), "meta_attributes");
        Map<String, String> opDefaults = nvpairs(child(config, "op_defaults"), "meta_attributes");

        Element status = child(cib, "status");
        Map<String, String> nodeIdToName = new LinkedHashMap<>();
        List<Element> configNodes = children(child(config, "nodes"), "node");
        for (Element n : configNodes) {
            nodeIdToName.put(n.getAttribute("id"), uname(n));
        }
        Map<String, Element> states = new LinkedHashMap<>();
        for (Element ns : children(status, "node_state")) {
            String name = ns.hasAttribute("uname") ? ns.getAttribute("uname") : nodeIdToName.get(ns.getAttribute("id"));
            states.put(name, ns);
        }
        boolean stonith = new ClusterProperties(props).stonithEnabled();
        List<dev.baton.scheduler.model.Node> nodes = new ArrayList<>();
        for (Element n : configNodes) {
            String type = n.getAttribute("type");
            if (type.equals("remote") || type.equals("ping")) {
                unsupported.add("node " + uname(n) + " of type " + type);
                continue;
            }
            nodes.add(node(n, states.get(uname(n)), stonith));
        }

        List<Resource> resources = new ArrayList<>();
        for (Element r : elements(child(config, "resources"))) {
            Resource res = resource(r, opDefaults);
            if (res != null) {
                resources.add(res);
            }
        }

        List<LocationConstraint> locations = new ArrayList<>();
        List<ColocationConstraint> colocations = new ArrayList<>();
        List<OrderConstraint> orders = new ArrayList<>();
        for (Element c : elements(child(config, "constraints"))) {
            switch (c.getTagName()) {
                case "rsc_location" -> location(c, locations, nodes, nodeIdToName, cib.getAttribute("dc-uuid"));
                case "rsc_colocation" -> {
                    if (!children(c, "resource_set").isEmpty()) {
                        colocations.addAll(ResourceSets.colocations(c));
                    } else {
                        colocations.add(new ColocationConstraint(c.getAttribute("id"), c.getAttribute("rsc"),
                                c.getAttribute("with-rsc"), Score.parse(attr(c, "score", "0")),
                                Role.parse(attr(c, "rsc-role", null)), Role.parse(attr(c, "with-rsc-role", null))));
                    }
                }
                case "rsc_order" -> {
                    if (!children(c, "resource_set").isEmpty()) {
                        orders.addAll(ResourceSets.orders(c));
                    } else {
                        orders.add(new OrderConstraint(c.getAttribute("id"), c.getAttribute("first"),
                                c.getAttribute("then"),
                                OrderConstraint.kindOf(attr(c, "kind", null), attr(c, "score", null)),
                                attr(c, "first-action", "start"), attr(c, "then-action", null),
                                ClusterProperties.bool(attr(c, "symmetrical", null), true),
                                ClusterProperties.bool(attr(c, "require-all", null), true)));
                    }
                }
                default -> unsupported.add(c.getTagName() + " " + c.getAttribute("id"));
            }
        }
        org.w3c.dom.NodeList rules = cib.getElementsByTagName("rule");
        for (int i = 0; i < rules.getLength(); i++) {
            Element rule = (Element) rules.item(i);
            String parent = ((Element) rule.getParentNode()).getTagName();
            if (!parent.equals("rsc_location") && !parent.equals("rule")) {
                unsupported.add("rule-guarded " + parent + " " + ((Element) rule.getParentNode()).getAttribute("id")
                        + " (its attributes are not used)");
            }
        }
        List<ResourceHistory> history = status == null ? List.of() : History.read(states,
                new FailurePolicy(resources, rscDefaults, opDefaults, stonith), now,
                compareVersions(cib.getAttribute("crm_feature_set"), "3.0.13") < 0);
        boolean quorum = "1".equals(cib.getAttribute("have-quorum")) || "true".equals(cib.getAttribute("have-quorum"));
        return new ClusterModel(nodes, resources, locations, colocations, orders, new ClusterProperties(props),
                rscDefaults, opDefaults, history, quorum, now);
    }

    private static String uname(Element n) {
        return n.hasAttribute("uname") ? n.getAttribute("uname") : n.getAttribute("id");
    }

    private dev.baton.scheduler.model.Node node(Element n, Element state, boolean stonith) {
        Map<String, String> attrs = new LinkedHashMap<>(nvpairs(n, "instance_attributes"));
        Map<String, String> util = nvpairs(n, "utilization");
        boolean online = false;
        if (state != null) {
            attrs.putAll(nvpairs(child(state, "transient_attributes"), "instance_attributes"));
            online = History.online(state, stonith);
        }
        boolean standby = ClusterProperties.truthy(attrs.get("standby"));
        boolean maintenance = ClusterProperties.truthy(attrs.get("maintenance"));
        String shutdown = attrs.get("shutdown");
        boolean down = shutdown != null && !shutdown.equals("0") && !shutdown.isBlank();
        return new dev.baton.scheduler.model.Node(uname(n), online, standby, maintenance, down, attrs, util);
    }

    private Resource resource(Element r, Map<String, String> opDefaults) {
        String id = r.getAttribute("id");
        Map<String, String> meta = meta(r);
        switch (r.getTagName()) {
            case "primitive":
                if (r.hasAttribute("template")) {
                    unsupported.add("template reference in " + id);
                    return null;
                }
                return primitive(r, meta);
            case "group": {
                List<Primitive> members = new ArrayList<>();
                for (Element m : children(r, "primitive")) {
                    members.add(primitive(m, meta(m)));
                }
                return new Group(id, members, meta);
            }
            case "clone":
            case "master": {
                Element inner = null;
                for (Element e : elements(r)) {
                    if (e.getTagName().equals("primitive") || e.getTagName().equals("group")) {
                        inner = e;
                    }
                }
                if (inner == null) {
                    unsupported.add("empty clone " + id);
                    return null;
                }
                Resource child = resource(inner, opDefaults);
                boolean promotable = r.getTagName().equals("master")
                        || ClusterProperties.truthy(meta.get("promotable"));
                return child == null ? null : new Clone(id, child, promotable, meta);
            }
            default:
                unsupported.add(r.getTagName() + " " + id);
                return null;
        }
    }

    private Primitive primitive(Element p, Map<String, String> meta) {
        List<Operation> ops = new ArrayList<>();
        for (Element op : children(child(p, "operations"), "op")) {
            Map<String, String> opMeta = nvpairs(op, "meta_attributes");
            String onFail = attr(op, "on-fail", opMeta.get("on-fail"));
            ops.add(new Operation(op.getAttribute("name"), Durations.toMillis(attr(op, "interval", "0")),
                    attr(op, "timeout", null), Role.parse(attr(op, "role", null)), onFail));
        }
        return new Primitive(p.getAttribute("id"), p.getAttribute("class"), attr(p, "provider", null),
                p.getAttribute("type"), nvpairs(p, "instance_attributes"), meta, ops, nvpairs(p, "utilization"));
    }

    /** Meta attributes; like Pacemaker, instance attributes are a fallback for meta names (old CIBs). */
    private static Map<String, String> meta(Element r) {
        Map<String, String> meta = new LinkedHashMap<>(nvpairs(r, "instance_attributes"));
        meta.putAll(nvpairs(r, "meta_attributes"));
        return meta;
    }

    /**
     * A location with a node becomes one constraint; one with rules becomes a constraint per node and
     * matching rule (the model has no rules: node attributes are known here, so they are evaluated here).
     */
    private void location(Element c, List<LocationConstraint> out, List<dev.baton.scheduler.model.Node> nodes,
                          Map<String, String> nodeIdToName, String dcUuid) {
        String id = c.getAttribute("id");
        if (!c.hasAttribute("rsc")) {
            unsupported.add("location " + id + " without rsc (pattern or set)");
            return;
        }
        Role role = Role.parse(attr(c, "role", null));
        if (c.hasAttribute("node")) {
            out.add(new LocationConstraint(id, c.getAttribute("rsc"), c.getAttribute("node"),
                    Score.parse(attr(c, "score", "0")), role));
            return;
        }
        List<LocationConstraint> expanded = new ArrayList<>();
        try {
            for (Element rule : children(c, "rule")) {
                Role ruleRole = rule.hasAttribute("role") ? Role.parse(rule.getAttribute("role")) : role;
                for (dev.baton.scheduler.model.Node n : nodes) {
                    String nodeId = nodeIdToName.entrySet().stream().filter(e -> e.getValue().equals(n.name()))
                            .map(Map.Entry::getKey).findFirst().orElse(n.name());
                    if (Rules.matches(rule, n, nodeId, nodeId.equals(dcUuid), java.time.Instant.ofEpochSecond(now)
                            .atZone(java.time.ZoneId.systemDefault()))) {
                        expanded.add(new LocationConstraint(id + "/" + rule.getAttribute("id"),
                                c.getAttribute("rsc"), n.name(), Rules.score(rule, n), ruleRole));
                    }
                }
            }
        } catch (Rules.Unsupported e) {
            unsupported.add("location " + id + ": rule with " + e.getMessage());
            return;
        }
        out.addAll(expanded);
    }

    /** Dotted version comparison ("3.0.9" < "3.0.13"); missing parts count as 0. */
    static int compareVersions(String a, String b) {
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            int x = i < pa.length ? leadingInt(pa[i]) : 0;
            int y = i < pb.length ? leadingInt(pb[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int leadingInt(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(s.substring(0, i));
    }

    static String attr(Element e, String name, String fallback) {
        return e.hasAttribute(name) ? e.getAttribute(name) : fallback;
    }

    /** Merges the nvpairs of every {@code setTag} child of {@code parent}; earlier sets win, as in Pacemaker. */
    static Map<String, String> nvpairs(Element parent, String setTag) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element set : children(parent, setTag)) {
            if (child(set, "rule") != null) {
                continue; // rule-guarded sets need rule evaluation, which Baton does not do yet
            }
            for (Element nv : children(set, "nvpair")) {
                out.putIfAbsent(nv.getAttribute("name"), nv.getAttribute("value"));
            }
        }
        return out;
    }

    static Element child(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Element e : elements(parent)) {
            if (e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
