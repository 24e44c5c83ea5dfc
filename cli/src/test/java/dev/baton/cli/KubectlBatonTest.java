package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KubectlBatonTest {
    private static final Path SEED = seedDir();

    private static Path seedDir() {
        String repo = System.getProperty("baton.repo", "..");
        return Paths.get(repo).resolve("../shared/conformance/seed").normalize();
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = KubectlBaton.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void simulateCibPrintsCrmSimulateStyleSummary() {
        Run r = run("simulate", "--cib", SEED.resolve("seed-cib.xml").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Transition Summary:")
                .containsPattern("\\* Start +vip +\\( compute-1 \\)")
                .containsPattern("\\* Start +www +\\( compute-1 \\)")
                .containsPattern("\\* Start +nova-network +\\( compute-2 \\)");
    }

    @Test
    void simulateCibPrintsFencingAsCrmSimulateDoes() throws Exception {
        Path dir = Paths.get(System.getProperty("baton.repo", ".."))
                .resolve("scheduler/src/test/resources/conformance-other/stonith-1");
        Run r = run("simulate", "--cib", dir.resolve("input.xml").toString());
        assertThat(r.exit()).isZero();
        // the fence line exactly as Debian's crm_simulate printed it for this CIB
        String fence = Files.readAllLines(dir.resolve("crm_simulate.txt")).stream()
                .filter(l -> l.startsWith("  * Fence")).findFirst().orElseThrow();
        assertThat(fence).isEqualTo("  * Fence (reboot) sles-3 'peer is no longer part of the cluster'");
        assertThat(r.out()).contains(fence + "\n").containsPattern("\\* Move +migrator +\\( sles-3 -> sles-4 \\)");
        Run json = run("simulate", "--cib", dir.resolve("input.xml").toString(), "-o", "json");
        assertThat(json.out()).containsPattern("\"task\": \"Fence \\(reboot\\)\"")
                .contains("\"fence/reboot sles-3\"");
    }

    @Test
    void simulateJsonHasExpectedJsonKeys() {
        Run r = run("simulate", "--cib", SEED.resolve("seed-cib.xml").toString(), "-o", "json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"placement\"", "\"actions\"")
                .containsPattern("\"vip\": \\[\\s*\"Started@compute-1\"\\s*\\]")
                .contains("\"action\": \"start\"");
    }

    @Test
    void showScoresExplainsEachContribution() {
        Run r = run("simulate", "--cib", SEED.resolve("seed-cib.xml").toString(), "--show-scores");
        assertThat(r.out()).contains("vip allocation score on compute-1: 200", "location compute-1 +200",
                "www allocation score on compute-2: -INFINITY");
    }

    @Test
    void crmSyntaxGivesTheSamePlacementAsTheCib() {
        Run crm = run("simulate", "--crm", SEED.resolve("seed.crm").toString(), "--node", "compute-1", "--node",
                "compute-2", "-o", "json");
        Run cib = run("simulate", "--cib", SEED.resolve("seed-cib.xml").toString(), "-o", "json");
        assertThat(placement(crm.out())).isEqualTo(placement(cib.out()));
    }

    private static String placement(String json) {
        return json.substring(json.indexOf("\"placement\""), json.indexOf("\"actions\""));
    }

    @Test
    void importRenamesToDns1123AndSimulateFromYamlAgrees(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("seed.yaml");
        Run imp = run("import", "--crm", SEED.resolve("seed.crm").toString(), "--node", "compute-1", "--node",
                "compute-2", "-f", yaml.toString());
        assertThat(imp.exit()).isZero();
        assertThat(imp.err()).contains("vip_and_www -> vip-and-www");
        String text = Files.readString(yaml);
        assertThat(text).contains("kind: HACluster", "kind: Primitive", "kind: ColocationConstraint",
                "name: vip-and-www", "withResource: vip", "score: INFINITY", "apiVersion: baton.dev/v1alpha1");
        Run fromYaml = run("simulate", "--from", dir.toString(), "-o", "json");
        assertThat(fromYaml.exit()).isZero();
        Run cib = run("simulate", "--cib", SEED.resolve("seed-cib.xml").toString(), "-o", "json");
        assertThat(placement(fromYaml.out())).isEqualTo(placement(cib.out()));
    }

    @Test
    void dns1123Names() {
        assertThat(BatonYaml.dns1123("vip_and_www")).isEqualTo("vip-and-www");
        assertThat(BatonYaml.dns1123("_Web:Server_")).isEqualTo("web-server");
        assertThat(BatonYaml.camel("no-quorum-policy")).isEqualTo("noQuorumPolicy");
        assertThat(BatonYaml.kebab("noQuorumPolicy")).isEqualTo("no-quorum-policy");
    }

    @Test
    void reportsWhatTheImporterCannotRepresent(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("cib.xml");
        Files.writeString(cib, """
                <cib><configuration><crm_config><cluster_property_set id="o">
                  <nvpair id="s" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
                  <nodes><node id="1" uname="n1"><instance_attributes id="ia">
                    <rule id="r" score="0"><date_expression id="d" operation="gt" start="2005-001"/></rule>
                    <nvpair id="a" name="rack" value="b"/></instance_attributes></node></nodes>
                  <resources><primitive id="p" class="ocf" provider="pacemaker" type="Dummy"/></resources>
                  <constraints/></configuration>
                  <status><node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member"/></status></cib>
                """);
        Run r = run("simulate", "--cib", cib.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("not supported", "rule-guarded instance_attributes ia");
        assertThat(r.out()).containsPattern("\\* Start +p +\\( n1 \\)");
    }

    @Test
    void takesAtMostOneInput() {
        String cib = SEED.resolve("seed-cib.xml").toString();
        assertThat(run("simulate", "--cib", cib, "--crm", SEED.resolve("seed.crm").toString()).exit()).isEqualTo(2);
        Run r = run("simulate", "--cib", cib, "--git-source", "ha");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --git-source reads the live cluster: it cannot be combined with --cib,"
                + " --crm or --from\n");
    }
}
