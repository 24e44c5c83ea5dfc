package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Which of several attribute sets gives a name its value, as crm_simulate 2.1.5 decides (checked with it: of two
 * meta_attributes sets setting target-role, the later one counts): the highest score, then the later set, and
 * cib-bootstrap-options before any other property set.
 */
class AttributeSetPrecedenceTest {
    private static ClusterModel read(String props, String metaSets) throws IOException {
        String cib = """
                <cib validate-with="pacemaker-3.0" crm_feature_set="3.16.1" have-quorum="1">
                  <configuration>
                    <crm_config>%s</crm_config>
                    <nodes><node id="1" uname="n1"/></nodes>
                    <resources><primitive id="r" class="ocf" provider="pacemaker" type="Dummy">%s</primitive></resources>
                    <constraints/>
                  </configuration>
                </cib>
                """.formatted(props, metaSets);
        return new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
    }

    private static String set(String id, String score, String value) {
        return "<meta_attributes id=\"" + id + "\"" + (score == null ? "" : " score=\"" + score + "\"") + ">"
                + "<nvpair id=\"" + id + "-t\" name=\"target-role\" value=\"" + value + "\"/></meta_attributes>";
    }

    @Test
    void amongEqualScoresTheLaterSetWins() throws IOException {
        assertThat(read("", set("a", null, "Stopped") + set("b", null, "Started")).resources().get(0).meta())
                .containsEntry("target-role", "Started");
        assertThat(read("", set("a", null, "Started") + set("b", null, "Stopped")).resources().get(0).meta())
                .containsEntry("target-role", "Stopped");
    }

    @Test
    void aHigherScoreWinsWhereverTheSetIs() throws IOException {
        assertThat(read("", set("a", "10", "Stopped") + set("b", null, "Started")).resources().get(0).meta())
                .containsEntry("target-role", "Stopped");
    }

    @Test
    void clusterBootstrapOptionsComeFirst() throws IOException {
        String props = """
                <cluster_property_set id="cib-bootstrap-options"><nvpair id="p1" name="no-quorum-policy" value="freeze"/></cluster_property_set>
                <cluster_property_set id="later"><nvpair id="p2" name="no-quorum-policy" value="ignore"/></cluster_property_set>
                """;
        assertThat(read(props, "").properties().noQuorumPolicy()).isEqualTo("freeze");
    }
}
