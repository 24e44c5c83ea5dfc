package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.TicketConstraint.LossPolicy;
import org.junit.jupiter.api.Test;

/** rsc_ticket and loss-policy, as Pacemaker Explained ("Multi-Site Clusters") and Pacemaker 2.1.5 apply them. */
class TicketsTest {
    private static Cluster vip(LossPolicy policy) {
        return Cluster.of("n1", "n2").primitive("vip").running("vip", "n1").ticket("vip", "ticketA", null, policy);
    }

    @Test
    void aGrantedTicketChangesNothing() {
        Decision d = vip(LossPolicy.STOP).ticketState("ticketA", true, false).schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void aTicketNoOneGrantedKeepsItsResourcesFromStarting() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").ticket("vip", "ticketA", null, null).schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "vip")).isEmpty();
    }

    @Test
    void revokedWithLossPolicyStopItsResourcesStop() {
        Decision d = vip(LossPolicy.STOP).ticketState("ticketA", false, false).schedule();
        assertThat(summary(d)).containsExactly("stop vip n1");
    }

    @Test
    void revokedWithLossPolicyFreezeTheyStayWhereTheyAre() {
        Decision d = vip(LossPolicy.FREEZE).ticketState("ticketA", false, false).schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void fenceWithoutFencingIsAStop() {
        Decision d = vip(LossPolicy.FENCE).ticketState("ticketA", false, false).schedule();
        assertThat(summary(d)).containsExactly("stop vip n1");
    }

    @Test
    void aTicketInStandbyMovesItsResourcesOutWhateverTheLossPolicy() {
        Decision d = vip(LossPolicy.FREEZE).ticketState("ticketA", true, true).schedule();
        assertThat(summary(d)).containsExactly("stop vip n1");
    }

    private static Cluster promotable(LossPolicy policy) {
        return Cluster.of("n1", "n2").clone("db-clone", "db", true).nodeAttribute("n1", "master-db", "10")
                .nodeAttribute("n2", "master-db", "5").running("db", "n1", Role.PROMOTED).running("db", "n2",
                        Role.UNPROMOTED).ticket("db-clone", "ticketA", Role.PROMOTED, policy);
    }

    @Test
    void losingATicketThePromotedRoleNeedsDemotesAndKeepsTheInstancesRunning() {
        Decision d = promotable(null).ticketState("ticketA", false, false).schedule();
        assertThat(where(d, "db")).containsExactly("Unpromoted@n1", "Unpromoted@n2");
        assertThat(summary(d)).containsExactly("demote db:0 n1");
        assertThat(where(promotable(null).ticketState("ticketA", true, false).schedule(), "db"))
                .containsExactly("Promoted@n1", "Unpromoted@n2");
    }

    @Test
    void lossPolicyStopStopsThePromotableCloneWhateverTheRole() {
        Decision d = promotable(LossPolicy.STOP).ticketState("ticketA", false, false).schedule();
        assertThat(where(d, "db")).isEmpty();
    }
}
