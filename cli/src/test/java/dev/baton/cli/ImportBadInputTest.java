package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.status.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate} and {@code import} on bad input: what Pacemaker tolerates runs, with crm_simulate's warning and its
 * transition; what it refuses is one line naming the element and attribute, exit 2, never a stack trace.
 */
class ImportBadInputTest {
    private static final Path ORDER2 = Path.of(System.getProperty("baton.repo", ".."),
            "../shared/conformance/pacemaker-cts/tier1/order2/input.xml");

    @TempDir
    Path dir;

    /** order2 of the corpus with its first order's kind set to 'foo', under {@code validateWith}. */
    private Path unknownKind(String validateWith) throws Exception {
        String cib = Files.readString(ORDER2).replace("validate-with=\"pacemaker-3.0\"", "validate-with=\"" + validateWith
                + "\"").replaceFirst("kind=\"Optional\"", "kind=\"foo\"");
        assertThat(cib).contains("kind=\"foo\"", "validate-with=\"" + validateWith + "\"");
        Path file = dir.resolve(validateWith + ".xml");
        Files.writeString(file, cib);
        return file;
    }

    @Test
    void anUnknownOrderKindWithoutSchemaIsMandatoryWithPacemakersWarningAndTransition() throws Exception {
        Path cib = unknownKind("none");
        var r = CliRun.run("simulate", "--cib", cib.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("error: Resetting 'kind' for constraint order1 to 'Mandatory' because 'foo' is not"
                + " valid\n");
        String crm = crmSimulate(cib);
        assertThat(SimulateGoldenTest.transitionSummary(r.out())).isNotEmpty()
                .isEqualTo(SimulateGoldenTest.transitionSummary(crm));
    }

    @Test
    void anUnknownOrderKindUnderASchemaIsOneLineAndExit2() throws Exception {
        Path cib = unknownKind("pacemaker-3.0");
        var r = CliRun.run("simulate", "--cib", cib.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + cib + ": rsc_order 'order1': kind: 'foo' is not one of Mandatory,"
                + " Optional, Serialize (validate-with=pacemaker-3.0)\n");
        assertThat(crmSimulate(cib)).as("crm_simulate refuses it too").contains("Invalid attribute kind for element"
                + " rsc_order");
    }

    @Test
    void aTruncatedCibIsOneLineAndExit2() throws Exception {
        String text = Files.readString(ORDER2);
        Path cib = dir.resolve("cut.xml");
        Files.writeString(cib, text.substring(0, text.length() / 2));
        var r = CliRun.run("import", "cib", cib.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: " + cib + ": cib: not well-formed XML (line ").hasLineCount(1);
    }

    @Test
    void crmRefusalsNameTheCommandAndTheToken() throws Exception {
        String[][] cases = {
            {"order o1 foo: a b", "order o1: foo:: not a kind (Mandatory, Optional, Serialize) or score"},
            {"primitive a ocf:pacemaker:Dummy\nlocation l1 a big: node1", "location l1: big: not a score"},
            {"colocation c1 inf", "colocation c1: inf: expected SCORE: (e.g. inf:)"},
            {"primitive", "primitive: id: missing (the command ends after 1 word)"},
            {"group g1 nosuch", "group g1: nosuch: object nosuch does not exist"},
        };
        for (String[] c : cases) {
            Path crm = dir.resolve("bad.crm");
            Files.writeString(crm, c[0] + "\n");
            var r = CliRun.run("import", "crm", crm.toString(), "--node", "node1");
            assertThat(r.exit()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).startsWith("error: " + crm + ": " + c[1]).hasLineCount(1);
        }
    }

    private static String crmSimulate(Path cib) throws Exception {
        Path shadow = Files.createTempDirectory("cib-shadow");
        ProcessBuilder pb = new ProcessBuilder("crm_simulate", "-x", cib.toString(), "-S").redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("CIB_shadow_dir", shadow.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
