package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CibImporterTest {
    private static final String CIB = """
            <cib crm_feature_set="3.16.1" have-quorum="1" dc-uuid="1">
              <configuration>
                <crm_config><cluster_property_set id="o">
                  <nvpair id="a" name="stonith-enabled" value="false"/>
                </cluster_property_set></crm_config>
                <nodes>
                  <node id="1" uname="n1"/>
                  <node id="2" uname="n2"><instance_attributes id="n2a">
                    <nvpair id="s" name="standby" value="on"/></instance_attributes></node>
                  <node id="3" uname="n3"><instance_attributes id="n3a">
                    <nvpair id="r" name="rack" value="b"/></instance_attributes></node>
                </nodes>
                <resources>
                  <group id="web">
                    <primitive id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                      <instance_attributes id="ipp"><nvpair id="ip1" name="ip" value="192.0.2.10"/></instance_attributes>
                      <operations><op id="m" name="monitor" interval="10s"/></operations>
                    </primitive>
                    <primitive id="apache" class="lsb" type="apache2"/>
                  </group>
                </resources>
                <constraints>
                  <rsc_location id="pref" rsc="web" node="n1" score="200"/>
                  <rsc_location id="rack" rsc="web">
                    <rule id="r1" score="-INFINITY"><expression id="e" attribute="rack" operation="eq" value="b"/></rule>
                  </rsc_location>
                </constraints>
              </configuration>
              <status>
                <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member">
                  <transient_attributes id="t1"><instance_attributes id="t1a">
                    <nvpair id="f" name="fail-count-apache#monitor_10000" value="2"/>
                  </instance_attributes></transient_attributes>
                  <lrm id="l1"><lrm_resources>
                    <lrm_resource id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                      <lrm_rsc_op id="ip_start_0" operation="start" call-id="2" rc-code="0" op-status="0" interval="0"
                                  transition-key="1:1:0:x"/>
                    </lrm_resource>
                    <lrm_resource id="apache" class="lsb" type="apache2">
                      <lrm_rsc_op id="a_start_0" operation="start" call-id="3" rc-code="0" op-status="0" interval="0"
                                  transition-key="2:1:0:x"/>
                      <lrm_rsc_op id="a_mon" operation="monitor" call-id="4" rc-code="7" op-status="0"
                                  interval="10000" transition-key="3:1:0:x"/>
                    </lrm_resource>
                  </lrm_resources></lrm>
                </node_state>
                <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member"/>
                <node_state id="3" uname="n3" in_ccm="false" crmd="offline" join="down"/>
              </status>
            </cib>
            """;

    private static ClusterModel model() throws IOException {
        return new CibImporter().parse(new ByteArrayInputStream(CIB.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsNodesAndTheirState() throws IOException {
        ClusterModel m = model();
        assertThat(m.nodes()).extracting(n -> n.name()).containsExactly("n1", "n2", "n3");
        assertThat(m.nodes().get(0).canRunResources()).isTrue();
        assertThat(m.nodes().get(1).standby()).isTrue();
        assertThat(m.nodes().get(2).online()).isFalse();
        assertThat(m.properties().stonithEnabled()).isFalse();
    }

    @Test
    void readsResourcesWithParamsAndOperations() throws IOException {
        Group web = (Group) model().resources().get(0);
        assertThat(web.members()).extracting(p -> p.id()).containsExactly("ip", "apache");
        assertThat(web.members().get(0).params()).containsEntry("ip", "192.0.2.10");
        assertThat(web.members().get(0).operations().get(0).intervalMs()).isEqualTo(10_000);
        assertThat(web.members().get(1).agent()).isEqualTo("lsb:apache2");
    }

    @Test
    void expandsLocationRulesPerMatchingNode() throws IOException {
        assertThat(model().locations()).extracting(LocationConstraint::node, LocationConstraint::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n1", 200),
                        org.assertj.core.groups.Tuple.tuple("n3", -1_000_000));
    }

    @Test
    void readsResourceDiscoveryOfPlainAndRuleLocations() throws IOException {
        String cib = CIB.replace("<rsc_location id=\"pref\" rsc=\"web\" node=\"n1\" score=\"200\"/>",
                "<rsc_location id=\"pref\" rsc=\"web\" node=\"n1\" score=\"200\" resource-discovery=\"never\"/>")
                .replace("<rsc_location id=\"rack\" rsc=\"web\">",
                        "<rsc_location id=\"rack\" rsc=\"web\" resource-discovery=\"exclusive\">");
        ClusterModel m = new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.locations()).extracting(LocationConstraint::node, LocationConstraint::discovery)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n1", LocationConstraint.Discovery.NEVER),
                        org.assertj.core.groups.Tuple.tuple("n3", LocationConstraint.Discovery.EXCLUSIVE));
        assertThat(model().locations()).allMatch(l -> l.discovery() == LocationConstraint.Discovery.ALWAYS);
    }

    @Test
    void refusesAnUnknownResourceDiscoveryUnderASchema() {
        String cib = CIB.replace("<cib crm_feature_set", "<cib validate-with=\"pacemaker-3.7\" crm_feature_set")
                .replace("node=\"n1\" score=\"200\"/>", "node=\"n1\" score=\"200\" resource-discovery=\"sometimes\"/>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CibImporter().parse(
                        new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ImportException.class).hasMessageContaining("resource-discovery")
                .hasMessageContaining("'sometimes' is not one of always, never, exclusive");
    }

    @Test
    void replaysOperationHistory() throws IOException {
        ClusterModel m = model();
        ResourceHistory ip = m.history().stream().filter(h -> h.resource().equals("ip")).findFirst().orElseThrow();
        ResourceHistory apache = m.history().stream().filter(h -> h.resource().equals("apache")).findFirst()
                .orElseThrow();
        assertThat(ip.role()).isEqualTo(Role.STARTED);
        assertThat(ip.failed()).isFalse();
        // a recurring monitor that found it not running: still active, failed
        assertThat(apache.role()).isEqualTo(Role.STARTED);
        assertThat(apache.failed()).isTrue();
        assertThat(apache.failCount()).isEqualTo(2);
    }

    @Test
    void durationsInPacemakerForms() {
        assertThat(Durations.toMillis("10")).isEqualTo(10_000);
        assertThat(Durations.toMillis("10s")).isEqualTo(10_000);
        assertThat(Durations.toMillis("500ms")).isEqualTo(500);
        assertThat(Durations.toMillis("1min")).isEqualTo(60_000);
        assertThat(Durations.toMillis("P10S")).isEqualTo(10_000);
    }
}
