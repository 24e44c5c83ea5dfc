package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.scheduler.Action;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Bad values in a CIB, each given to Debian's crm_simulate (through ../shared/conformance/oracle.py, with -V for
 * Pacemaker's configuration errors) and to Baton. A value crm_simulate refuses must be refused by Baton too, with an
 * {@link ImportException} naming the element crm_simulate names and the attribute at fault; a value it tolerates must
 * give Baton's scheduler the same placement and transition, and every warning Baton reports must be one crm_simulate
 * logs. Each row is tried under the corpus file's schema and with validate-with="none", and states what crm_simulate
 * does in each, so a change of the oracle shows too.
 */
class PacemakerToleranceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "tier1/order2";       // 4 primitives, optional orders, 2 nodes
    private static final String HISTORY = "tier1/rec-rsc-1";   // a failed start, fail-count 1, migration-threshold 1
    private static final String RULES = "tier2/attrs1";        // a location with a rule on #id and #uname
    private static final String SETS = "tier2/one-or-more-0";  // an order of three resource sets

    enum Outcome { TOLERATED, REFUSED }

    /** {@code attribute}: what a refusal must name (null: the element itself); {@code warning}: what Baton must report. */
    record Row(String name, String base, Consumer<Document> edit, Outcome withSchema, Outcome withoutSchema,
               String attribute, String warning) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Outcome R = Outcome.REFUSED;
    private static final Outcome T = Outcome.TOLERATED;

    static Stream<Row> rows() {
        return Stream.of(
                new Row("order kind='foo'", ORDERS, set("//rsc_order[1]", "kind", "foo"), R, T, "kind",
                        "Resetting 'kind' for constraint order1 to 'Mandatory' because 'foo' is not valid"),
                new Row("order kind='optional' (lower case)", ORDERS, set("//rsc_order[1]", "kind", "optional"), R, T,
                        "kind", null),
                new Row("order first-action='bogus'", ORDERS, set("//rsc_order[1]", "first-action", "bogus"), R, T,
                        "first-action", null),
                new Row("order symmetrical='maybe'", ORDERS, set("//rsc_order[1]", "symmetrical", "maybe"), R, T,
                        "symmetrical", null),
                new Row("order score='abc'", ORDERS, add("//constraints",
                        "<rsc_order id='o9' first='rsc1' then='rsc3' score='abc'/>"), R, T, "score", null),
                new Row("order first references nothing", ORDERS, add("//constraints",
                        "<rsc_order id='o9' first='nosuch' then='rsc1'/>"), R, T, "first",
                        "Ignoring constraint 'o9' because 'nosuch' is not a valid resource or tag"),
                new Row("order without then", ORDERS, add("//constraints", "<rsc_order id='o9' first='rsc3'/>"), R, T,
                        "then", "Ignoring constraint 'o9' without then"),
                new Row("location score='abc'", ORDERS, location("score='abc'"), R, T, "score", null),
                new Row("location score='12abc' (leading integer)", ORDERS, location("score='12abc'"), R, T, "score",
                        null),
                new Row("location score='infinity' (lower case)", ORDERS, location("score='infinity'"), R, T, "score",
                        null),
                new Row("location score of 11 digits", ORDERS, location("score='99999999999'"), T, T, null, null),
                new Row("location score beyond 64 bits", ORDERS, location("score='99999999999999999999'"), T, T, null,
                        null),
                new Row("location role='Bogus'", ORDERS, location("score='100' role='Bogus'"), R, T, "role",
                        "Invalid constraint l1: Bad role Bogus"),
                new Row("location node that does not exist", ORDERS, add("//constraints",
                        "<rsc_location id='l1' rsc='rsc1' node='nosuch' score='100'/>"), T, T, null, null),
                new Row("location rsc references nothing", ORDERS, add("//constraints",
                        "<rsc_location id='l1' rsc='nosuch' node='node2' score='100'/>"), R, T, "rsc",
                        "Ignoring constraint 'l1' because 'nosuch' is not a valid resource or tag"),
                new Row("location without id", ORDERS, add("//constraints",
                        "<rsc_location rsc='rsc1' node='node2' score='100'/>"), R, T, "id",
                        "Ignoring <rsc_location> constraint without id"),
                new Row("location without rsc", ORDERS, add("//constraints",
                        "<rsc_location id='l1' node='node2' score='100'/>"), R, T, "rsc", null),
                new Row("colocation with-rsc references nothing", ORDERS, add("//constraints",
                        "<rsc_colocation id='c1' rsc='rsc1' with-rsc='nosuch' score='100'/>"), R, T, "with-rsc",
                        "Ignoring constraint 'c1' because 'nosuch' is not a valid resource or tag"),
                new Row("colocation score='abc'", ORDERS, add("//constraints",
                        "<rsc_colocation id='c1' rsc='rsc1' with-rsc='rsc2' score='abc'/>"), R, T, "score", null),
                new Row("colocation rsc-role='Bogus'", ORDERS, add("//constraints",
                        "<rsc_colocation id='c1' rsc='rsc1' with-rsc='rsc2' score='100' rsc-role='Bogus'/>"), R, T,
                        "rsc-role", "Unknown role: Bogus"),
                new Row("colocation without score", ORDERS, add("//constraints",
                        "<rsc_colocation id='c1' rsc='rsc1' with-rsc='rsc2'/>"), T, T, null, null),
                new Row("colocation of a resource with itself", ORDERS, add("//constraints",
                        "<rsc_colocation id='c1' rsc='rsc1' with-rsc='rsc1' score='100'/>"), T, T, null, null),
                new Row("unknown constraint element", ORDERS, add("//constraints", "<rsc_frob id='f1'/>"), R, T, null,
                        null),
                new Row("unknown resource element", ORDERS, add("//resources", "<frobnicator id='f1'/>"), R, T, null,
                        "Ignoring resource 'f1' of unknown type 'frobnicator'"),
                new Row("primitive without class", ORDERS, add("//resources",
                        "<primitive id='rsc9' type='apache'/>"), R, T, "class", null),
                new Row("clone of nothing", ORDERS, add("//resources", "<clone id='cl'/>"), R, T, null,
                        "Ignoring <clone> resource 'cl' because configuration is invalid"),
                new Row("group of nothing", ORDERS, add("//resources", "<group id='g1'/>"), R, T, null, null),
                new Row("migration-threshold='abc'", HISTORY, set("//primitive/meta_attributes/nvpair", "value", "abc"),
                        T, T, null, null),
                new Row("migration-threshold='-3' (read as 1)", HISTORY,
                        set("//primitive/meta_attributes/nvpair", "value", "-3"), T, T, null, null),
                new Row("resource-stickiness='abc'", HISTORY, meta("resource-stickiness", "abc"), T, T, null, null),
                new Row("failure-timeout='abc'", HISTORY, meta("failure-timeout", "abc"), T, T, null, null),
                new Row("target-role='Bogus'", HISTORY, meta("target-role", "Bogus"), T, T, null,
                        "Ignoring 'target-role' for rsc1 because 'Bogus' is not valid"),
                new Row("nvpair without name", HISTORY, remove("//primitive/meta_attributes/nvpair", "name"), R, T,
                        "name", null),
                new Row("nvpair without value", HISTORY, remove("//primitive/meta_attributes/nvpair", "value"), T, T,
                        null, null),
                new Row("op interval='abc'", HISTORY, add("//primitive",
                        "<operations><op id='o1' name='monitor' interval='abc'/></operations>"), T, T, null, null),
                new Row("op interval='-5s'", HISTORY, add("//primitive",
                        "<operations><op id='o1' name='monitor' interval='-5s'/></operations>"), T, T, null, null),
                new Row("op role='Bogus'", HISTORY, add("//primitive",
                        "<operations><op id='o1' name='monitor' interval='10s' role='Bogus'/></operations>"), R, T,
                        "role", "Ignoring o1 because Bogus is not a valid role"),
                new Row("fail-count='abc'", HISTORY, set("//transient_attributes//nvpair", "value", "abc"), T, T, null,
                        null),
                new Row("last-failure='abc'", HISTORY, add("//transient_attributes/instance_attributes",
                        "<nvpair id='n9' name='last-failure-rsc1' value='abc'/>"), T, T, null, null),
                new Row("history entry without operation", HISTORY, remove("//lrm_rsc_op", "operation"), T, T, null,
                        null),
                new Row("history op-status='99'", HISTORY, set("//lrm_rsc_op", "op-status", "99"), T, T, null, null),
                new Row("history call-id='abc'", HISTORY, set("//lrm_rsc_op", "call-id", "abc"), T, T, null, null),
                new Row("node_state of an unknown node", HISTORY, doc -> {
                    Element s = (Element) node(doc, "//node_state");
                    s.setAttribute("uname", "ghost");
                    s.setAttribute("id", "ghost");
                }, T, T, null, null),
                new Row("rule score='abc'", RULES, set("//rule", "score", "abc"), R, T, "score", null),
                new Row("rule boolean-op='xor' (read as and)", RULES, set("//rule", "boolean-op", "xor"), R, T,
                        "boolean-op", null),
                new Row("rule role='Bogus' (not in the schema)", RULES, set("//rule", "role", "Bogus"), T, T, null,
                        "Bad role specified for can1: Bogus"),
                new Row("expression operation='bogus'", RULES, set("//expression", "operation", "bogus"), R, T,
                        "operation", null),
                new Row("expression without attribute", RULES, remove("//expression", "attribute"), R, T,
                        "attribute", "Expression expression.id21899 invalid: attribute not specified"),
                new Row("resource_ref to nothing", SETS, add("//resource_set", "<resource_ref id='nosuch'/>"), R, T,
                        "id", "Ignoring resource sets for constraint 'order-1' because 'nosuch' is not a valid resource"
                                + " or tag"),
                new Row("resource_set role='Bogus'", SETS, set("//resource_set", "role", "Bogus"), R, T, "role", null),
                new Row("resource_set sequential='maybe'", SETS, set("//resource_set", "sequential", "maybe"), R, T,
                        "sequential", null),
                new Row("resource_set action='bogus' (crm_simulate aborts)", SETS,
                        set("//resource_set", "action", "bogus"), R, R, "action", null),
                new Row("order of sets kind='foo'", SETS, set("//rsc_order", "kind", "foo"), R, T, "kind",
                        "Resetting 'kind' for constraint order-1 to 'Mandatory' because 'foo' is not valid"),
                new Row("validate-with of an unknown schema", ORDERS,
                        set("/cib", "validate-with", "pacemaker-9.9"), R, R, "validate-with", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void handledLikeCrmSimulate(Row row, @TempDir Path dir) throws Exception {
        String[] xml = new String[2];
        Process[] oracle = new Process[2];
        for (int i = 0; i < 2; i++) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(ImporterFuzzTest.conformance().resolve("pacemaker-cts").resolve(row.base())
                            .resolve("input.xml").toFile());
            if (i == 1) {
                doc.getDocumentElement().setAttribute("validate-with", "none");
            }
            row.edit().accept(doc);
            xml[i] = serialize(doc);
            Path file = dir.resolve(i + ".xml");
            Files.writeString(file, xml[i]);
            oracle[i] = oracle(file, dir.resolve(i + ".json")); // both at once: the machine has two cores
        }
        for (int i = 0; i < 2; i++) {
            assertThat(oracle[i].waitFor(120, TimeUnit.SECONDS)).as("oracle.py finished").isTrue();
            JsonNode crm = JSON.readTree(dir.resolve(i + ".json").toFile());
            compare(row, i == 0, i == 0 ? row.withSchema() : row.withoutSchema(), xml[i], crm);
        }
    }

    private static void compare(Row row, boolean schema, Outcome expected, String xml, JsonNode crm) throws Exception {
        String mode = schema ? "with its schema" : "with validate-with=none";
        boolean crmRefused = crm.path("exit_code").asInt() != 0;
        assertThat(crmRefused ? Outcome.REFUSED : Outcome.TOLERATED).as("crm_simulate %s: %s", mode,
                crm.path("error").asText()).isEqualTo(expected);
        CibImporter importer = new CibImporter();
        ImportException refusal = null;
        Decision d = null;
        try {
            d = Scheduler.schedule(importer.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (ImportException e) {
            refusal = e;
        }
        if (crmRefused) {
            assertThat(refusal).as("Baton %s refuses what crm_simulate refuses", mode).isNotNull();
            assertThat(refusal.attribute()).as("the attribute named in '%s'", refusal.getMessage())
                    .isEqualTo(row.attribute());
            String tag = refusal.element().split(" ")[0];
            String error = crm.path("error").asText();
            if (error.contains("validity error")) { // not when crm_simulate aborts instead
                assertThat(error).as("crm_simulate names the element Baton names").contains("element " + tag);
            }
            return;
        }
        assertThat(refusal).as("Baton %s tolerates what crm_simulate tolerates", mode).isNull();
        List<String> logged = new ArrayList<>();
        crm.path("stderr_errors").forEach(l -> logged.add(l.asText().replaceFirst("^\\(\\S+\\)\\s*", "")));
        // where crm_simulate could not execute its own transition, its revised placement is empty: the decision
        // is the transition alone
        boolean executed = logged.stream().noneMatch(l -> l.contains("Could not simulate action")
                || l.contains("failed to fire"));
        assertThat(decision(d, executed)).as("Baton's decision %s", mode).isEqualTo(expectedDecision(crm, executed));
        assertThat(logged).as("crm_simulate -V logs every warning Baton reports").containsAll(importer.warnings());
        if (row.warning() != null) {
            assertThat(importer.warnings()).as("Baton's warnings").contains("error: " + row.warning());
        }
    }

    /** Placement and transition summary, in the form ../shared/conformance's expected.json has them. */
    private static List<String> decision(Decision d, boolean placement) {
        List<String> out = new ArrayList<>();
        if (placement) {
            new TreeMap<>(d.placement().roles()).forEach((rsc, where) -> out.add(rsc + " " + where));
        }
        for (Action a : d.graph().summary()) {
            out.add(a.primitive() + " " + a.action() + " " + a.node() + " " + a.from() + " " + a.to() + " " + a.role()
                    + " " + a.nextRole());
        }
        out.sort(null);
        return out;
    }

    private static List<String> expectedDecision(JsonNode crm, boolean placement) {
        List<String> out = new ArrayList<>();
        crm.path(placement ? "placement" : "none").fields().forEachRemaining(e -> {
            List<String> where = new ArrayList<>();
            e.getValue().forEach(x -> where.add(x.asText()));
            out.add(e.getKey() + " " + where);
        });
        for (JsonNode a : crm.path("actions")) {
            out.add(a.path("primitive").asText() + " " + a.path("action").asText() + " " + text(a, "node") + " "
                    + text(a, "from") + " " + text(a, "to") + " " + text(a, "role") + " " + text(a, "next_role"));
        }
        out.sort(null);
        return out;
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Starts the conformance oracle on {@code file}: crm_simulate's decision, normalized, into {@code json}. */
    private static Process oracle(Path file, Path json) throws IOException {
        Path oracle = ImporterFuzzTest.conformance().resolve("oracle.py");
        return new ProcessBuilder("python3", oracle.toString(), "simulate", file.toString(), "--", "-V")
                .redirectOutput(json.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String serialize(Document doc) throws Exception {
        StringWriter w = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(w));
        return w.toString();
    }

    private static org.w3c.dom.Node node(Document doc, String xpath) {
        try {
            org.w3c.dom.Node n = (org.w3c.dom.Node) XPathFactory.newInstance().newXPath().evaluate(xpath, doc,
                    XPathConstants.NODE);
            assertThat(n).as("the base case has %s", xpath).isNotNull();
            return n;
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    private static Consumer<Document> set(String xpath, String attribute, String value) {
        return doc -> ((Element) node(doc, xpath)).setAttribute(attribute, value);
    }

    private static Consumer<Document> remove(String xpath, String attribute) {
        return doc -> ((Element) node(doc, xpath)).removeAttribute(attribute);
    }

    private static Consumer<Document> add(String xpath, String fragment) {
        return doc -> {
            try {
                Element e = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(fragment.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
                node(doc, xpath).appendChild(doc.importNode(e, true));
            } catch (Exception ex) {
                throw new IllegalArgumentException(fragment, ex);
            }
        };
    }

    private static Consumer<Document> location(String attributes) {
        return add("//constraints", "<rsc_location id='l1' rsc='rsc1' node='node2' " + attributes + "/>");
    }

    private static Consumer<Document> meta(String name, String value) {
        return add("//primitive/meta_attributes", "<nvpair id='n9' name='" + name + "' value='" + value + "'/>");
    }
}
