package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.LocationConstraint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rsc-pattern locations and value-source=param/meta expressions in location rules. */
class LocationPatternTest {
    private static ClusterModel parse(String constraints) throws IOException {
        String cib = """
                <cib validate-with="pacemaker-3.0" crm_feature_set="3.16.1" have-quorum="1">
                  <configuration>
                    <crm_config/>
                    <nodes>
                      <node id="1" uname="n1"><instance_attributes id="na1">
                        <nvpair id="na1-size" name="size" value="100"/><nvpair id="na1-web" name="web-weight" value="7"/>
                      </instance_attributes></node>
                      <node id="2" uname="n2"><instance_attributes id="na2">
                        <nvpair id="na2-size" name="size" value="300"/><nvpair id="na2-rack" name="rack" value="2"/>
                      </instance_attributes></node>
                    </nodes>
                    <resources>
                      <primitive id="web-a" class="ocf" provider="pacemaker" type="Dummy">
                        <instance_attributes id="wa"><nvpair id="wa-s" name="size" value="200"/></instance_attributes>
                      </primitive>
                      <primitive id="web-b" class="ocf" provider="pacemaker" type="Dummy">
                        <meta_attributes id="wbm"><nvpair id="wbm-r" name="rack" value="2"/></meta_attributes>
                        <instance_attributes id="wb1" score="1"><nvpair id="wb1-s" name="size" value="50"/></instance_attributes>
                        <instance_attributes id="wb2" score="2">
                          <rule id="wb2-r" score="0"><expression id="wb2-e" attribute="#uname" operation="eq" value="n2"/></rule>
                          <nvpair id="wb2-s" name="size" value="300"/>
                        </instance_attributes>
                      </primitive>
                      <primitive id="db" class="ocf" provider="pacemaker" type="Dummy"/>
                    </resources>
                    <constraints>%s</constraints>
                  </configuration>
                </cib>
                """.formatted(constraints);
        return new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> located(ClusterModel m) {
        return m.locations().stream().map(LocationConstraint::resource).toList();
    }

    private static List<String> where(ClusterModel m, String rsc) {
        return m.locations().stream().filter(l -> l.resource().equals(rsc)).map(LocationConstraint::node).toList();
    }

    @Test
    void aPatternAppliesToEachTopLevelResourceItMatchesAnywhereInItsId() throws IOException {
        ClusterModel m = parse("<rsc_location id=\"l\" rsc-pattern=\"eb-\" node=\"n1\" score=\"50\"/>");
        assertThat(located(m)).containsExactly("web-a", "web-b");
        assertThat(m.locations()).allMatch(l -> l.score() == 50 && l.node().equals("n1"));
    }

    @Test
    void anInvertedPatternAppliesToTheOthers() throws IOException {
        assertThat(located(parse("<rsc_location id=\"l\" rsc-pattern=\"!^web\" node=\"n1\" score=\"50\"/>")))
                .containsExactly("db");
    }

    @Test
    void submatchesStandForPercentNInAttributeNamesAndScoreAttribute() throws IOException {
        ClusterModel m = parse("""
                <rsc_location id="l" rsc-pattern="^(web)-(a|b)$">
                  <rule id="r" score-attribute="%1-weight"><expression id="e" attribute="%1-weight" operation="defined"/></rule>
                </rsc_location>""");
        assertThat(m.locations()).extracting(l -> l.resource() + "@" + l.node() + "=" + l.score())
                .containsExactly("web-a@n1=7", "web-b@n1=7");
    }

    @Test
    void valueSourceParamComparesWithTheResourcesInstanceAttributeOnEachNode() throws IOException {
        String rule = """
                <rsc_location id="l" rsc-pattern="^web-">
                  <rule id="r" score="100"><expression id="e" attribute="size" operation="eq" value="size" value-source="param"/></rule>
                </rsc_location>""";
        ClusterModel m = parse(rule);
        assertThat(where(m, "web-a")).isEmpty(); // 200 is on no node
        // web-b's size is 300 on n2 (its rule-guarded set wins there) and 50 elsewhere
        assertThat(where(m, "web-b")).containsExactly("n2");
        assertThat(where(parse(rule.replace("\"eq\"", "\"gt\"")), "web-a")).containsExactly("n2");
    }

    @Test
    void valueSourceMetaAndAMissingAttributeComparesTheValueAsWritten() throws IOException {
        ClusterModel m = parse("""
                <rsc_location id="l" rsc="web-b">
                  <rule id="r" score="100"><expression id="e" attribute="rack" operation="eq" value="rack" value-source="meta"/></rule>
                </rsc_location>
                <rsc_location id="l2" rsc="db">
                  <rule id="r2" score="100"><expression id="e2" attribute="size" operation="eq" value="100" value-source="param"/></rule>
                </rsc_location>""");
        assertThat(where(m, "web-b")).containsExactly("n2");
        assertThat(where(m, "db")).containsExactly("n1");
    }

    @Test
    void aPatternThatDoesNotCompileIgnoresTheConstraint() throws IOException {
        CibImporter importer = new CibImporter();
        String cib = """
                <cib validate-with="none"><configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes>
                <resources><primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/></resources>
                <constraints><rsc_location id="l" rsc-pattern="(a" node="n1" score="5"/></constraints>
                </configuration></cib>""";
        ClusterModel m = importer.parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.locations()).isEmpty();
        assertThat(importer.warnings()).anyMatch(w -> w.contains("rsc-pattern has invalid value '(a'"));
    }
}
