package dev.baton.scheduler.importer;

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
import dev.baton.scheduler.model.TicketConstraint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a Pacemaker CIB (configuration and, when present, the status section) into a {@link ClusterModel}.
 * Elements Baton does not model (bundles, rule-guarded attribute sets outside location rules) are reported in
 * {@link #unsupported()}.
 * Bad values are handled as Pacemaker handles them (see {@link CibReader}): refused ones raise
 * {@link ImportException}, tolerated ones are reported in {@link #warnings()}.
 */
public final class CibImporter {
    private static final List<String> RESOURCE_TAGS = List.of("primitive", "group", "clone", "master", "bundle",
            "template");
    private static final List<String> CONSTRAINT_TAGS = List.of("rsc_location", "rsc_colocation", "rsc_order",
            "rsc_ticket");
    private static final List<String> ACTIONS = List.of("start", "promote", "demote", "stop");

    /** Looking a factory up costs more than parsing a CIB: one, configured once, makes the builders. */
    private static final DocumentBuilderFactory XML = secureFactory();

    private final List<String> unsupported = new ArrayList<>();
    private List<FencingLevel> fencingTopology = List.of();
    /**
     * "Now" for failure-timeout and date rules: the CIB's execution-date (a saved CIB replays at the time it was
     * saved), else the wall clock, as crm_simulate does.
     */
    private long now = System.currentTimeMillis() / 1000;
    private CibReader values;
    /** Every resource element by id, and the top-level ones in configuration order (what rsc-pattern matches). */
    private final Map<String, Element> resourceXml = new LinkedHashMap<>();
    private final List<String> topLevel = new ArrayList<>();
    private Map<String, String> rscDefaults = Map.of();

    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    public static ClusterModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new CibImporter().parse(in);
        }
    }

    /** The configuration's fencing-topology levels, as written (not the scheduler's: see {@link FencingLevel}). */
    public List<FencingLevel> fencingTopology() {
        return fencingTopology;
    }

    public List<String> unsupported() {
        return List.copyOf(unsupported);
    }

    /** Pacemaker's configuration errors for the values it tolerates, as crm_simulate -V prints them. */
    public List<String> warnings() {
        return values == null ? List.of() : values.warnings();
    }

    /**
     * @throws ImportException when the input is not a CIB, or holds a value Pacemaker refuses
     * @throws IOException when {@code in} cannot be read
     */
    public ClusterModel parse(InputStream in) throws IOException {
        Element cib = document(in).getDocumentElement();
        if (cib.getAttribute("execution-date").matches("\\d+")) {
            now = Long.parseLong(cib.getAttribute("execution-date"));
        }
        Element config = child(cib, "configuration");
        if (!cib.getTagName().equals("cib") || config == null) {
            throw new ImportException(cib.getTagName(), null, "not a CIB: no <cib><configuration>");
        }
        values = CibReader.of(cib, config);
        Templates.resolve(config, values);
        Map<String, String> props = nvpairs(child(config, "crm_config"), "cluster_property_set");
        fencingTopology = FencingLevel.fromCib(child(config, "fencing-topology"));
        rscDefaults = nvpairs(child(config, "rsc_defaults"), "meta_attributes");
        indexResources(child(config, "resources"), true);
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
            if (name != null) {
                states.put(name, ns);
            }
        }
        ClusterProperties properties = new ClusterProperties(props);
        boolean stonith = properties.stonithEnabled();
        boolean quorum = "1".equals(cib.getAttribute("have-quorum")) || "true".equals(cib.getAttribute("have-quorum"));
        List<dev.baton.scheduler.model.Node> nodes = new ArrayList<>();
        Map<String, NodeStates> membership = new LinkedHashMap<>();
        // suicide needs fencing, and a cluster that had quorum (no-quorum-panic) [unpack_config]
        boolean suicide = properties.noQuorumPolicy().equals("suicide") && stonith
                && cib.getAttribute("no-quorum-panic").matches("\\s*[+-]?0*[1-9].*");
        Map<String, Element> remoteConfig = new LinkedHashMap<>();
        for (Element n : configNodes) {
            String type = n.getAttribute("type");
            if (type.equals("remote")) {
                remoteConfig.put(uname(n), n);
                continue;
            }
            if (type.equals("ping")) {
                unsupported.add("node " + uname(n) + " of type " + type);
                continue;
            }
            nodes.add(node(n, states.get(uname(n)), properties, !quorum && suicide, membership));
        }

        List<Resource> resources = new ArrayList<>();
        for (Element r : elements(child(config, "resources"))) {
            Resource res = resource(r);
            if (res != null) {
                resources.add(res);
            }
        }
        resources = RemoteNodes.withGuestConnections(resources);
        RemoteNodes remotes = new RemoteNodes(resources);
        // remote nodes are known before the constraints (their rules read their attributes), their state only
        // once the history of their connections is
        Set<String> remoteNames = new java.util.LinkedHashSet<>(remoteConfig.keySet());
        remoteNames.addAll(remotes.names());
        Map<String, Map<String, String>> remoteAttributes = new LinkedHashMap<>();
        Map<String, Map<String, String>> remoteUtilization = new LinkedHashMap<>();
        for (String name : remoteNames) {
            Element entry = remoteConfig.get(name);
            Element state = states.get(name);
            Map<String, String> attrs = new LinkedHashMap<>(entry == null ? Map.of()
                    : nvpairs(entry, "instance_attributes"));
            if (state != null) {
                attrs.putAll(nvpairs(child(state, "transient_attributes"), "instance_attributes"));
            }
            // Pacemaker's built-in node attribute: container for a guest node, remote for a remote node
            attrs.put("#kind", remotes.isGuest(name) ? "container" : "remote");
            remoteAttributes.put(name, attrs);
            remoteUtilization.put(name, entry == null ? Map.of() : nvpairs(entry, "utilization"));
            nodes.add(new dev.baton.scheduler.model.Node(name, false, false, false, false, attrs,
                    remoteUtilization.get(name)));
        }
        Set<String> resourceIds = new HashSet<>();
        collectIds(child(config, "resources"), resourceIds);
        children(child(config, "tags"), "tag").forEach(t -> resourceIds.add(t.getAttribute("id")));

        List<LocationConstraint> locations = new ArrayList<>();
        List<ColocationConstraint> colocations = new ArrayList<>();
        List<OrderConstraint> orders = new ArrayList<>();
        List<TicketConstraint> tickets = new ArrayList<>();
        for (Element c : elements(child(config, "constraints"))) {
            if (values.required(c, "id", "Ignoring <" + c.getTagName() + "> constraint without id") == null) {
                continue;
            }
            switch (c.getTagName()) {
                case "rsc_location" -> location(c, locations, nodes, nodeIdToName, cib.getAttribute("dc-uuid"),
                        resourceIds);
                case "rsc_colocation" -> {
                    if (!children(c, "resource_set").isEmpty()) {
                        colocations.addAll(ResourceSets.colocations(c, values, resourceIds));
                    } else {
                        colocation(c, resourceIds, colocations);
                    }
                }
                case "rsc_order" -> {
                    if (!children(c, "resource_set").isEmpty()) {
                        orders.addAll(ResourceSets.orders(c, values, resourceIds));
                    } else {
                        order(c, resourceIds, orders);
                    }
                }
                case "rsc_ticket" -> tickets.addAll(TicketConstraints.read(c, values, resourceIds));
                default -> {
                    if (!CONSTRAINT_TAGS.contains(c.getTagName())) {
                        values.invalid(c, null, "not a constraint", null);
                    }
                    unsupported.add(c.getTagName() + " " + c.getAttribute("id"));
                }
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
        FailurePolicy policy = new FailurePolicy(resources, rscDefaults, opDefaults, stonith,
                properties.maintenanceMode(), quorum || properties.noQuorumPolicy().equals("ignore"));
        Set<String> online = nodes.stream().filter(dev.baton.scheduler.model.Node::online)
                .map(dev.baton.scheduler.model.Node::name).collect(java.util.stream.Collectors.toSet());
        Map<String, Element> unpacked = NodeStates.unpacked(states, membership,
                stonith || properties.flag("shutdown-lock", false));
        List<ResourceHistory> history = status == null ? List.of() : History.read(unpacked, policy,
                now, compareVersions(cib.getAttribute("crm_feature_set"), "3.0.13") < 0, online);
        List<ResourceHistory> clusterHistory = history.stream().filter(h -> !remoteNames.contains(h.node())).toList();
        List<dev.baton.scheduler.model.Node> withRemoteStates = new ArrayList<>();
        for (dev.baton.scheduler.model.Node n : nodes) {
            String name = n.name();
            dev.baton.scheduler.model.Node node = remotes.isRemote(name) ? remotes.node(name,
                    remoteAttributes.get(name), remoteUtilization.get(name), clusterHistory,
                    connectionMeta(resources, name)) : n;
            if (remoteNames.contains(name)) {
                membership.put(name, new NodeStates(node.online(), false, null));
            }
            withRemoteStates.add(node);
        }
        nodes = withRemoteStates;
        // a remote node's history counts only while its connection is up, or with fencing [unpack_node_history]
        history = history.stream().filter(h -> !remoteNames.contains(h.node()) || stonith
                || remotes.isRemote(h.node()) && remotes.historyRead(h.node(), clusterHistory)).toList();
        if (stonith) {
            nodes = NodeStates.implied(nodes, membership, history, policy, remotes);
        }
        return new ClusterModel(nodes, resources, locations, colocations, orders, properties,
                rscDefaults, opDefaults, history, quorum, now, tickets, TicketConstraints.states(status));
    }

    /**
     * Parses without any DTD, external entity or XInclude (a CIB has none; Pacemaker's libxml2 loads none either):
     * a document that declares one is refused, so nothing outside the input is ever read.
     */
    private static Document document(InputStream in) throws IOException {
        try {
            javax.xml.parsers.DocumentBuilder b;
            synchronized (XML) {
                b = XML.newDocumentBuilder();
            }
            b.setErrorHandler(null); // errors are thrown, not also printed on stderr
            return b.parse(in);
        } catch (SAXParseException e) {
            throw new ImportException("cib", null, "not well-formed XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw new ImportException("cib", null, "not a CIB: " + e.getMessage());
        }
    }

    /** The meta attributes (with rsc_defaults) of the primitive connecting a remote node. */
    private Map<String, String> connectionMeta(List<Resource> resources, String node) {
        Map<String, String> meta = new LinkedHashMap<>(rscDefaults);
        for (Resource r : resources) {
            if (r.id().equals(node)) {
                meta.putAll(r.meta());
            }
        }
        return meta;
    }

    private static String uname(Element n) {
        return n.hasAttribute("uname") ? n.getAttribute("uname") : n.getAttribute("id");
    }

    private dev.baton.scheduler.model.Node node(Element n, Element state, ClusterProperties properties,
                                               boolean suicide, Map<String, NodeStates> membership) {
        Map<String, String> attrs = new LinkedHashMap<>(nvpairs(n, "instance_attributes"));
        Map<String, String> util = nvpairs(n, "utilization");
        if (state != null) {
            attrs.putAll(nvpairs(child(state, "transient_attributes"), "instance_attributes"));
        }
        NodeStates member = NodeStates.of(state, attrs, properties.stonithEnabled(),
                properties.flag("startup-fencing", true), suicide);
        membership.put(uname(n), member);
        boolean standby = ClusterProperties.truthy(attrs.get("standby"));
        boolean maintenance = ClusterProperties.truthy(attrs.get("maintenance"));
        String shutdown = attrs.get("shutdown");
        boolean down = shutdown != null && !shutdown.equals("0") && !shutdown.isBlank();
        // a pending member runs nothing yet: the scheduler sees it as not online
        return new dev.baton.scheduler.model.Node(uname(n), member.online() && !member.pending(), standby,
                maintenance, down, attrs, util, member.unclean());
    }

    private Resource resource(Element r) {
        String id = values.required(r, "id", "Ignoring <" + r.getTagName() + "> resource without ID");
        if (id == null) {
            return null;
        }
        Map<String, String> meta = meta(r);
        switch (r.getTagName()) {
            case "primitive":
                if (r.hasAttribute("template")) {
                    return null; // its template does not exist (Templates reported it): Pacemaker leaves it out
                }
                return primitive(r, meta);
            case "group": {
                List<Primitive> members = new ArrayList<>();
                for (Element m : children(r, "primitive")) {
                    Primitive p = values.required(m, "id", "Ignoring <primitive> resource without ID") == null
                            ? null : primitive(m, meta(m));
                    if (p != null) {
                        members.add(p);
                    }
                }
                if (members.isEmpty()) {
                    // Pacemaker keeps an empty group, which places nothing: Baton leaves it out
                    values.invalid(r, null, "a group needs at least one primitive", null);
                    return null;
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
                    values.invalid(r, null, "a clone needs a primitive or group",
                            "Ignoring <" + r.getTagName() + "> resource '" + id + "' because configuration is invalid");
                    return null;
                }
                Resource child = resource(inner);
                boolean promotable = r.getTagName().equals("master")
                        || ClusterProperties.truthy(meta.get("promotable"));
                return child == null ? null : new Clone(id, child, promotable, meta);
            }
            case "template":
                return null; // only what derives from it is a resource (Templates)
            default:
                if (!RESOURCE_TAGS.contains(r.getTagName())) {
                    values.invalid(r, null, "not a resource",
                            "Ignoring resource '" + id + "' of unknown type '" + r.getTagName() + "'");
                    return null;
                }
                unsupported.add(r.getTagName() + " " + id);
                return null;
        }
    }

    private Primitive primitive(Element p, Map<String, String> meta) {
        values.required(p, "class", null);
        values.required(p, "type", null);
        String targetRole = meta.get("target-role");
        if (targetRole != null && Role.pacemaker(targetRole) == null) {
            values.configError("Ignoring 'target-role' for " + p.getAttribute("id") + " because '" + targetRole
                    + "' is not valid");
            values.configError(UNKNOWN_ROLE + targetRole);
        }
        List<Operation> ops = new ArrayList<>();
        for (Element op : children(child(p, "operations"), "op")) {
            Map<String, String> opMeta = nvpairs(op, "meta_attributes");
            String onFail = attr(op, "on-fail", opMeta.get("on-fail"));
            String name = values.required(op, "name", null);
            values.required(op, "interval", null);
            String role = attr(op, "role", null);
            Role r = values.role(op, "role", true, "Ignoring " + op.getAttribute("id") + " because " + role
                    + " is not a valid role", unknownRole(op, "role"));
            if (role != null && r == null) {
                continue; // Pacemaker ignores the operation
            }
            ops.add(new Operation(name == null ? "" : name, Durations.pacemaker(attr(op, "interval", "0")),
                    attr(op, "timeout", null), r, onFail));
        }
        return new Primitive(p.getAttribute("id"), p.getAttribute("class"), attr(p, "provider", null),
                p.getAttribute("type"), nvpairs(p, "instance_attributes"), meta, ops, nvpairs(p, "utilization"));
    }

    /** What a constraint may name: every resource of the configuration, modelled or not (bundles, templates). */
    private static final String UNKNOWN_ROLE = "Unknown role: ";

    /** What Pacemaker logs for a role it does not know, besides what it does with it. */
    private static String unknownRole(Element e, String attribute) {
        return UNKNOWN_ROLE + e.getAttribute(attribute);
    }

    private void indexResources(Element parent, boolean top) {
        for (Element e : elements(parent)) {
            if (RESOURCE_TAGS.contains(e.getTagName()) && e.hasAttribute("id") && !e.getTagName().equals("template")) {
                resourceXml.putIfAbsent(e.getAttribute("id"), e);
                if (top) {
                    topLevel.add(e.getAttribute("id"));
                }
                indexResources(e, false);
            }
        }
    }

    /** What a rule of a location for {@code rsc} may read of it. */
    private RuleSubject subject(String rsc, List<String> submatches) {
        Element e = resourceXml.get(rsc);
        Map<String, String> meta = new LinkedHashMap<>(rscDefaults);
        if (e != null) {
            meta.putAll(meta(e));
        }
        return new RuleSubject(e, meta, submatches);
    }

    private static void collectIds(Element parent, Set<String> into) {
        for (Element e : elements(parent)) {
            if (RESOURCE_TAGS.contains(e.getTagName()) && e.hasAttribute("id")) {
                into.add(e.getAttribute("id"));
                collectIds(e, into);
            }
        }
    }

    private void colocation(Element c, Set<String> resourceIds, List<ColocationConstraint> out) {
        String rsc = values.resourceRef(c, c, "rsc", resourceIds);
        String with = values.resourceRef(c, c, "with-rsc", resourceIds);
        int score = values.score(c, "score");
        // an unknown role is reported and the constraint applies to every role, as for a location
        Role role = values.role(c, "rsc-role", true, unknownRole(c, "rsc-role"));
        Role withRole = values.role(c, "with-rsc-role", true, unknownRole(c, "with-rsc-role"));
        if (rsc != null && with != null && score != 0) { // Pacemaker ignores a colocation of score 0
            out.add(new ColocationConstraint(c.getAttribute("id"), rsc, with, score, role, withRole));
        }
    }

    private void order(Element c, Set<String> resourceIds, List<OrderConstraint> out) {
        String first = values.resourceRef(c, c, "first", resourceIds);
        String then = values.resourceRef(c, c, "then", resourceIds);
        OrderConstraint.Kind kind = kind(c, values);
        String firstAction = values.choice(c, "first-action", "start", ACTIONS);
        String thenAction = values.choice(c, "then-action", null, ACTIONS);
        boolean symmetrical = values.bool(c, "symmetrical", kind != OrderConstraint.Kind.SERIALIZE);
        boolean requireAll = values.bool(c, "require-all", true);
        if (first != null && then != null) {
            out.add(new OrderConstraint(c.getAttribute("id"), first, then, kind, firstAction, thenAction,
                    symmetrical, requireAll));
        }
    }

    /** kind, or the legacy score (0 = Optional); an unknown kind is Mandatory, as Pacemaker resets it. */
    static OrderConstraint.Kind kind(Element c, CibReader values) {
        if (!c.hasAttribute("kind")) {
            return c.hasAttribute("score") && values.score(c, "score") == 0 ? OrderConstraint.Kind.OPTIONAL
                    : OrderConstraint.Kind.MANDATORY;
        }
        String kind = values.choice(c, "kind", null, List.of("Mandatory", "Optional", "Serialize"));
        return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
            case "optional" -> OrderConstraint.Kind.OPTIONAL;
            case "serialize" -> OrderConstraint.Kind.SERIALIZE;
            case "mandatory" -> OrderConstraint.Kind.MANDATORY;
            default -> {
                values.invalid(c, "kind", "'" + kind + "' is not one of Mandatory, Optional, Serialize",
                        "Resetting 'kind' for constraint " + c.getAttribute("id") + " to 'Mandatory' because '"
                                + kind + "' is not valid");
                yield OrderConstraint.Kind.MANDATORY;
            }
        };
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
                          Map<String, String> nodeIdToName, String dcUuid, Set<String> resourceIds) {
        String id = c.getAttribute("id");
        List<Element> sets = children(c, "resource_set");
        if (!c.hasAttribute("rsc") && sets.isEmpty()) {
            if (!c.hasAttribute("rsc-pattern")) {
                values.invalid(c, "rsc", "required attribute is missing (or rsc-pattern, or a resource_set)", null);
                return;
            }
        }
        // an unknown role is reported and the constraint applies to every role
        Role role = values.role(c, "role", true, "Invalid constraint " + id + ": Bad role " + c.getAttribute("role"),
                unknownRole(c, "role"));
        if (sets.isEmpty() && !c.hasAttribute("rsc")) {
            patternLocation(c, role, out, nodes, nodeIdToName, dcUuid);
            return;
        }
        if (sets.isEmpty()) {
            String rsc = values.resourceRef(c, c, "rsc", resourceIds);
            location(c, rsc, role, c, out, nodes, nodeIdToName, dcUuid, subject(rsc, List.of()));
            return;
        }
        // a set applies the constraint to each member, with the set's role and score where it has them; a member
        // that is not a resource ends the constraint there, as in Pacemaker
        for (Element e : sets) {
            ResourceSets.Set set = ResourceSets.Set.of(c, e, values, resourceIds);
            if (set == null) {
                return;
            }
            for (String member : set.members()) {
                location(c, member, e.hasAttribute("role") ? set.role() : role, e.hasAttribute("score") ? e : c, out,
                        nodes, nodeIdToName, dcUuid, subject(member, List.of()));
            }
        }
    }

    /**
     * rsc-pattern: the constraint applies to each top-level resource whose id the extended regular expression
     * matches (anywhere in the id), its submatches available to the rules; with a leading "!" to each resource it
     * does not match. A pattern that does not compile makes Pacemaker ignore the constraint.
     */
    private void patternLocation(Element c, Role role, List<LocationConstraint> out,
                                 List<dev.baton.scheduler.model.Node> nodes, Map<String, String> nodeIdToName,
                                 String dcUuid) {
        String pattern = c.getAttribute("rsc-pattern");
        boolean invert = pattern.startsWith("!");
        java.util.regex.Pattern regex;
        try {
            regex = java.util.regex.Pattern.compile(invert ? pattern.substring(1) : pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            values.configError("Ignoring constraint '" + c.getAttribute("id")
                    + "' because rsc-pattern has invalid value '" + pattern + "'");
            return;
        }
        for (String rsc : topLevel) {
            java.util.regex.Matcher m = regex.matcher(rsc);
            boolean found = m.find();
            if (found == invert) {
                continue;
            }
            List<String> submatches = new ArrayList<>();
            for (int g = 0; found && g <= m.groupCount(); g++) {
                submatches.add(m.group(g));
            }
            location(c, rsc, role, c, out, nodes, nodeIdToName, dcUuid, subject(rsc, submatches));
        }
    }

    /** One resource's location constraint {@code c}, its score from {@code scored} (the constraint or its set). */
    private void location(Element c, String rsc, Role role, Element scored, List<LocationConstraint> out,
                          List<dev.baton.scheduler.model.Node> nodes, Map<String, String> nodeIdToName,
                          String dcUuid, RuleSubject subject) {
        String id = c.getAttribute("id");
        LocationConstraint.Discovery discovery = discovery(c);
        if (c.hasAttribute("node")) {
            int score = values.score(scored, "score");
            if (rsc != null) {
                out.add(new LocationConstraint(id, rsc, c.getAttribute("node"), score, role, discovery));
            }
            return;
        }
        List<LocationConstraint> expanded = new ArrayList<>();
        try {
            for (Element rule : children(c, "rule")) {
                // the schema does not check a rule's role; Pacemaker ignores a rule whose role it does not know
                Role ruleRole = rule.hasAttribute("role") ? values.role(rule, "role", false, "Bad role specified for "
                        + rule.getAttribute("id") + ": " + rule.getAttribute("role"), unknownRole(rule, "role")) : role;
                // Pacemaker filters a rule's role Started (unlike Unpromoted, or a constraint's own role) against the
                // role the resource is set to have when locations are applied, which is then never Started
                if (rule.hasAttribute("role") && (ruleRole == null || ruleRole == Role.STARTED)) {
                    continue;
                }
                values.choice(rule, "boolean-op", "and", List.of("and", "or"));
                int ruleScore = values.score(rule, "score");
                for (Element e : children(rule, "expression")) {
                    values.choice(e, "operation", null, Rules.OPERATIONS);
                    values.required(e, "attribute", "Expression " + e.getAttribute("id")
                            + " invalid: attribute not specified");
                }
                for (dev.baton.scheduler.model.Node n : nodes) {
                    String nodeId = nodeIdToName.entrySet().stream().filter(e -> e.getValue().equals(n.name()))
                            .map(Map.Entry::getKey).findFirst().orElse(n.name());
                    if (Rules.matches(rule, n, nodeId, nodeId.equals(dcUuid), java.time.Instant.ofEpochSecond(now)
                            .atZone(java.time.ZoneId.systemDefault()), subject)) {
                        expanded.add(new LocationConstraint(id + "/" + rule.getAttribute("id"),
                                rsc, n.name(), Rules.score(rule, n, ruleScore, subject), ruleRole, discovery));
                    }
                }
            }
        } catch (Rules.Unsupported e) {
            unsupported.add("location " + id + ": rule with " + e.getMessage());
            return;
        }
        if (rsc != null) {
            out.addAll(expanded);
        }
    }

    /** resource-discovery: an unknown value is reported and the default (always) applies, as in Pacemaker. */
    private LocationConstraint.Discovery discovery(Element c) {
        String v = values.choice(c, "resource-discovery", "always", List.of("always", "never", "exclusive"));
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "never" -> LocationConstraint.Discovery.NEVER;
            case "exclusive" -> LocationConstraint.Discovery.EXCLUSIVE;
            default -> LocationConstraint.Discovery.ALWAYS;
        };
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

    /**
     * Merges the nvpairs of every {@code setTag} child of {@code parent} as Pacemaker 2.1.5 does: the set with the
     * highest {@code score} wins, among equal scores the later one, and cib-bootstrap-options before any other.
     */
    static Map<String, String> nvpairs(Element parent, String setTag) {
        // rule-guarded sets need rule evaluation, which Baton does not do yet here
        return nvpairs(parent, setTag, set -> false);
    }

    /** Attribute sets merged as Pacemaker does; a set with a rule counts where {@code ruleHolds} says it does. */
    static Map<String, String> nvpairs(Element parent, String setTag, java.util.function.Predicate<Element> ruleHolds) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Element> sets = new ArrayList<>(children(parent, setTag));
        java.util.Collections.reverse(sets);
        sets.sort(java.util.Comparator.comparing((Element s) -> !s.getAttribute("id").equals("cib-bootstrap-options"))
                .thenComparing(s -> -(long) dev.baton.scheduler.Score.pacemaker(s.getAttribute("score"))));
        for (Element set : sets) {
            if (child(set, "rule") != null && !ruleHolds.test(child(set, "rule"))) {
                continue;
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
