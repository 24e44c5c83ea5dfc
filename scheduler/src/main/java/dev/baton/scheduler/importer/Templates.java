package dev.baton.scheduler.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Resource templates and tags ("Reusing Parts of the Configuration" in Pacemaker Explained), resolved in the
 * configuration before it is read, the way Pacemaker 2.1.5 unpacks them:
 * <ul>
 * <li>a {@code <primitive template="T">} is T's definition (class, provider, type, attribute sets, operations)
 * under the primitive's id, with the primitive's own children added after T's, so that its attribute sets take
 * precedence; its operations replace T's of the same name and role (Started and Unpromoted count as none);
 * <li>a template in a constraint stands for the primitives derived from it, a tag for the ids it lists: inside a
 * resource set the reference is replaced by them, in place; as {@code rsc}, {@code with-rsc}, {@code first} or
 * {@code then} that side becomes a non-sequential set of them (with the side's role or action), and the other
 * side of a colocation or order a set of its one resource.
 * </ul>
 * Runs after the id check ({@link CibReader#of}): the sets it makes reuse the template's or tag's id.
 */
final class Templates {
    private final Element config;
    /** Template or tag id → the ids it stands for, in configuration order. */
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, Element> templates = new LinkedHashMap<>();

    private Templates(Element config) {
        this.config = config;
    }

    static void resolve(Element config, CibReader values) {
        Templates t = new Templates(config);
        t.collect(values);
        if (!t.members.isEmpty()) {
            t.expandConstraints(values);
        }
    }

    private void collect(CibReader values) {
        Element resources = CibImporter.child(config, "resources");
        for (Element t : CibImporter.children(resources, "template")) {
            templates.put(t.getAttribute("id"), t);
            members.put(t.getAttribute("id"), new ArrayList<>());
        }
        org.w3c.dom.NodeList primitives = resources == null ? null : resources.getElementsByTagName("primitive");
        for (int i = 0; primitives != null && i < primitives.getLength(); i++) {
            Element p = (Element) primitives.item(i);
            if (!p.hasAttribute("template")) {
                continue;
            }
            Element template = templates.get(p.getAttribute("template"));
            if (template == null) {
                // Pacemaker cannot unpack the primitive and leaves it out (its template attribute stays: the reader
                // skips it)
                values.configError("No template named '" + p.getAttribute("template") + "'");
                continue;
            }
            derive(p, template);
            members.get(template.getAttribute("id")).add(p.getAttribute("id"));
        }
        for (Element tag : CibImporter.children(CibImporter.child(config, "tags"), "tag")) {
            members.put(tag.getAttribute("id"), CibImporter.children(tag, "obj_ref").stream()
                    .map(r -> r.getAttribute("id")).toList());
        }
    }

    /** The primitive becomes the template's definition under its own id, its own children after the template's. */
    private static void derive(Element p, Element template) {
        for (String a : List.of("class", "provider", "type")) {
            if (template.hasAttribute(a)) {
                p.setAttribute(a, template.getAttribute(a));
            } else {
                p.removeAttribute(a);
            }
        }
        p.removeAttribute("template");
        Element ownOps = CibImporter.child(p, "operations");
        org.w3c.dom.Node first = p.getFirstChild();
        for (Element c : CibImporter.elements(template)) {
            if (c.getTagName().equals("operations") && ownOps != null) {
                List<String> own = CibImporter.children(ownOps, "op").stream().map(Templates::opKey).toList();
                for (Element op : CibImporter.children(c, "op")) {
                    if (!own.contains(opKey(op))) {
                        ownOps.appendChild(op.cloneNode(true));
                    }
                }
                continue;
            }
            p.insertBefore(c.cloneNode(true), first);
        }
    }

    private static String opKey(Element op) {
        String role = op.getAttribute("role");
        boolean plain = role.isEmpty() || role.equalsIgnoreCase("Started") || role.equalsIgnoreCase("Unpromoted")
                || role.equalsIgnoreCase("Slave");
        return op.getAttribute("name") + "-" + (plain ? "" : role);
    }

    private void expandConstraints(CibReader values) {
        for (Element c : CibImporter.elements(CibImporter.child(config, "constraints"))) {
            List<Element> sets = CibImporter.children(c, "resource_set");
            if (!sets.isEmpty()) {
                sets.forEach(this::expandSet);
                continue;
            }
            switch (c.getTagName()) {
                case "rsc_colocation" -> sides(c, values, "rsc", "rsc-role", "with-rsc", "with-rsc-role", "role");
                case "rsc_order" -> sides(c, values, "first", "first-action", "then", "then-action", "action");
                case "rsc_location", "rsc_ticket" -> {
                    String roleAttr = c.getTagName().equals("rsc_location") ? "role" : "rsc-role";
                    if (members.containsKey(c.getAttribute("rsc"))) {
                        toSet(c, "rsc", roleAttr, "role", true);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Replaces each reference to a template or tag by references to what it stands for. */
    private void expandSet(Element set) {
        for (Element ref : CibImporter.children(set, "resource_ref")) {
            List<String> ids = members.get(ref.getAttribute("id"));
            if (ids == null) {
                continue;
            }
            for (String id : ids) {
                Element r = set.getOwnerDocument().createElement("resource_ref");
                r.setAttribute("id", id);
                set.insertBefore(r, ref);
            }
            set.removeChild(ref);
        }
    }

    /** A colocation or order naming a template or tag on either side: both sides become sets. */
    private void sides(Element c, CibReader values, String a, String aRole, String b, String bRole, String setRole) {
        boolean refA = members.containsKey(c.getAttribute(a));
        boolean refB = members.containsKey(c.getAttribute(b));
        if (!c.hasAttribute(a) || !c.hasAttribute(b) || !(refA || refB)) {
            return;
        }
        if (refA && refB && c.getTagName().equals("rsc_colocation")) {
            values.configError("Ignoring constraint '" + c.getAttribute("id")
                    + "' because two templates or tags cannot be colocated");
            c.getParentNode().removeChild(c);
            return;
        }
        toSet(c, a, aRole, setRole, refA);
        toSet(c, b, bRole, setRole, refB);
    }

    private void toSet(Element c, String attribute, String roleAttribute, String setRole, boolean reference) {
        String id = c.getAttribute(attribute);
        Element set = c.getOwnerDocument().createElement("resource_set");
        set.setAttribute("id", id);
        for (String m : reference ? members.get(id) : List.of(id)) {
            Element r = c.getOwnerDocument().createElement("resource_ref");
            r.setAttribute("id", m);
            set.appendChild(r);
        }
        if (reference) {
            set.setAttribute("sequential", "false");
        }
        if (c.hasAttribute(roleAttribute)) {
            set.setAttribute(setRole, c.getAttribute(roleAttribute));
            c.removeAttribute(roleAttribute);
        }
        c.removeAttribute(attribute);
        c.appendChild(set);
    }
}
