package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.TicketConstraint;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmImporterTest {
    private static final String SEED = """
            property stonith-enabled=false
            property no-quorum-policy=ignore
            property start-failure-is-fatal=false
            rsc_defaults migration-threshold=1
            primitive vip ocf:heartbeat:IPaddr2 params ip=198.51.100.100 nic=eth0 op monitor interval=3s
            primitive www lsb:apache2 op monitor interval="10s"
            primitive nova-network lsb:nova-network op monitor interval="60s"
            colocation vip_and_www inf: www vip
            order vip_and_www_order inf: vip www
            location compute-1 vip 200: compute-1
            location compute-2 vip 100: compute-2
            commit
            """;

    @Test
    void readsTheSeed() {
        ClusterModel m = CrmImporter.parse(SEED, List.of("compute-1", "compute-2"));
        assertThat(m.properties().stonithEnabled()).isFalse();
        assertThat(m.properties().noQuorumPolicy()).isEqualTo("ignore");
        assertThat(m.properties().startFailureIsFatal()).isFalse();
        assertThat(m.resourceDefaults()).containsEntry("migration-threshold", "1");
        assertThat(m.resources()).extracting(r -> r.id()).containsExactly("vip", "www", "nova-network");
        Primitive vip = (Primitive) m.resources().get(0);
        assertThat(vip.agent()).isEqualTo("ocf:heartbeat:IPaddr2");
        assertThat(vip.params()).containsEntry("ip", "198.51.100.100").containsEntry("nic", "eth0");
        assertThat(vip.operations().get(0).intervalMs()).isEqualTo(3000);
        assertThat(((Primitive) m.resources().get(1)).operations().get(0).intervalMs()).isEqualTo(10_000);
        assertThat(m.colocations()).containsExactly(
                new ColocationConstraint("vip_and_www", "www", "vip", Score.INFINITY, null, null));
        assertThat(m.orders().get(0).first()).isEqualTo("vip");
        assertThat(m.orders().get(0).then()).isEqualTo("www");
        assertThat(m.orders().get(0).kind()).isEqualTo(OrderConstraint.Kind.MANDATORY);
        assertThat(m.locations()).extracting(l -> l.node() + "=" + l.score())
                .containsExactly("compute-1=200", "compute-2=100");
    }

    @Test
    void readsRscTicketsEachResourceInItsRoleAndNoTicketIsGranted() {
        CrmImporter p = new CrmImporter();
        p.read("""
                primitive a ocf:pacemaker:Dummy
                primitive b ocf:pacemaker:Dummy
                primitive db ocf:pacemaker:Stateful
                ms db-clone db
                rsc_ticket a-and-b-need-site-a site-a: a b:Started loss-policy=freeze
                rsc_ticket db-needs-site-b site-b: db-clone:Master
                """);
        assertThat(p.unsupported()).as("rsc_ticket is read, not reported").isEmpty();
        ClusterModel m = p.model(List.of("n1"));
        assertThat(m.ticketConstraints()).containsExactly(
                new TicketConstraint("a-and-b-need-site-a", "a", "site-a", null, TicketConstraint.LossPolicy.FREEZE),
                new TicketConstraint("a-and-b-need-site-a", "b", "site-a", null, TicketConstraint.LossPolicy.FREEZE),
                new TicketConstraint("db-needs-site-b", "db-clone", "site-b", Role.PROMOTED, null));
        assertThat(m.tickets()).as("crm configure holds no ticket state").isEmpty();
        assertThatThrownBy(() -> CrmImporter.parse("primitive a ocf:pacemaker:Dummy\nrsc_ticket t site-a: a loss-policy=explode\n",
                List.of())).isInstanceOf(ImportException.class).hasMessageContaining("loss-policy=explode");
    }

    @Test
    void readsGroupsClonesAndRoles() {
        ClusterModel m = CrmImporter.parse("""
                primitive a ocf:pacemaker:Dummy
                primitive b ocf:pacemaker:Dummy \\
                    meta target-role=Stopped
                primitive db ocf:pacemaker:Stateful
                group g a b meta resource-stickiness=100
                ms db-ms db meta promoted-max=1
                colocation g-with-db inf: g db-ms:Promoted
                order db-first Optional: db-ms:promote g:start
                """, List.of("n1"));
        Group g = (Group) m.resources().stream().filter(r -> r.id().equals("g")).findFirst().orElseThrow();
        assertThat(g.members()).extracting(p -> p.id()).containsExactly("a", "b");
        assertThat(g.members().get(1).meta()).containsEntry("target-role", "Stopped");
        assertThat(g.meta()).containsEntry("resource-stickiness", "100");
        Clone ms = (Clone) m.resources().stream().filter(r -> r.id().equals("db-ms")).findFirst().orElseThrow();
        assertThat(ms.promotable()).isTrue();
        assertThat(ms.child().id()).isEqualTo("db");
        assertThat(m.colocations().get(0).withRole()).isEqualTo(Role.PROMOTED);
        OrderConstraint o = m.orders().get(0);
        assertThat(o.kind()).isEqualTo(OrderConstraint.Kind.OPTIONAL);
        assertThat(o.firstAction()).isEqualTo("promote");
        assertThat(o.thenAction()).isEqualTo("start");
    }
}
