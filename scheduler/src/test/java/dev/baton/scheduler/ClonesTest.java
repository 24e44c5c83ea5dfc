package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Role;
import org.junit.jupiter.api.Test;

class ClonesTest {
    @Test
    void oneInstancePerNodeByDefault() {
        Decision d = Cluster.of("n1", "n2", "n3").clone("ping-clone", "ping", false).schedule();
        assertThat(where(d, "ping")).containsExactly("Started@n1", "Started@n2", "Started@n3");
    }

    @Test
    void cloneMaxLimitsInstances() {
        Decision d = Cluster.of("n1", "n2", "n3").clone("ping-clone", "ping", false, "clone-max", "2").schedule();
        assertThat(where(d, "ping")).hasSize(2);
    }

    @Test
    void cloneNodeMaxAllowsSeveralUniqueInstancesPerNode() {
        Decision d = Cluster.of("n1").clone("ping-clone", "ping", false, "clone-max", "2", "clone-node-max", "2",
                "globally-unique", "true").schedule();
        assertThat(where(d, "ping")).containsExactly("Started@n1", "Started@n1");
    }

    @Test
    void anonymousInstancesRunOnePerNodeWhateverCloneNodeMaxSays() {
        Decision d = Cluster.of("n1", "n2").clone("ping-clone", "ping", false, "clone-max", "4", "clone-node-max", "2")
                .schedule();
        assertThat(where(d, "ping")).containsExactly("Started@n1", "Started@n2");
    }

    @Test
    void runningInstancesStayPut() {
        Decision d = Cluster.of("n1", "n2", "n3").clone("ping-clone", "ping", false, "clone-max", "2")
                .running("ping", "n3").running("ping", "n2").schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "ping")).containsExactly("Started@n2", "Started@n3");
    }

    @Test
    void promotionScoreChoosesThePromotedInstance() {
        Decision d = Cluster.of("n1", "n2").clone("db-clone", "db", true).nodeAttribute("n2", "master-db", "10")
                .nodeAttribute("n1", "master-db", "5").schedule();
        assertThat(where(d, "db")).containsExactly("Promoted@n2", "Unpromoted@n1");
    }

    @Test
    void promotedRoleColocationPlacesTheDependentWithThePromotedInstance() {
        Decision d = Cluster.of("n1", "n2").clone("db-clone", "db", true).nodeAttribute("n2", "master-db", "10")
                .nodeAttribute("n1", "master-db", "5").primitive("vip")
                .colocation("vip", null, "db-clone", Role.PROMOTED, Score.INFINITY).schedule();
        assertThat(where(d, "vip")).containsExactly("Started@n2");
    }

    @Test
    void demotesWhenTheBetterInstanceComesBack() {
        Decision d = Cluster.of("n1", "n2").clone("db-clone", "db", true).nodeAttribute("n2", "master-db", "100")
                .nodeAttribute("n1", "master-db", "5").running("db", "n1", Role.PROMOTED)
                .running("db", "n2", Role.UNPROMOTED).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("demote db:0 n1", "promote db:1 n2");
    }

    @Test
    void aPromotionScoreWhereTheInstanceIsNotAllowedDoesNotRankIt() {
        // n1 is standby: the promoted instance must leave. n3's promotion score would rank the inactive instance
        // first, but the clone is not allowed there (-148): the active one is assigned first and moves to n2
        // (s1-62, differential/promotion-score-disallowed-node-no-priority)
        Decision d = Cluster.of("n1", "n2", "n3").standby("n1").clone("db-clone", "db", true)
                .location("db-clone", "n3", -148).nodeAttribute("n3", "master-db", "5")
                .running("db", "n1", Role.PROMOTED).schedule();
        assertThat(summary(d)).containsExactly("move db:0 n1->n2");
    }

    @Test
    void aProbedStoppedHistoryBindsToAnInactiveInstanceAndLimitsItsPromotionScores() {
        // n3 is standby: db:0 must leave it. The probe on n4 (not running) binds to db:1, which is then known
        // only there and gets nothing from n2's promotion score; db:2, known nowhere, gets it, is assigned
        // first and promoted on n2; the active db:0 moves to n4 (s42-194, differential/promotion-score-known-instance)
        Decision d = Cluster.of("n2", "n3", "n4").standby("n3").clone("db-clone", "db", true)
                .nodeAttribute("n2", "master-db", "10").running("db", "n3", Role.UNPROMOTED).stoppedOn("db", "n4")
                .schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("move db:0 n3->n4", "promote db:2 n2");
    }

    @Test
    void aFailedStopBansOnlyTheInstanceThatFailedNotItsAnonymousClone() {
        // the blocked instance is assigned last (it is banned where it runs) and stays; another instance takes n1
        // first (a tie, by name), and with clone-max reached n2 gets none (checked with crm_simulate). Afterwards
        // n1 records one active copy of the anonymous clone.
        Decision d = Cluster.of("n1", "n2").clone("ping-clone", "ping", false).stopFailed("ping", "n1").schedule();
        assertThat(summary(d)).containsExactly("start ping:1 n1");
        assertThat(where(d, "ping")).containsExactly("Started@n1");
    }

    @Test
    void anAnonymousInstanceStartedBesideABlockedOneIsTheNodesOneCopyAfterwards() {
        // seed 7 cluster 1383: the promoted instance failed on n2 with on-fail=block and stays; the other one moves
        // to n2 (a role=Unpromoted location there). n2 then records one copy, in the role of the one started.
        Decision d = Cluster.of("n1", "n2").clone("db", "db-rsc", true)
                .failedWithRole("db-rsc", "n2", Role.PROMOTED, dev.baton.scheduler.model.OnFail.BLOCK)
                .running("db-rsc", "n1", Role.UNPROMOTED).locationWithRole("db", "n2", 35, Role.UNPROMOTED)
                .schedule();
        assertThat(summary(d)).singleElement().matches(a -> a.matches("move db-rsc:\\d n1->n2"));
        assertThat(where(d, "db-rsc")).containsExactly("Unpromoted@n2");
    }

    @Test
    void aFailCountAloneDoesNotMakeAnInstanceKnownWhereItHasNoHistory() {
        // seed 7 cluster 270: n1 has a fail-count for db-rsc and a promotion score, but no history of it. The
        // instance active on n2 is not known on n1, so n1's promotion score does not draw it there; a fresh
        // instance starts and is promoted on n1.
        Decision d = Cluster.of("n1", "n2").clone("db", "db-rsc", true).running("db-rsc", "n2", Role.UNPROMOTED)
                .failCountOnly("db-rsc", "n1", 1).nodeAttribute("n1", "master-db-rsc", "10").schedule();
        assertThat(summary(d)).singleElement().matches(a -> a.matches("promote db-rsc:\\d n1"));
        assertThat(where(d, "db-rsc")).containsExactly("Promoted@n1", "Unpromoted@n2");
    }

    @Test
    void anInterleavedCloneIsAntiColocatedInstanceByInstance() {
        // clone-r3 (interleaved) must not be with ms-r1, which runs on both nodes: each instance of r3 is paired with
        // the instance of ms-r1 on its best node and avoids that node alone, so one r3 instance runs (on n2) and the
        // other finds no node (crm_simulate: s7-124, differential/interleaved-anti-colocation-instance-by-instance);
        // not interleaved, the clone as a whole avoids every node of ms-r1 (both checked with crm_simulate)
        Decision d = Cluster.of("n1", "n2").clone("ms-r1", "r1", true).clone("clone-r3", "r3", false, "interleave", "true")
                .colocation("clone-r3", "ms-r1", Score.MINUS_INFINITY).schedule();
        assertThat(where(d, "r3")).containsExactly("Started@n2");
        Decision whole = Cluster.of("n1", "n2").clone("ms-r1", "r1", true).clone("clone-r3", "r3", false)
                .colocation("clone-r3", "ms-r1", Score.MINUS_INFINITY).schedule();
        assertThat(where(whole, "r3")).isEmpty();
    }
}
