package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Role;
import org.junit.jupiter.api.Test;

class QuorumTest {
    private static Cluster lostQuorum(String policy) {
        return Cluster.of("n1", "n2").property("no-quorum-policy", policy).primitive("vip").primitive("www")
                .running("vip", "n1").withoutQuorum();
    }

    @Test
    void stopStopsWhatRunsAndStartsNothing() {
        Decision d = lostQuorum("stop").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("stop vip n1", "start www n2 blocked");
        assertThat(where(d, "vip")).isEmpty();
        assertThat(where(d, "www")).isEmpty();
    }

    @Test
    void freezeKeepsWhatRunsAndStartsNothing() {
        Decision d = lostQuorum("freeze").schedule();
        assertThat(summary(d)).containsExactly("start www n2 blocked");
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void ignoreCarriesOn() {
        assertThat(summary(lostQuorum("ignore").schedule())).containsExactly("start www n2");
    }

    @Test
    void requiresNothingIsExempt() {
        Decision d = Cluster.of("n1").primitive("vip", "requires", "nothing").withoutQuorum().schedule();
        assertThat(summary(d)).containsExactly("start vip n1");
    }

    @Test
    void demoteDemotesPromotedInstancesAndStopsTheRest() {
        Decision d = Cluster.of("n1", "n2").property("no-quorum-policy", "demote").clone("db", "db-rsc", true)
                .primitive("vip").running("db-rsc", "n1", Role.PROMOTED).running("db-rsc", "n2", Role.UNPROMOTED)
                .nodeAttribute("n1", "master-db-rsc", "10").running("vip", "n1").withoutQuorum().schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("demote db-rsc:0 n1", "stop vip n1");
        assertThat(where(d, "db-rsc")).containsExactly("Unpromoted@n1", "Unpromoted@n2");
    }

    @Test
    void stopChoosesThePromotedInstanceAndListsItsPromoteBlocked() {
        // the role is chosen as with quorum; the start cannot run, so crm_simulate lists "Promote ... blocked"
        Decision d = Cluster.of("n1").clone("db", "db-rsc", true).nodeAttribute("n1", "master-db-rsc", "5")
                .withoutQuorum().schedule();
        assertThat(summary(d)).containsExactly("promote db-rsc:0 n1 blocked");
        assertThat(where(d, "db-rsc")).isEmpty();
    }

    @Test
    void demoteListsAStoppedInstancesPromoteBlocked() {
        Decision d = Cluster.of("n1").property("no-quorum-policy", "demote").clone("db", "db-rsc", true)
                .nodeAttribute("n1", "master-db-rsc", "5").withoutQuorum().schedule();
        assertThat(summary(d)).containsExactly("promote db-rsc:0 n1 blocked");
    }

    @Test
    void withQuorumThePolicyDoesNotMatter() {
        Decision d = Cluster.of("n1").property("no-quorum-policy", "stop").primitive("vip").schedule();
        assertThat(summary(d)).containsExactly("start vip n1");
    }

    @Test
    void anInterleavedThenWithNoFirstInstanceToPairWithIsNotListedAsBlockedByTheLostQuorum() {
        // clone-r1 cannot run on n1 (-124: no clone instance goes to a node it scores below 0), so clone-r9's
        // instance there has no r1 instance to follow (interleaved order): it is not placed, and its start is not
        // listed, not even as blocked for want of quorum (s7-1036, differential/interleaved-then-unpaired-without-quorum)
        Cluster c = Cluster.of("n1").clone("clone-r1", "r1", false).clone("clone-r9", "r9", false, "interleave", "true")
                .location("clone-r1", "n1", -124).order("clone-r1", "clone-r9", dev.baton.scheduler.model.OrderConstraint.Kind.MANDATORY);
        assertThat(summary(c.schedule())).isEmpty();
        assertThat(summary(c.withoutQuorum().schedule())).isEmpty();
        // with a first instance on the node, the then's start is listed blocked, as any start without quorum (both
        // checked with crm_simulate)
        Cluster paired = Cluster.of("n1").clone("clone-r1", "r1", false).clone("clone-r9", "r9", false, "interleave", "true")
                .order("clone-r1", "clone-r9", dev.baton.scheduler.model.OrderConstraint.Kind.MANDATORY).withoutQuorum();
        assertThat(summary(paired.schedule())).containsExactlyInAnyOrder("start r1:0 n1 blocked", "start r9:0 n1 blocked");
    }
}
