package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code simulate --cib} on the CIBs of golden/simulate/ prints the Transition Summary Pacemaker's own
 * crm_simulate printed for them (NAME.crm_simulate.txt, written by hack/golden-simulate.sh).
 */
class SimulateGoldenTest {
    private static final Path DIR = Path.of(System.getProperty("baton.repo", ".."), "cli/src/test/resources/golden/simulate");

    static Stream<String> cibs() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    @Test
    void theFixturesCoverTheSeedAGroupAPromotableCloneAndAFailedOperation() throws Exception {
        assertThat(cibs()).contains("seed", "group", "promotable", "failed-op");
    }

    @ParameterizedTest
    @MethodSource("cibs")
    void transitionSummaryIsCrmSimulates(String name) throws Exception {
        var r = CliRun.run("simulate", "--cib", DIR.resolve(name + ".xml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> oracle = transitionSummary(Files.readString(DIR.resolve(name + ".crm_simulate.txt")));
        assertThat(oracle).as("golden of " + name).isNotEmpty();
        assertThat(transitionSummary(r.out())).isEqualTo(oracle);
    }

    /** The committed goldens are what crm_simulate answers today: a changed CIB needs hack/golden-simulate.sh. */
    /** What Debian's crm_simulate answered (stdout and stderr) and its exit code. */
    record OracleRun(String out, int exit) {
    }

    /**
     * {@code crm_simulate -x CIB -S ARGS} in {@code dir}, in the C locale, with a shadow directory of its own (it
     * writes one beside the CIB otherwise).
     */
    static OracleRun crmSimulate(Path dir, String cib, List<String> args) throws Exception {
        Path shadow = Files.createTempDirectory("cib-shadow");
        List<String> argv = new ArrayList<>(List.of("crm_simulate", "-x", cib, "-S"));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("CIB_shadow_dir", shadow.toString());
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("crm_simulate (pacemaker-cli-utils) is needed: run hack/deps.sh", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new OracleRun(out, p.exitValue());
    }

    @ParameterizedTest
    @MethodSource("cibs")
    void goldenIsTheOraclesCurrentAnswer(String name) throws Exception {
        String out = crmSimulate(DIR, name + ".xml", List.of()).out();
        String golden = Files.readString(DIR.resolve(name + ".crm_simulate.txt"));
        assertThat(golden.substring(golden.indexOf('\n') + 1)).as("run hack/golden-simulate.sh").isEqualTo(out);
    }

    /**
     * The lines of the "Transition Summary:" section. crm_simulate pads the columns and the space inside the
     * parentheses to its widest entry; only that whitespace is normalised.
     */
    static List<String> transitionSummary(String text) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String l : text.split("\n", -1)) {
            if (l.equals("Transition Summary:")) {
                in = true;
            } else if (in && l.startsWith("  * ")) {
                lines.add(l.strip().replaceAll("\\s+", " "));
            } else if (in) {
                break;
            }
        }
        return lines;
    }
}
