package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.score;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColocationTest {
    @Test
    void mandatoryColocationFollowsThePrimary() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").primitive("www").location("vip", "n2", 100)
                .colocation("www", "vip", Score.INFINITY).schedule();
        assertThat(where(d, "www")).containsExactly("Started@n2");
        assertThat(score(d, "www", "n1").contributions()).contains("colocation www-with-vip with vip -INFINITY");
    }

    @Test
    void dependentCannotRunWhenPrimaryCannot() {
        Decision d = Cluster.of("n1").primitive("vip", "target-role", "Stopped").primitive("www")
                .colocation("www", "vip", Score.INFINITY).schedule();
        assertThat(where(d, "www")).isEmpty();
    }

    @Test
    void antiColocationKeepsResourcesApartAndTheStrongerPreferenceWins() {
        // b's dislike of a's node counts against a (influence): a yields n1 to b
        Decision d = Cluster.of("n1", "n2").primitive("a").primitive("b").location("a", "n1", 10)
                .location("b", "n1", 50).colocation("b", "a", Score.MINUS_INFINITY).schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(where(d, "b")).containsExactly("Started@n1");
    }

    @Test
    void advisoryColocationAddsItsScore() {
        Decision d = Cluster.of("n1", "n2").primitive("a").primitive("b").location("a", "n2", 10)
                .location("b", "n1", 50).colocation("b", "a", 100).schedule();
        assertThat(where(d, "b")).containsExactly("Started@n2");
        assertThat(score(d, "b", "n2").total()).isEqualTo(100);
    }

    @Test
    void dependentsBanPullsThePrimaryAway() {
        // www is banned from n1, and must be with vip: vip moves to n2 despite its own preference
        Decision d = Cluster.of("n1", "n2").primitive("vip").primitive("www").location("vip", "n1", 200)
                .location("www", "n1", Score.MINUS_INFINITY).colocation("www", "vip", Score.INFINITY).schedule();
        assertThat(where(d, "vip")).containsExactly("Started@n2");
        assertThat(where(d, "www")).containsExactly("Started@n2");
    }

    @Test
    void colocationLoopsStillPlaceEveryone() {
        Decision d = Cluster.of("n1", "n2").primitive("a").primitive("b").primitive("c")
                .colocation("a", "b", Score.INFINITY).colocation("b", "c", Score.INFINITY)
                .colocation("c", "a", Score.INFINITY).schedule();
        assertThat(where(d, "a")).containsExactly("Started@n1");
        assertThat(where(d, "b")).containsExactly("Started@n1");
        assertThat(where(d, "c")).containsExactly("Started@n1");
    }

    @Test
    void anUnmanagedDependentDrawsItsPrimaryToWhereItIsLeft() {
        // app (unmanaged) is pinned to n2 where it runs: db, which app must be with, starts there rather than on
        // the equally good n1 (s1-104, differential/blocked-member-pins-group)
        Decision d = Cluster.of("n1", "n2").primitive("db").primitive("app", "is-managed", "false")
                .colocation("app", "db", Score.INFINITY).running("app", "n2").schedule();
        assertThat(where(d, "db")).containsExactly("Started@n2");
        // managed, it has no such pull: the tie goes to n1 and app follows db (both checked with crm_simulate)
        Decision managed = Cluster.of("n1", "n2").primitive("db").primitive("app")
                .colocation("app", "db", Score.INFINITY).running("app", "n2").schedule();
        assertThat(where(managed, "db")).containsExactly("Started@n1");
    }

    @Test
    void anAdvisoryAntiColocationWithARoleOfAPromotableCloneIsRolledBackAsAWhole() {
        // both instances of db-clone will be unpromoted, one per node: -33 on both leaves vip no node it may
        // use, so the colocation is dropped as a whole and vip takes the first node, not the node of an instance
        // whose -33 was rolled back alone (s42-188, differential/anti-colocation-role-rolled-back-whole)
        Decision d = Cluster.of("n1", "n2").primitive("vip").clone("db-clone", "db", true)
                .colocation("vip", null, "db-clone",
                        dev.baton.scheduler.model.Role.UNPROMOTED, -33).schedule();
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void anAdvisoryAntiColocationWithAPromotableCloneMeetsItsInstancesInPromotionOrder() {
        // db:0 runs on n2 (its promotion score draws it there) but may not be promoted there (-82): db:1 on n1
        // sorts first for promotion, so vip's -100 is applied on n1 first and kept, and on n2 rolled back (no
        // node left): vip goes to n2 (s42-103, differential/anti-colocation-promotable-instance-order)
        Decision d = Cluster.of("n1", "n2").primitive("vip").clone("db-clone", "db", true)
                .nodeAttribute("n2", "master-db", "5").locationWithRole("db-clone", "n2", -82,
                        dev.baton.scheduler.model.Role.PROMOTED)
                .colocation("vip", "db-clone", -100).schedule();
        assertThat(where(d, "db")).containsExactlyInAnyOrder("Unpromoted@n1", "Unpromoted@n2");
        assertThat(where(d, "vip")).containsExactly("Started@n2");
    }

    @Test
    void aPositiveColocationOfTheUnpromotedRoleDoesNotPlaceTheInstances() {
        // ms-r1's unpromoted instances must be with r9: their roles are chosen after placement, so the colocation
        // places nothing (pcmk__colocation_affects: the dependent is not yet in that role), and both instances
        // run, one where r9 is not (s7-1104, differential/colocation-unpromoted-role-places-nothing)
        Decision d = Cluster.of("n1", "n2").clone("ms-r1", "r1", true).primitive("r9")
                .colocation("ms-r1", dev.baton.scheduler.model.Role.UNPROMOTED, "r9", null, Score.INFINITY).schedule();
        assertThat(where(d, "r1")).containsExactlyInAnyOrder("Unpromoted@n1", "Unpromoted@n2");
        assertThat(where(d, "r9")).hasSize(1);
    }

    @Test
    void aMandatoryColocationWithACloneDoesNotCountAnInstanceBlockedByAFailedStop() {
        // r2's only instance failed to stop on n1 (no fencing: blocked there); r1 must be with clone-r2, whose
        // blocked instance is no place to be with: r1 stays stopped (s7-1931, differential/colocation-with-blocked-clone-instance);
        // once it may stop, r1 follows the clone
        Decision d = Cluster.of("n1").primitive("r1").clone("clone-r2", "r2", false).stopFailed("r2", "n1")
                .colocation("r1", "clone-r2", Score.INFINITY).schedule();
        assertThat(where(d, "r1")).isEmpty();
        Decision running = Cluster.of("n1").primitive("r1").clone("clone-r2", "r2", false).running("r2", "n1")
                .colocation("r1", "clone-r2", Score.INFINITY).schedule();
        assertThat(where(running, "r1")).containsExactly("Started@n1");
    }
}
