package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.ResourceHistory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How remote and guest nodes are read from a CIB (Pacemaker Explained, "Pacemaker Remote"). */
class RemoteNodesTest {
    private static String op(String rsc, String operation, int rc) {
        return """
                <lrm_resource id="%s" class="ocf" provider="pacemaker" type="%s">
                  <lrm_rsc_op id="%s_last" operation="%s" call-id="2" rc-code="%d" op-status="%d" interval="0"
                              transition-key="1:1:0:x"/>
                </lrm_resource>""".formatted(rsc, rsc.equals("app") ? "Dummy" : rsc.equals("vm") ? "VirtualDomain"
                : "remote", rsc, operation, rc, rc == 0 ? 0 : 4);
    }

    /** Cluster node c1 (whose history is {@code c1}), remote node r1 (its connection r1), app on r1. */
    private static ClusterModel cib(String stonith, String c1) throws IOException {
        String xml = """
                <cib crm_feature_set="3.16.1" validate-with="pacemaker-3.7" have-quorum="1">
                  <configuration>
                    <crm_config><cluster_property_set id="o">
                      <nvpair id="o-s" name="stonith-enabled" value="%s"/>
                    </cluster_property_set></crm_config>
                    <nodes><node id="1" uname="c1"/><node id="r1" uname="r1" type="remote">
                      <instance_attributes id="r1-a"><nvpair id="r1-a-k" name="kind" value="edge"/></instance_attributes>
                    </node></nodes>
                    <resources>
                      <primitive id="r1" class="ocf" provider="pacemaker" type="remote"/>
                      <primitive id="app" class="ocf" provider="pacemaker" type="Dummy"/>
                      <primitive id="fencer" class="stonith" type="fence_dummy"/>
                    </resources>
                    <constraints/>
                  </configuration>
                  <status>
                    <node_state id="1" uname="c1" in_ccm="true" crmd="online" join="member" expected="member">
                      <lrm id="1"><lrm_resources>%s</lrm_resources></lrm>
                    </node_state>
                    <node_state id="r1" uname="r1" remote_node="true">
                      <lrm id="r1"><lrm_resources>%s</lrm_resources></lrm>
                    </node_state>
                  </status>
                </cib>
                """.formatted(stonith, c1, op("app", "start", 0));
        return new CibImporter().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Node node(ClusterModel m, String name) {
        return m.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRemoteNodeIsOnlineWhileItsConnectionRuns() throws IOException {
        ClusterModel m = cib("false", op("r1", "start", 0));
        Node r1 = node(m, "r1");
        assertThat(r1.online()).isTrue();
        assertThat(r1.unclean()).isNull();
        assertThat(r1.attributes()).containsEntry("kind", "edge").containsEntry("#kind", "remote");
        assertThat(m.history()).extracting(ResourceHistory::resource, ResourceHistory::node)
                .contains(org.assertj.core.groups.Tuple.tuple("app", "r1"));
    }

    @Test
    void withoutItsConnectionItIsOfflineAndWithoutFencingItsHistoryIsNotRead() throws IOException {
        ClusterModel m = cib("false", "");
        assertThat(node(m, "r1").online()).isFalse();
        assertThat(m.history()).noneMatch(h -> h.node().equals("r1"));
    }

    @Test
    void withFencingWhatRunsThereMakesItUncleanUntilTheConnectionIsBack() throws IOException {
        Node r1 = node(cib("true", ""), "r1");
        assertThat(r1.online()).isFalse();
        assertThat(r1.unclean()).isEqualTo(Node.activeOnRemote("app"));
        assertThat(r1.fencingRevocable()).isTrue();
    }

    @Test
    void aFailedConnectionMakesItUncleanForGood() throws IOException {
        Node r1 = node(cib("true", op("r1", "monitor", 1)), "r1");
        assertThat(r1.online()).isFalse();
        assertThat(r1.unclean()).isEqualTo("app is thought to be active there");
        assertThat(r1.fencingRevocable()).isFalse();
    }

    @Test
    void aGuestNodeIsReachedThroughAnImplicitConnectionInsideItsContainer() throws IOException {
        String xml = """
                <cib crm_feature_set="3.16.1" validate-with="pacemaker-3.7">
                  <configuration>
                    <crm_config/>
                    <nodes><node id="1" uname="c1"/></nodes>
                    <resources>
                      <primitive id="vm" class="ocf" provider="heartbeat" type="VirtualDomain">
                        <meta_attributes id="vm-m">
                          <nvpair id="vm-m-r" name="remote-node" value="g1"/>
                          <nvpair id="vm-m-a" name="remote-addr" value="10.0.0.5"/>
                        </meta_attributes>
                      </primitive>
                    </resources>
                    <constraints/>
                  </configuration>
                  <status>
                    <node_state id="1" uname="c1" in_ccm="true" crmd="online" join="member" expected="member">
                      <lrm id="1"><lrm_resources>%s%s</lrm_resources></lrm>
                    </node_state>
                  </status>
                </cib>
                """.formatted(op("vm", "start", 0), op("g1", "start", 0));
        ClusterModel m = new CibImporter().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Primitive g1 = (Primitive) m.resources().get(m.resources().size() - 1);
        assertThat(g1.id()).isEqualTo("g1");
        assertThat(g1.agent()).isEqualTo("ocf:pacemaker:remote");
        assertThat(g1.meta()).containsEntry("container", "vm");
        assertThat(g1.params()).containsEntry("server", "10.0.0.5");
        assertThat(node(m, "g1").online()).isTrue();
        assertThat(node(m, "g1").attributes()).containsEntry("#kind", "container");
        assertThat(node(m, "c1").attributes()).doesNotContainKey("#kind");
    }
}
