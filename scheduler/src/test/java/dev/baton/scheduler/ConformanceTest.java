package dev.baton.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.scheduler.importer.CibImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the seed, every public Pacemaker regression case of ../shared/conformance and the minimized cases of
 * the differential tester (src/test/resources/differential/) through the scheduler and compares placement and
 * the transition summary (a multiset per primitive) with crm_simulate's ({@link OracleComparison}).
 * Prints a pass table per tier and feature tag (also to target/conformance-report.txt) and fails when a case
 * listed in conformance-passing.txt no longer passes: the gate counts cases, not totals, so one fix cannot hide
 * one regression. Newly passing cases are printed, to be added to the list. -Dconformance.case=NAME prints one
 * case's diff.
 */
class ConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIERS = List.of("seed", "tier1", "tier2", "differential", "other");

    record Case(String tier, String name, Path cib, Path expected) {
    }

    record Outcome(Case c, boolean pass, List<String> tags, String diff) {
    }

    @Test
    void schedulerMatchesCrmSimulate() throws IOException {
        Path root = conformanceDir();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("seed", "seed", root.resolve("seed/seed-cib.xml"), root.resolve("seed/expected.json")));
        for (String tier : List.of("tier1", "tier2")) {
            try (Stream<Path> dirs = Files.list(root.resolve("pacemaker-cts").resolve(tier))) {
                dirs.sorted().forEach(d -> cases.add(new Case(tier, d.getFileName().toString(),
                        d.resolve("input.xml"), d.resolve("expected.json"))));
            }
        }
        Path differential = Paths.get("src/test/resources/differential");
        if (Files.isDirectory(differential)) {
            try (Stream<Path> dirs = Files.list(differential)) {
                dirs.filter(Files::isDirectory).sorted().forEach(d -> cases.add(new Case("differential",
                        d.getFileName().toString(), d.resolve("input.xml"), d.resolve("expected.json"))));
            }
        }
        // the public cases the corpus leaves out of scope, with their expectation (hack/conformance-other.sh)
        try (Stream<Path> dirs = Files.list(Paths.get("src/test/resources/conformance-other"))) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> cases.add(new Case("other",
                    d.getFileName().toString(), d.resolve("input.xml"), d.resolve("expected.json"))));
        }
        Map<String, String> outOfScope = outOfScope();
        String only = System.getProperty("conformance.case");
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : cases) {
            Outcome o = run(c);
            outcomes.add(o);
            if (c.name().equals(only)) {
                System.out.println("== " + c.name() + (o.pass() ? " PASS" : " FAIL") + "\n" + o.diff());
                Scheduler.schedule(CibImporter.read(c.cib())).placement().scores().forEach((r, perNode) ->
                        perNode.forEach((n, e) -> System.out.println(r + " on " + n + ": "
                                + Score.format(e.total()) + " " + e.contributions())));
            }
        }
        String report = report(outcomes, outOfScope);
        System.out.println(report);
        Path target = Paths.get("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("conformance-report.txt"), report);

        Set<String> listed = new TreeSet<>(lines("/conformance-passing.txt"));
        Set<String> known = new TreeSet<>();
        List<String> regressed = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (Outcome o : outcomes) {
            String id = o.c().tier() + "/" + o.c().name();
            known.add(id);
            if (listed.contains(id) && !o.pass()) {
                regressed.add(id + "\n" + o.diff());
            } else if (!listed.contains(id) && o.pass()) {
                fresh.add(id);
            }
        }
        if (!fresh.isEmpty()) {
            System.out.println("Newly passing (add them to conformance-passing.txt):\n  " + String.join("\n  ", fresh));
        }
        listed.removeAll(known);
        assertThat(listed).as("cases in conformance-passing.txt that no longer exist").isEmpty();
        assertThat(regressed).as("cases in conformance-passing.txt that no longer pass").isEmpty();
    }

    /** The non-comment lines of a test resource. */
    private static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        try (InputStream in = ConformanceTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Path conformanceDir() {
        String repo = System.getProperty("baton.repo");
        List<Path> candidates = new ArrayList<>();
        if (repo != null) {
            candidates.add(Paths.get(repo).resolve("../shared/conformance"));
        }
        candidates.add(Paths.get("../shared/conformance"));
        candidates.add(Paths.get("../../shared/conformance"));
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("pacemaker-cts"))) {
                return p.normalize();
            }
        }
        throw new IllegalStateException("conformance corpus not found; tried " + candidates);
    }

    private static Map<String, String> outOfScope() {
        Map<String, String> out = new TreeMap<>();
        for (String t : lines("/conformance-out-of-scope.txt")) {
            int sp = t.indexOf(' ');
            out.put(sp < 0 ? t : t.substring(0, sp), sp < 0 ? "" : t.substring(sp + 1).strip());
        }
        return out;
    }

    private static Outcome run(Case c) throws IOException {
        JsonNode expected = JSON.readTree(c.expected().toFile());
        List<String> tags = new ArrayList<>();
        expected.path("tags").forEach(t -> tags.add(t.asText()));
        Decision d;
        try {
            d = Scheduler.schedule(CibImporter.read(c.cib()));
        } catch (RuntimeException | IOException e) {
            return new Outcome(c, false, tags, "error: " + e);
        }
        // as the differential tester judges it: when crm_simulate's simulated execution stopped half-way (actions
        // waiting for blocked ones) its revised status is not the decision's outcome; the summary is
        boolean incomplete = expected.path("status").asText().equals("simulated-with-errors")
                && expected.path("stderr_errors").isMissingNode();
        List<String> diff = OracleComparison.differences(expected, d, !incomplete);
        return new Outcome(c, diff.isEmpty(), tags, diff.isEmpty() ? "" : String.join("\n", diff) + "\n");
    }

    private static String report(List<Outcome> outcomes, Map<String, String> outOfScope) {
        StringBuilder b = new StringBuilder("Scheduler conformance against crm_simulate (Pacemaker 2.1.5)\n\n");
        b.append(String.format("%-12s %6s %6s %6s%n", "tier", "pass", "total", "%"));
        for (String tier : TIERS) {
            long total = outcomes.stream().filter(o -> o.c().tier().equals(tier)).count();
            long pass = outcomes.stream().filter(o -> o.c().tier().equals(tier) && o.pass()).count();
            b.append(String.format("%-12s %6d %6d %5.1f%%%n", tier, pass, total, total == 0 ? 0 : 100.0 * pass / total));
        }
        Map<String, int[]> byTag = new TreeMap<>();
        for (Outcome o : outcomes.stream().filter(o -> !o.c().tier().equals("other")).toList()) {
            for (String t : o.tags()) {
                int[] pt = byTag.computeIfAbsent(t, k -> new int[2]);
                pt[1]++;
                if (o.pass()) {
                    pt[0]++;
                }
            }
        }
        b.append(String.format("%n%-28s %6s %6s%n", "tag", "pass", "total"));
        byTag.forEach((t, pt) -> b.append(String.format("%-28s %6d %6d%n", t, pt[0], pt[1])));
        Set<String> corpusInScope = new TreeSet<>();
        outcomes.stream().filter(o -> o.c().tier().startsWith("tier")).forEach(o -> corpusInScope.addAll(o.tags()));
        b.append(OutOfScopeTags.table(outcomes.stream().filter(o -> o.c().tier().equals("other"))
                .map(o -> new OutOfScopeTags.Result(o.tags(), o.pass())).toList(), corpusInScope));
        b.append("\nOut of scope for now (listed in conformance-out-of-scope.txt; still run, counted as failures):\n");
        outOfScope.forEach((c, why) -> b.append("  ").append(c).append(": ").append(why).append('\n'));
        b.append("\nFailing cases:\n");
        Map<String, String> failing = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (!o.pass()) {
                failing.put(o.c().tier() + "/" + o.c().name(), o.diff());
            }
        }
        failing.forEach((c, diff) -> b.append(c).append('\n').append(diff));
        return b.toString();
    }
}
