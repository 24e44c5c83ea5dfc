package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.score;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationTest {
    @Test
    void higherLocationScoreWins() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").location("vip", "n1", 100).location("vip", "n2", 200)
                .schedule();
        assertThat(where(d, "vip")).containsExactly("Started@n2");
        assertThat(score(d, "vip", "n2").total()).isEqualTo(200);
        assertThat(score(d, "vip", "n2").contributions()).containsExactly("location loc-vip-n2 +200");
    }

    @Test
    void minusInfinityBansANode() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").location("vip", "n1", Score.MINUS_INFINITY)
                .schedule();
        assertThat(where(d, "vip")).containsExactly("Started@n2");
    }

    @Test
    void asymmetricClusterRunsOnlyWhereAllowed() {
        Cluster c = Cluster.of("n1", "n2").property("symmetric-cluster", "false").primitive("a").primitive("b")
                .location("a", "n2", 0);
        Decision d = c.schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(where(d, "b")).isEmpty();
    }

    @Test
    void standbyNodeCannotRunResources() {
        Decision d = Cluster.of("n1", "n2").standby("n1").primitive("vip").location("vip", "n1", 500)
                .schedule();
        assertThat(where(d, "vip")).containsExactly("Started@n2");
        assertThat(score(d, "vip", "n1").contributions()).contains("standby -INFINITY");
    }

    @Test
    void equalScoresSpreadResourcesOverNodes() {
        Decision d = Cluster.of("n1", "n2").primitive("a").primitive("b").schedule();
        assertThat(where(d, "a")).containsExactly("Started@n1");
        assertThat(where(d, "b")).containsExactly("Started@n2");
    }

    @Test
    void withTheDefaultStrategyResourcesAreAssignedInConfigurationOrder() {
        // www is listed first: it takes the emptier n1 before vip gets there, whatever vip's preference
        Decision d = Cluster.of("n1", "n2").primitive("www").primitive("vip").location("vip", "n1", 10).schedule();
        assertThat(where(d, "www")).containsExactly("Started@n1");
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }
}
