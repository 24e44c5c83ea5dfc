package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.model.ClusterModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * Fuzzes both importers with mutations of the conformance corpus (every input.xml, the seed, the crm files) and of
 * generated crm configurations: elements and attributes deleted, duplicated, swapped, renamed; values replaced by
 * odd ones (empty, huge, negative, unicode, NUL, paths, shell syntax, INFINITY spellings); XML truncated, crm lines
 * cut and quotes broken. Every input must end either in the importer's {@link ImportException} or in a model the
 * scheduler decides on without throwing, within {@link #PER_INPUT_SECONDS}. A failing input is written to
 * target/fuzz/ so it can be replayed. {@code -Dbaton.fuzz.inputs=N} (default 10000 per importer) and
 * {@code -Dbaton.fuzz.seed=S} change the run; throughput goes to target/fuzz-report.txt.
 */
class ImporterFuzzTest {
    private static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", 10_000);
    private static final long SEED = Long.getLong("baton.fuzz.seed", 20_261_203L);
    private static final int PER_INPUT_SECONDS = 20;
    private static final long MAX_SEED_BYTES = 20_000;
    private static final String[] ODD = {"", " ", "0", "-0", "1", "-1", "+7", "12abc", "1.5", "1e9", "0x10", "NaN",
        "2147483648", "-2147483649", "99999999999", "9223372036854775808", "-99999999999999999999999999",
        "100000000000000000000000000000000000000000", "INFINITY", "+INFINITY", "-INFINITY", "infinity", "-inf", "inf",
        "INF", "∞", "mandatory", "Mandatory", "Optional", "Serialize", "foo", "Started", "Stopped", "Promoted",
        "Unpromoted", "Master", "Slave", "Bogus", "#default", "true", "false", "yes", "maybe", "none", "..", "../",
        "../../etc/passwd", "/etc/passwd", "$(x)", "`id`", "; rm -rf /", "a b", "é", "日本語", "\uD83D\uDE00",
        "\u0000", "x\u0000y", "\uFFFE", "10s", "-5s", "PT5S", "P", "PTS", "P1Y", "P10S", "10x", "1min", "2h", "ms",
        " 10 ", "\t", "#uname", "#id", "#is_dc", "monitor", "start", "stop", "promote", "demote", "migrate_to",
        "member", "remote", "online", "offline", "lt", "gte", "defined", "version", "date_spec", "or", "and",
        "pacemaker-3.0", "pacemaker-9.9", "x".repeat(5000)};
    private static final String[] ATTRIBUTES = {"id", "rsc", "with-rsc", "first", "then", "score", "kind", "role",
        "rsc-role", "with-rsc-role", "first-action", "then-action", "symmetrical", "require-all", "sequential",
        "node", "name", "value", "interval", "timeout", "on-fail", "class", "provider", "type", "uname", "operation",
        "rc-code", "op-status", "call-id", "transition-key", "transition-magic", "in_ccm", "crmd", "join",
        "boolean-op", "attribute", "score-attribute", "validate-with", "have-quorum", "dc-uuid", "action", "template",
        "rsc-pattern", "id-ref"};
    private static final String[] TAGS = {"primitive", "group", "clone", "master", "bundle", "rsc_location",
        "rsc_colocation", "rsc_order", "rsc_ticket", "rule", "expression", "date_expression", "resource_set",
        "resource_ref", "nvpair", "meta_attributes", "instance_attributes", "op", "operations", "node", "node_state",
        "lrm_rsc_op", "lrm_resource", "transient_attributes", "frobnicator"};

    private static ExecutorService worker;
    private static final Map<String, String> REPORT = new LinkedHashMap<>();

    @BeforeAll
    static void startWorker() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true); // an input that hangs must not keep the test JVM alive
            return t;
        });
    }

    @AfterAll
    static void report() throws IOException {
        worker.shutdownNow();
        Path target = Paths.get("target");
        Files.createDirectories(target);
        StringBuilder b = new StringBuilder();
        REPORT.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        Files.writeString(target.resolve("fuzz-report.txt"), b.toString());
        System.out.print(b);
    }

    @Test
    void cibImporterRefusesOrSchedulesEveryMutatedCib() throws Exception {
        List<Document> corpus = new ArrayList<>();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        for (Path p : corpusFiles("input.xml", "seed-cib.xml")) {
            // the few large CIBs hold more of the same elements and would cost half the time
            if (Files.size(p) <= MAX_SEED_BYTES) {
                corpus.add(f.newDocumentBuilder().parse(p.toFile()));
            }
        }
        assertThat(corpus).as("conformance corpus CIBs").hasSizeGreaterThan(200);
        Transformer xml = TransformerFactory.newInstance().newTransformer();
        Random random = new Random(SEED);
        Stats stats = new Stats("cib");
        for (int i = 0; i < INPUTS; i++) {
            Document doc = (Document) corpus.get(random.nextInt(corpus.size())).cloneNode(true);
            if (random.nextBoolean()) {
                // as many without a schema: Pacemaker then tolerates what it would refuse
                doc.getDocumentElement().setAttribute("validate-with", "none");
            }
            int mutations = 1 + random.nextInt(6);
            for (int m = 0; m < mutations; m++) {
                mutate(doc, random);
            }
            StringWriter w = new StringWriter();
            xml.transform(new DOMSource(doc), new StreamResult(w));
            String text = random.nextInt(8) == 0 ? breakText(w.toString(), random) : w.toString();
            stats.run(i, text, ".xml", () -> new CibImporter().parse(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        }
        stats.check();
    }

    @Test
    void crmImporterRefusesOrSchedulesEveryMutatedConfiguration() throws Exception {
        List<String> seeds = new ArrayList<>();
        for (Path p : corpusFiles("seed.crm")) {
            seeds.add(Files.readString(p));
        }
        Path sample = repo().resolve("samples/openstack-controllers/seed.crm");
        if (Files.exists(sample)) {
            seeds.add(Files.readString(sample));
        }
        assertThat(seeds).as("crm seeds").isNotEmpty();
        Random random = new Random(SEED + 1);
        Stats stats = new Stats("crm");
        for (int i = 0; i < INPUTS; i++) {
            List<String> lines = new ArrayList<>(List.of((random.nextInt(3) == 0 ? seeds.get(random.nextInt(seeds.size()))
                    : CrmGenerator.configuration(random)).split("\n", -1)));
            int mutations = 1 + random.nextInt(5);
            for (int m = 0; m < mutations; m++) {
                CrmGenerator.mutate(lines, random, ODD);
            }
            String text = String.join("\n", lines);
            stats.run(i, text, ".crm", () -> CrmImporter.parse(text, List.of("node1", "node2")));
        }
        stats.check();
    }

    /** Counts outcomes; remembers the first input of every distinct crash (exception type and where it was thrown). */
    private static final class Stats {
        final String name;
        final long start = System.nanoTime();
        final long startCpu = cpu();
        int refused;
        int accepted;
        final Map<String, String> crashes = new LinkedHashMap<>();

        Stats(String name) {
            this.name = name;
        }

        void run(int i, String input, String ext, Callable<ClusterModel> importer) throws Exception {
            Future<?> f = worker.submit(() -> {
                ClusterModel model;
                try {
                    model = importer.call();
                } catch (ImportException e) {
                    refused++;
                    return null;
                }
                accepted++;
                Scheduler.schedule(model);
                return null;
            });
            try {
                f.get(PER_INPUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                worker.shutdownNow();
                startWorker(); // the hung thread is abandoned (a daemon)
                crash("hang over " + PER_INPUT_SECONDS + " s", i, input, ext);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                StackTraceElement at = c.getStackTrace().length > 0 ? c.getStackTrace()[0] : null;
                crash(c.getClass().getName() + " at " + at, i, input, ext, c);
            }
        }

        void crash(String signature, int i, String input, String ext, Throwable... cause) throws IOException {
            if (crashes.containsKey(signature)) {
                return;
            }
            Path dir = Paths.get("target/fuzz");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-" + SEED + "-" + i + ext);
            Files.writeString(file, input);
            StringWriter trace = new StringWriter();
            if (cause.length > 0) {
                cause[0].printStackTrace(new PrintWriter(trace));
            }
            crashes.put(signature, file + "\n" + trace.toString().lines().limit(12).reduce("", (a, b) -> a + b + "\n"));
        }

        void check() {
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpu() - startCpu) / 1e9;
            REPORT.put(name, String.format("%d inputs (seed %d) in %.1f s wall, %.1f s CPU = %.0f inputs/s wall, %.0f"
                    + " per CPU second; %d refused (ImportException), %d accepted and scheduled, %d distinct crashes",
                    INPUTS, SEED, seconds, cpuSeconds, INPUTS / seconds, INPUTS / cpuSeconds, refused, accepted,
                    crashes.size()));
            assertThat(crashes).as("inputs that escaped with another exception or hung (replay from target/fuzz)")
                    .isEmpty();
            assertThat(accepted).as("accepted inputs reach the scheduler").isPositive();
            assertThat(refused).as("refused inputs").isPositive();
        }
    }

    /** CPU time of the whole test JVM (the machine is shared: wall time alone says little). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void mutate(Document doc, Random r) {
        NodeList all = doc.getElementsByTagName("*");
        Element e = (Element) all.item(r.nextInt(all.getLength()));
        switch (r.nextInt(9)) {
            case 0 -> {
                if (e != doc.getDocumentElement()) {
                    e.getParentNode().removeChild(e);
                }
            }
            case 1 -> {
                if (e != doc.getDocumentElement()) {
                    e.getParentNode().insertBefore(e.cloneNode(true), e.getNextSibling());
                }
            }
            case 2 -> {
                // move the element under another one (swap with a sibling when it is the same parent)
                Element to = (Element) all.item(r.nextInt(all.getLength()));
                if (e != doc.getDocumentElement() && !isAncestor(e, to)) {
                    to.appendChild(e);
                }
            }
            case 3 -> {
                NamedNodeMap attrs = e.getAttributes();
                if (attrs.getLength() > 0) {
                    e.removeAttribute(attrs.item(r.nextInt(attrs.getLength())).getNodeName());
                }
            }
            case 4 -> {
                NamedNodeMap attrs = e.getAttributes();
                if (attrs.getLength() > 0) {
                    Attr a = (Attr) attrs.item(r.nextInt(attrs.getLength()));
                    ((Element) all.item(r.nextInt(all.getLength()))).setAttribute(a.getName(), a.getValue());
                }
            }
            case 5, 6 -> {
                NamedNodeMap attrs = e.getAttributes();
                String name = attrs.getLength() > 0 && r.nextBoolean()
                        ? attrs.item(r.nextInt(attrs.getLength())).getNodeName() : ATTRIBUTES[r.nextInt(ATTRIBUTES.length)];
                e.setAttribute(name, r.nextInt(4) == 0 ? someId(all, r) : ODD[r.nextInt(ODD.length)]);
            }
            case 7 -> {
                if (e != doc.getDocumentElement()) {
                    doc.renameNode(e, null, TAGS[r.nextInt(TAGS.length)]);
                }
            }
            default -> {
                Element child = doc.createElement(TAGS[r.nextInt(TAGS.length)]);
                child.setAttribute("id", r.nextBoolean() ? someId(all, r) : "fuzz" + r.nextInt(100));
                for (int k = r.nextInt(4); k > 0; k--) {
                    child.setAttribute(ATTRIBUTES[r.nextInt(ATTRIBUTES.length)],
                            r.nextBoolean() ? someId(all, r) : ODD[r.nextInt(ODD.length)]);
                }
                e.appendChild(child);
            }
        }
    }

    private static String someId(NodeList all, Random r) {
        for (int k = 0; k < 10; k++) {
            Element e = (Element) all.item(r.nextInt(all.getLength()));
            if (e.hasAttribute("id")) {
                return e.getAttribute("id");
            }
        }
        return "nosuch";
    }

    private static boolean isAncestor(Element a, org.w3c.dom.Node b) {
        for (org.w3c.dom.Node n = b; n != null; n = n.getParentNode()) {
            if (n == a) {
                return true;
            }
        }
        return false;
    }

    /** Damage below the XML level: truncation, NUL, a broken quote, a declaration a CIB never has. */
    private static String breakText(String s, Random r) {
        int at = r.nextInt(s.length());
        return switch (r.nextInt(5)) {
            case 0 -> s.substring(0, at);
            case 1 -> s.substring(0, at) + '\u0000' + s.substring(at);
            case 2 -> s.substring(0, at) + '"' + s.substring(at);
            case 3 -> s.substring(0, at) + "<![CDATA[" + s.substring(at);
            default -> "<!DOCTYPE cib [<!ENTITY x \"y\">]>" + s.substring(s.indexOf("<cib"));
        };
    }

    static List<Path> corpusFiles(String... names) throws IOException {
        Path root = conformance();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> List.of(names).contains(p.getFileName().toString())).sorted().forEach(out::add);
        }
        return out;
    }

    static Path conformance() {
        for (Path p : List.of(repo().resolve("../shared/conformance"), Paths.get("../../shared/conformance"))) {
            if (Files.isDirectory(p.resolve("pacemaker-cts"))) {
                return p.normalize();
            }
        }
        throw new IllegalStateException("conformance corpus (../shared/conformance) not found");
    }

    static Path repo() {
        String repo = System.getProperty("baton.repo");
        return repo != null ? Paths.get(repo) : Paths.get("..");
    }
}
