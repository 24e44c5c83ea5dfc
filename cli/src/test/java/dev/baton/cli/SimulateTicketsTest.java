package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code simulate --ticket-grant/--ticket-revoke/--ticket-standby/--ticket-activate} on golden/tickets/tickets.xml
 * (the seed running, www needing ticket site-a with loss-policy stop, nova-network site-b in a resource set with
 * loss-policy freeze) says what Pacemaker's own crm_simulate, run with the same options, says: the requested
 * modifications in its words and order, and the same Transition Summary.
 */
class SimulateTicketsTest {
    private static final Path CIB = Path.of(System.getProperty("baton.repo", ".."),
            "cli/src/test/resources/golden/tickets/tickets.xml");

    @ParameterizedTest
    @ValueSource(strings = {"", "--ticket-revoke site-a", "--ticket-revoke site-b", "-r site-a -r site-b",
        "--ticket-standby site-a", "--ticket-standby site-a --ticket-activate site-a",
        "--ticket-revoke site-a --ticket-grant site-a", "--ticket-grant site-c"})
    void modificationsAndSummaryAreCrmSimulates(String options) throws Exception {
        List<String> args = new ArrayList<>(List.of("simulate", "--cib", CIB.toString()));
        if (!options.isEmpty()) {
            args.addAll(List.of(options.split(" ")));
        }
        var r = CliRun.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        String oracle = crmSimulate(options);
        assertThat(section(r.out(), "Performing Requested Modifications:"))
                .isEqualTo(section(oracle, "Performing Requested Modifications:"));
        assertThat(SimulateGoldenTest.transitionSummary(r.out())).isEqualTo(summary(oracle));
    }

    /**
     * crm_simulate's summary without the reason "due to node availability", which Baton's summary does not give
     * for any stop (the differential tests compare actions, not these words); every other reason stays.
     */
    private static List<String> summary(String crmSimulate) {
        return SimulateGoldenTest.transitionSummary(crmSimulate).stream()
                .map(l -> l.replace(" due to node availability", "")).toList();
    }

    @Test
    void revokingTheTicketStopsWwwOnly() {
        var r = CliRun.run("simulate", "--cib", CIB.toString(), "--ticket-revoke", "site-a", "-r", "site-b");
        assertThat(r.out()).contains("Performing Requested Modifications:\n  * Revoking ticket site-a\n"
                + "  * Revoking ticket site-b\n");
        assertThat(SimulateGoldenTest.transitionSummary(r.out()))
                .containsExactly("* Stop www ( compute-1 )");
        var json = CliRun.run("simulate", "--cib", CIB.toString(), "-r", "site-a", "-o", "json");
        assertThat(json.out()).contains("\"modifications\"", "Revoking ticket site-a");
    }

    private static String crmSimulate(String options) throws Exception {
        SimulateGoldenTest.OracleRun run = SimulateGoldenTest.crmSimulate(CIB.getParent(), CIB.getFileName().toString(),
                options.isEmpty() ? List.of() : List.of(options.split(" ")));
        assertThat(run.exit()).as(run.out()).isZero();
        return run.out();
    }

    /** The "  * " lines under a heading, up to the first other line. */
    private static List<String> section(String text, String heading) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String l : text.split("\n", -1)) {
            if (l.equals(heading)) {
                in = true;
            } else if (in && l.startsWith("  * ")) {
                lines.add(l);
            } else if (in) {
                break;
            }
        }
        return lines;
    }
}
