package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What migrate_to / migrate_from records say about both ends of a live migration, and what follows from it. */
class MigrationHistoryTest {
    private static final String MIGRATE_TO_OK = "<lrm_rsc_op id=\"v_migrate_to_0\" operation=\"migrate_to\" interval=\"0\""
            + " call-id=\"3\" rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\" last-rc-change=\"1000\""
            + " migrate_source=\"n1\" migrate_target=\"n2\"/>";

    /** v runs on n1 (started, then the given ops); n2 has {@code n2Ops}; n2 online or not; v prefers {@code to}. */
    private static ClusterModel model(String n1Ops, String n2Ops, boolean n2Online, String to) throws IOException {
        String cib = """
                <cib crm_feature_set="3.16.1" have-quorum="1" execution-date="2000000000" validate-with="pacemaker-3.0">
                  <configuration>
                    <crm_config><cluster_property_set id="o">
                      <nvpair id="a" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
                    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>
                    <resources>
                      <primitive id="v" class="ocf" provider="pacemaker" type="Dummy">
                        <meta_attributes id="m"><nvpair id="m1" name="allow-migrate" value="true"/></meta_attributes>
                      </primitive>
                    </resources>
                    <constraints><rsc_location id="l" rsc="v" node="%s" score="1000"/></constraints>
                  </configuration>
                  <status>
                    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member">
                      <lrm id="l1"><lrm_resources><lrm_resource id="v" class="ocf" provider="pacemaker" type="Dummy">
                        <lrm_rsc_op id="v_start_0" operation="start" interval="0" call-id="2" rc-code="0" op-status="0"
                          transition-key="1:1:0:x" last-rc-change="900"/>
                        %s
                      </lrm_resource></lrm_resources></lrm>
                    </node_state>
                    <node_state id="2" uname="n2" in_ccm="%s" crmd="%s" join="member">
                      <lrm id="l2"><lrm_resources><lrm_resource id="v" class="ocf" provider="pacemaker" type="Dummy">
                        <lrm_rsc_op id="v_monitor_0" operation="monitor" interval="0" call-id="1" rc-code="7" op-status="0"
                          transition-key="1:1:7:x" last-rc-change="800"/>
                        %s
                      </lrm_resource></lrm_resources></lrm>
                    </node_state>
                    <node_state id="3" uname="n3" in_ccm="true" crmd="online" join="member"/>
                  </status>
                </cib>""".formatted(to, n1Ops, n2Online, n2Online ? "online" : "offline", n2Ops);
        return new CibImporter().parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> active(ClusterModel m) {
        return m.history().stream().filter(h -> h.role() == Role.STARTED)
                .map(h -> h.node() + (h.failed() ? " failed" : "")
                        + (h.migrationSource() != null ? " from " + h.migrationSource() : "")).toList();
    }

    private static List<String> summary(ClusterModel m) {
        return Scheduler.schedule(m).graph().summary().stream().map(a -> a.action() + " "
                + (a.node() != null ? a.node() : a.from() + "->" + a.to())).toList();
    }

    @Test
    void aMigrateToWithoutMigrateFromIsAPartialMigrationThatContinues() throws IOException {
        ClusterModel m = model(MIGRATE_TO_OK, "", true, "n2");
        assertThat(active(m)).containsExactly("n2 from n1", "n1");
        assertThat(summary(m)).containsExactly("migrate n1->n2");
    }

    @Test
    void aPartialMigrationToAnotherNodeStopsBothEnds() throws IOException {
        ClusterModel m = model(MIGRATE_TO_OK, "", true, "n3");
        assertThat(summary(m)).containsExactly("move n1->n3");
    }

    @Test
    void aMigrateToWhoseTargetIsDownFailsTheSource() throws IOException {
        ClusterModel m = model(MIGRATE_TO_OK, "", false, "n3");
        assertThat(active(m)).containsExactly("n1 failed");
        assertThat(summary(m)).containsExactly("recover n1->n3");
    }

    @Test
    void aFinishedMigrationLeavesItOnTheTargetOnly() throws IOException {
        ClusterModel m = model(MIGRATE_TO_OK, "<lrm_rsc_op id=\"v_migrate_from_0\" operation=\"migrate_from\""
                + " interval=\"0\" call-id=\"2\" rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\""
                + " last-rc-change=\"1001\" migrate_source=\"n1\" migrate_target=\"n2\"/>", true, "n2");
        assertThat(active(m)).containsExactly("n2");
        assertThat(summary(m)).isEmpty();
    }

    @Test
    void aFailedMigrateFromLeavesItActiveAndFailedOnBothEnds() throws IOException {
        ClusterModel m = model(MIGRATE_TO_OK, "<lrm_rsc_op id=\"v_migrate_from_0\" operation=\"migrate_from\""
                + " interval=\"0\" call-id=\"2\" rc-code=\"1\" op-status=\"4\" transition-key=\"1:1:0:x\""
                + " last-rc-change=\"1001\" migrate_source=\"n1\" migrate_target=\"n2\"/>", true, "n2");
        assertThat(active(m)).containsExactlyInAnyOrder("n2 failed", "n1", "n1 failed", "n2 failed");
        assertThat(summary(m)).containsExactly("recover n2");
    }

    @Test
    void aLaterStopOnTheSourceEndsTheMigrationThere() throws IOException {
        ClusterModel m = model(MIGRATE_TO_OK + "<lrm_rsc_op id=\"v_stop_0\" operation=\"stop\" interval=\"0\""
                + " call-id=\"4\" rc-code=\"0\" op-status=\"0\" transition-key=\"1:1:0:x\" last-rc-change=\"1100\"/>",
                "", true, "n2");
        assertThat(active(m)).containsExactly("n2 from n1");
        assertThat(m.history()).filteredOn(h -> h.node().equals("n1")).extracting(ResourceHistory::role)
                .containsExactly(Role.STOPPED);
    }
}
