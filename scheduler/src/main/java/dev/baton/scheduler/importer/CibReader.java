package dev.baton.scheduler.importer;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Reads the attribute values of one CIB the way Pacemaker does. A CIB whose {@code validate-with} names a schema
 * is validated first: a value its schema refuses makes crm_simulate exit with an error, here an
 * {@link ImportException} naming the element and attribute. With {@code validate-with="none"} (or none at all,
 * which Pacemaker ends up treating the same) nothing is refused: Pacemaker uses its default for the value, or
 * ignores the element, and logs a configuration error; {@link #warnings()} holds those in crm_simulate's words.
 */
final class CibReader {
    private static final Pattern XSD_INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");
    /** The schemas Pacemaker 2.1.5 ships (and can upgrade from). */
    private static final Pattern KNOWN_SCHEMAS = Pattern.compile("pacemaker-(1\\.[0-3]|2\\.(10|[0-9])|3\\.[0-9]|next)");
    private static final Set<String> SCHEMA_ROLES = Set.of("Stopped", "Started", "Master", "Slave", "Promoted",
            "Unpromoted");

    private final String schema;
    private final Set<String> ids;
    private final List<String> warnings = new ArrayList<>();

    private CibReader(String schema, Set<String> ids) {
        this.schema = schema;
        this.ids = ids;
    }

    static CibReader of(Element cib, Element configuration) {
        String v = cib.getAttribute("validate-with");
        if (!v.isEmpty() && !v.equals("none") && !KNOWN_SCHEMAS.matcher(v).matches()) {
            throw new ImportException("cib", "validate-with", "'" + v + "' is not a schema Pacemaker 2.1.5 knows"
                    + " (pacemaker-1.0 to pacemaker-3.9, or none)");
        }
        Set<String> ids = new HashSet<>();
        org.w3c.dom.NodeList all = configuration.getElementsByTagName("*");
        boolean validated = !v.isEmpty() && !v.equals("none");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            // a cluster node's id is not an XML ID in Pacemaker's schema: a remote node shares its connection's
            if (e.hasAttribute("id") && !isReference(e) && !e.getTagName().equals("node")
                    && !ids.add(e.getAttribute("id")) && validated) {
                throw new ImportException(describe(e), "id", "ID " + e.getAttribute("id") + " redefined (validate-with="
                        + v + ")");
            }
            if (validated && e.getTagName().equals("nvpair") && !e.hasAttribute("name") && !e.hasAttribute("id-ref")) {
                throw new ImportException(describe(e), "name", "required attribute is missing (validate-with=" + v + ")");
            }
        }
        return new CibReader(validated ? v : null, ids);
    }

    /** Elements whose id attribute refers to another element instead of naming this one. */
    private static boolean isReference(Element e) {
        return e.getTagName().equals("resource_ref") || e.getTagName().equals("obj_ref")
                || e.hasAttribute("id-ref");
    }

    boolean validated() {
        return schema != null;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** A configuration error Pacemaker logs for a value it tolerates ("error: ..." as crm_simulate -V prints). */
    void configError(String message) {
        warnings.add("error: " + message);
    }

    /**
     * A value the schema refuses: with a schema the import fails; without one, {@code tolerated} (Pacemaker's
     * message, null when it logs none) is reported and the caller goes on with Pacemaker's default.
     */
    void invalid(Element e, String attribute, String reason, String tolerated) {
        if (validated()) {
            throw new ImportException(describe(e), attribute, reason + " (validate-with=" + schema + ")");
        }
        if (tolerated != null) {
            configError(tolerated);
        }
    }

    /** {@code rsc_order 'o1'}, or the bare tag for elements without an id. */
    static String describe(Element e) {
        return e.hasAttribute("id") ? e.getTagName() + " '" + e.getAttribute("id") + "'" : e.getTagName();
    }

    /** A score attribute (absent = 0): the schema wants an integer or [+-]INFINITY; Pacemaker reads it with char2score. */
    int score(Element e, String attribute) {
        if (!e.hasAttribute(attribute)) {
            return 0;
        }
        String v = e.getAttribute(attribute);
        if (!XSD_INTEGER.matcher(v).matches() && !v.equals("INFINITY") && !v.equals("+INFINITY")
                && !v.equals("-INFINITY")) {
            invalid(e, attribute, "'" + v + "' is not an integer or [+-]INFINITY", null);
        }
        return Score.pacemaker(v);
    }

    /**
     * An optional role attribute. One Pacemaker does not know is read as no role, reported with Pacemaker's
     * {@code tolerated} messages; {@code checked} says whether the schema checks this attribute.
     */
    Role role(Element e, String attribute, boolean checked, String... tolerated) {
        if (!e.hasAttribute(attribute)) {
            return null;
        }
        String v = e.getAttribute(attribute);
        Role r = Role.pacemaker(v);
        if (checked && !SCHEMA_ROLES.contains(v)) {
            invalid(e, attribute, "'" + v + "' is not a role (Stopped, Started, Promoted, Unpromoted)", null);
        }
        if (r == null && !v.isEmpty() && !v.equals("#default")) {
            for (String m : tolerated) {
                configError(m);
            }
        }
        return r;
    }

    /** An optional enumerated attribute: one of {@code allowed}, or (without a schema) whatever it is. */
    String choice(Element e, String attribute, String fallback, List<String> allowed) {
        if (!e.hasAttribute(attribute)) {
            return fallback;
        }
        String v = e.getAttribute(attribute);
        if (!allowed.contains(v)) {
            invalid(e, attribute, "'" + v + "' is not one of " + String.join(", ", allowed), null);
        }
        return v;
    }

    /** An optional boolean attribute: the schema's true/false/1/0; Pacemaker's reading of anything else. */
    boolean bool(Element e, String attribute, boolean fallback) {
        if (!e.hasAttribute(attribute)) {
            return fallback;
        }
        String v = e.getAttribute(attribute);
        if (!List.of("true", "false", "1", "0").contains(v)) {
            invalid(e, attribute, "'" + v + "' is not a boolean (true or false)", null);
        }
        return dev.baton.scheduler.model.ClusterProperties.truthy(v);
    }

    /** A required attribute; null (reported with Pacemaker's {@code tolerated} message) when absent without a schema. */
    String required(Element e, String attribute, String tolerated) {
        if (e.hasAttribute(attribute)) {
            return e.getAttribute(attribute);
        }
        invalid(e, attribute, "required attribute is missing", tolerated);
        return null;
    }

    /**
     * A reference to a resource: the schema's IDREF must name some element of the configuration; Pacemaker then
     * ignores a constraint whose reference is not a resource. Null when the constraint is to be ignored.
     */
    String resourceRef(Element constraint, Element e, String attribute, Set<String> resources) {
        return resourceRef(constraint, e, attribute, resources, "constraint");
    }

    /** {@code ignored}: what Pacemaker says it ignores ("constraint", "resource sets for constraint"). */
    String resourceRef(Element constraint, Element e, String attribute, Set<String> resources, String ignored) {
        String v = required(e, attribute, "Ignoring constraint '" + constraint.getAttribute("id") + "' without "
                + attribute);
        if (v == null) {
            return null;
        }
        if (!ids.contains(v)) {
            invalid(e, attribute, "IDREF attribute " + attribute + " references an unknown ID \"" + v + "\"", null);
        }
        if (!resources.contains(v)) {
            configError("Ignoring " + ignored + " '" + constraint.getAttribute("id") + "' because '" + v
                    + "' is not a valid resource or tag");
            return null;
        }
        return v;
    }
}
