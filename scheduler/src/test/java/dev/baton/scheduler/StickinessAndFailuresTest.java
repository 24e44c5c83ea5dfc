package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.score;
import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StickinessAndFailuresTest {
    private static Cluster failedBack() {
        // vip prefers n1 but runs on n2 (after a failover)
        return Cluster.of("n1", "n2").primitive("vip").location("vip", "n1", 200).location("vip", "n2", 100)
                .running("vip", "n2");
    }

    @Test
    void withoutStickinessTheResourceFailsBack() {
        assertThat(summary(failedBack().schedule())).containsExactly("move vip n2->n1");
    }

    @Test
    void stickinessKeepsItWhereItRuns() {
        Decision d = failedBack().resourceDefault("resource-stickiness", "150").schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(score(d, "vip", "n2").total()).isEqualTo(250);
        assertThat(score(d, "vip", "n2").contributions()).contains("stickiness +150");
    }

    @Test
    void failureBelowMigrationThresholdRecoversInPlace() {
        Decision d = Cluster.of("n1", "n2").primitive("vip", "migration-threshold", "3").location("vip", "n1", 200)
                .failed("vip", "n1", 1).schedule();
        assertThat(summary(d)).containsExactly("recover vip n1");
    }

    @Test
    void failCountReachingMigrationThresholdMovesIt() {
        Decision d = Cluster.of("n1", "n2").primitive("vip", "migration-threshold", "1")
                .location("vip", "n1", 200).failed("vip", "n1", 1).schedule();
        assertThat(summary(d)).containsExactly("recover vip n1->n2");
        assertThat(where(d, "vip")).containsExactly("Started@n2");
        assertThat(score(d, "vip", "n1").contributions())
                .contains("fail-count 1 reached migration-threshold 1 -INFINITY");
    }

    @Test
    void aFailCountExpiresFailureTimeoutAfterTheLastFailure() {
        // vip failed on n1 at t=1000 and moved to n2; one failure bans it from n1 until failure-timeout has passed
        Cluster c = Cluster.of("n1", "n2").primitive("vip", "migration-threshold", "1", "failure-timeout", "1min")
                .location("vip", "n1", 200).location("vip", "n2", 100).running("vip", "n2").failedThere("vip", "n1", 1, 1000);
        assertThat(summary(c.at(1060).schedule())).isEmpty();
        assertThat(score(c.at(1060).schedule(), "vip", "n1").total()).isEqualTo(Score.MINUS_INFINITY);
        // Pacemaker: expired once now is past last failure + timeout, in whole seconds
        assertThat(summary(c.at(1061).schedule())).containsExactly("move vip n2->n1");
        // without failure-timeout it never expires
        Cluster forever = Cluster.of("n1", "n2").primitive("vip", "migration-threshold", "1")
                .location("vip", "n1", 200).location("vip", "n2", 100).running("vip", "n2").failedThere("vip", "n1", 1, 1000);
        assertThat(summary(forever.at(1_000_000).schedule())).isEmpty();
    }

    @Test
    void targetRoleStoppedStopsIt() {
        Decision d = Cluster.of("n1").primitive("vip", "target-role", "Stopped").running("vip", "n1").schedule();
        assertThat(summary(d)).containsExactly("stop vip n1");
    }

    @Test
    void unmanagedResourcesAreLeftAlone() {
        Decision d = Cluster.of("n1", "n2").primitive("vip", "is-managed", "false").location("vip", "n2", 100)
                .running("vip", "n1").schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void onFailBlockLeavesTheFailedResourceAlone() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").failedWith("vip", "n1", OnFail.BLOCK).schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void onFailStopStopsItAndKeepsItStoppedEverywhere() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").failedWith("vip", "n1", OnFail.STOP).schedule();
        assertThat(summary(d)).containsExactly("stop vip n1");
        assertThat(score(d, "vip", "n2").contributions()).contains("on-fail=stop -INFINITY");
    }

    @Test
    void onFailStandbyEmptiesTheNode() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").primitive("www").failedWith("vip", "n1", OnFail.STANDBY)
                .running("www", "n1").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("recover vip n1->n2", "move www n1->n2");
    }

    @Test
    void onFailMigrateMovesItOffTheNode() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").location("vip", "n1", 100)
                .failedWith("vip", "n1", OnFail.MIGRATE).schedule();
        assertThat(summary(d)).containsExactly("recover vip n1->n2");
    }

    @Test
    void anIgnoredFailureExemptsItFromMigrationThreshold() {
        Decision d = Cluster.of("n1", "n2").primitive("vip", "migration-threshold", "1").location("vip", "n1", 100)
                .failureIgnored("vip", "n1", 5).schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void onFailDemoteRePromotesInPlace() {
        Decision d = Cluster.of("n1", "n2").clone("db", "db-rsc", true).running("db-rsc", "n2", Role.UNPROMOTED)
                .failedWithRole("db-rsc", "n1", Role.PROMOTED, OnFail.DEMOTE).nodeAttribute("n1", "master-db-rsc", "10")
                .schedule();
        assertThat(summary(d)).singleElement().asString().matches("re-promote db-rsc:\\d n1");
        assertThat(where(d, "db-rsc")).containsExactly("Promoted@n1", "Unpromoted@n2");
    }

    @Test
    void multipleActiveStopOnlyStopsItEverywhere() {
        Decision d = Cluster.of("n1", "n2").primitive("vip", "multiple-active", "stop_only").running("vip", "n1")
                .running("vip", "n2").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("stop vip n1", "stop vip n2");
    }

    @Test
    void multipleActiveBlockLeavesItAlone() {
        Decision d = Cluster.of("n1", "n2").primitive("vip", "multiple-active", "block").running("vip", "n1")
                .running("vip", "n2").schedule();
        assertThat(summary(d)).isEmpty();
    }

    @Test
    void multipleActiveBlockOnAGroupLeavesTheWholeGroupAlone() {
        Decision d = Cluster.of("n1", "n2").add(new Group("g", List.of(Cluster.dummy("a"), Cluster.dummy("b")),
                Map.of("multiple-active", "block"))).running("a", "n1").running("a", "n2").running("b", "n1")
                .location("g", "n2", 100).schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "b")).containsExactly("Started@n1");
    }

    @Test
    void multipleActiveBlockOnAMemberAloneLeavesOnlyThatMemberAlone() {
        Decision d = Cluster.of("n1", "n2").add(new Group("g", List.of(Cluster.dummy("a", "multiple-active",
                "block"), Cluster.dummy("b")), Map.of())).running("a", "n1").running("a", "n2").running("b", "n1")
                .location("g", "n2", 100).schedule();
        assertThat(summary(d)).isNotEmpty().doesNotContain("stop a n1", "stop a n2");
    }

    @Test
    void anInactiveCloneInstancesFailCountExpiresWithTheClonesFailureTimeout() {
        // web's anonymous instances ran nowhere; the fail-count on n1 (INFINITY, at t=1000) belongs to no instance
        // yet, and still expires after failure-timeout (s1-182, differential/clone-inactive-fail-count-expires)
        Cluster c = Cluster.of("n1").clone("web-clone", "web", false, "failure-timeout", "1min")
                .failedThere("web", "n1", Score.INFINITY, 1000);
        assertThat(summary(c.at(1060).schedule())).isEmpty();
        assertThat(summary(c.at(1061).schedule())).containsExactly("start web:0 n1");
    }
}
