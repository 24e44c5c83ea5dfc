package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Node;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NodeStatesTest {
    private static final String RUNNING = """
            <lrm id="l"><lrm_resources><lrm_resource id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
              <lrm_rsc_op id="s" operation="start" call-id="2" rc-code="0" op-status="0" interval="0"
                          transition-key="1:1:0:x"/>
            </lrm_resource></lrm_resources></lrm>""";

    private static ClusterModel cib(String properties, String cibAttributes, String states) throws IOException {
        String xml = """
                <cib crm_feature_set="3.16.1" %s>
                  <configuration>
                    <crm_config><cluster_property_set id="o">%s</cluster_property_set></crm_config>
                    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
                    <resources>
                      <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2"/>
                      <primitive id="fencer" class="stonith" type="fence_dummy"/>
                    </resources>
                    <constraints/>
                  </configuration>
                  <status>
                    <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
                    %s
                  </status>
                </cib>
                """.formatted(cibAttributes, properties, states);
        return new CibImporter().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Node n1(ClusterModel m) {
        return m.nodes().get(0);
    }

    private static Node n1(String state) throws IOException {
        return n1(cib("", "have-quorum=\"1\"", state));
    }

    @Test
    void aFullMemberIsOnlineAndClean() throws IOException {
        Node n = n1("<node_state id=\"1\" uname=\"n1\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"/>");
        assertThat(n.online()).isTrue();
        assertThat(n.unclean()).isNull();
        assertThat(n.canRunResources()).isTrue();
    }

    @Test
    void aNodeThatLeftTheMembershipUnexpectedlyIsUnclean() throws IOException {
        Node n = n1("<node_state id=\"1\" uname=\"n1\" in_ccm=\"false\" crmd=\"offline\" join=\"member\" expected=\"member\"/>");
        assertThat(n.online()).isFalse();
        assertThat(n.unclean()).isEqualTo("peer is no longer part of the cluster");
    }

    @Test
    void aNodeThatWasExpectedDownIsCleanlyOffline() throws IOException {
        Node n = n1("<node_state id=\"1\" uname=\"n1\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\"/>");
        assertThat(n.online()).isFalse();
        assertThat(n.unclean()).isNull();
    }

    @Test
    void aMemberWhoseControllerDiedIsUncleanButStillInTheMembership() throws IOException {
        Node n = n1("<node_state id=\"1\" uname=\"n1\" in_ccm=\"true\" crmd=\"offline\" join=\"member\" expected=\"member\"/>");
        assertThat(n.online()).isTrue();
        assertThat(n.unclean()).isEqualTo("peer process is no longer available");
        assertThat(n.canRunResources()).isFalse();
    }

    @Test
    void terminateRequestsFencing() throws IOException {
        Node n = n1("""
                <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <transient_attributes id="t"><instance_attributes id="ta">
                    <nvpair id="x" name="terminate" value="true"/></instance_attributes></transient_attributes>
                </node_state>""");
        assertThat(n.unclean()).isEqualTo("termination was requested");
    }

    @Test
    void aNodeNeverSeenIsUncleanUnlessStartupFencingIsOff() throws IOException {
        assertThat(n1("").unclean()).isEqualTo("node is unclean");
        ClusterModel blindFaith = cib("<nvpair id=\"sf\" name=\"startup-fencing\" value=\"false\"/>",
                "have-quorum=\"1\"", "");
        assertThat(n1(blindFaith).unclean()).isNull();
        assertThat(n1(blindFaith).online()).isFalse();
    }

    @Test
    void anOfflineNodeThoughtToRunAResourceIsUnclean() throws IOException {
        Node n = n1("<node_state id=\"1\" uname=\"n1\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\">"
                + RUNNING + "</node_state>");
        assertThat(n.unclean()).isEqualTo("vip is thought to be active there");
    }

    @Test
    void withoutFencingAnOfflineNodesHistoryIsNotRead() throws IOException {
        ClusterModel m = cib("<nvpair id=\"se\" name=\"stonith-enabled\" value=\"false\"/>", "have-quorum=\"1\"",
                "<node_state id=\"1\" uname=\"n1\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\">"
                        + RUNNING + "</node_state>");
        assertThat(n1(m).unclean()).isNull();
        assertThat(m.history()).noneMatch(h -> h.node().equals("n1"));
    }

    @Test
    void withoutFencingOnlyAnUnexpectedlyDownNodeIsUnclean() throws IOException {
        ClusterModel m = cib("<nvpair id=\"se\" name=\"stonith-enabled\" value=\"false\"/>", "have-quorum=\"1\"",
                "<node_state id=\"1\" uname=\"n1\" in_ccm=\"true\" join=\"member\" expected=\"member\"/>");
        assertThat(n1(m).online()).isFalse();
        assertThat(n1(m).unclean()).isEqualTo("peer is unexpectedly down");
    }

    @Test
    void aFailureWithOnFailFenceMakesTheNodeUnclean() throws IOException {
        Node n = n1("""
                <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm id="l"><lrm_resources><lrm_resource id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
                    <lrm_rsc_op id="s" operation="stop" call-id="2" rc-code="1" op-status="4" interval="0"
                                transition-key="1:1:0:x"/>
                  </lrm_resource></lrm_resources></lrm>
                </node_state>""");
        assertThat(n.online()).isTrue();
        assertThat(n.unclean()).isEqualTo("vip failed there");
    }

    @Test
    void suicideFencesEveryMemberOnceQuorumIsLostButNotInAClusterThatNeverHadIt() throws IOException {
        String member = "<node_state id=\"1\" uname=\"n1\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"/>";
        String suicide = "<nvpair id=\"nq\" name=\"no-quorum-policy\" value=\"suicide\"/>";
        ClusterModel lost = cib(suicide, "have-quorum=\"0\" no-quorum-panic=\"1\"", member);
        assertThat(lost.nodes()).extracting(Node::unclean).containsOnly("cluster does not have quorum");
        assertThat(n1(cib(suicide, "have-quorum=\"0\"", member)).unclean()).isNull();
    }
}
