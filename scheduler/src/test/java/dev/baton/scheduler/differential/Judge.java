package dev.baton.scheduler.differential;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.scheduler.OracleComparison;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.importer.CibImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Runs one cluster through crm_simulate and through Baton (CibImporter → Scheduler) and compares them. */
final class Judge {
    private final Oracle oracle;

    Judge(Oracle oracle) {
        this.oracle = oracle;
    }

    /** One cluster's verdict; {@code diff} is empty when Baton decides as crm_simulate does. */
    record Outcome(Cib cib, String xml, JsonNode expected, List<String> diff) {
        /** crm_simulate read it and decided (else the generator made something invalid). */
        boolean valid() {
            return expected.path("status").asText().equals("ok") || incomplete();
        }

        /**
         * crm_simulate decided, but its simulated execution of the transition stopped half-way ("Transition failed:
         * terminated", "An invalid transition was produced": actions wait for blocked ones), with no other error.
         * Pacemaker's decision is its transition summary; the revised status is not its outcome.
         */
        boolean incomplete() {
            return expected.path("status").asText().equals("simulated-with-errors")
                    && expected.path("stderr_errors").isMissingNode();
        }

        boolean agrees() {
            return valid() && diff.isEmpty();
        }

        /** What kind of disagreement: "placement", "missing recover", "unexpected start", "error ...". */
        SortedSet<String> kinds() {
            SortedSet<String> k = new TreeSet<>();
            for (String line : diff) {
                k.add(kind(line));
            }
            return k;
        }

        String firstKind() {
            return diff.isEmpty() ? "" : kind(diff.get(0));
        }
    }

    static String kind(String diffLine) {
        String[] w = diffLine.strip().split(" ");
        return switch (w[0]) {
            case "placement" -> "placement";
            case "missing", "unexpected" -> w[0] + " " + (w.length > 3 ? w[3] : "?");
            default -> diffLine.strip().replaceAll(":.*", "");
        };
    }

    Outcome judge(Cib cib) {
        String xml = CibXml.render(cib);
        JsonNode expected = oracle.simulate(xml);
        Outcome decided = new Outcome(cib, xml, expected, List.of());
        if (!decided.valid()) {
            return new Outcome(cib, xml, expected, List.of("  crm_simulate: " + expected.path("status").asText()
                    + " " + expected.path("error").asText() + expected.path("stderr_errors")));
        }
        List<String> diff;
        try {
            diff = OracleComparison.differences(expected, Scheduler.schedule(new CibImporter().parse(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))), !decided.incomplete());
        } catch (RuntimeException | IOException | StackOverflowError e) {
            diff = List.of("  error " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new Outcome(cib, xml, expected, diff);
    }
}
