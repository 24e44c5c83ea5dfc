package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.score;
import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** node-health-strategy turns #health* node attributes into location scores of every resource. */
class NodeHealthTest {
    private static Cluster twoNodes(String strategy, String n1Health) {
        return Cluster.of("n1", "n2").property("node-health-strategy", strategy)
                .nodeAttribute("n1", "#health-disk", n1Health).primitive("a").location("a", "n1", 100);
    }

    @Test
    void migrateOnRedMovesAwayFromARedNode() {
        Decision d = twoNodes("migrate-on-red", "red").running("a", "n1").schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(summary(d)).containsExactly("move a n1->n2");
        assertThat(score(d, "a", "n1").total()).isEqualTo(Score.MINUS_INFINITY);
    }

    @Test
    void migrateOnRedIgnoresYellowButOnlyGreenDoesNot() {
        assertThat(where(twoNodes("migrate-on-red", "yellow").schedule(), "a")).containsExactly("Started@n1");
        assertThat(where(twoNodes("only-green", "yellow").schedule(), "a")).containsExactly("Started@n2");
    }

    @Test
    void withoutAStrategyHealthAttributesAreOrdinaryAttributes() {
        assertThat(where(twoNodes("none", "red").schedule(), "a")).containsExactly("Started@n1");
        assertThat(where(twoNodes("no-such-strategy", "red").schedule(), "a")).containsExactly("Started@n1");
    }

    @Test
    void progressiveSumsTheConfiguredColourScoresAndNumbers() {
        Cluster c = twoNodes("progressive", "yellow").property("node-health-yellow", "-60")
                .nodeAttribute("n1", "#health-cpu", "-50").nodeAttribute("n2", "#health-cpu", "green")
                .property("node-health-green", "5").property("node-health-base", "10");
        Decision d = c.schedule();
        // n1: 10 - 60 - 50 + 100 = 0, n2: 10 + 5 = 15
        assertThat(score(d, "a", "n1").total()).isEqualTo(0);
        assertThat(score(d, "a", "n2").total()).isEqualTo(15);
        assertThat(where(d, "a")).containsExactly("Started@n2");
    }

    @Test
    void customHasNoBaseScore() {
        Decision d = twoNodes("custom", "-50").property("node-health-base", "1000").schedule();
        assertThat(score(d, "a", "n1").total()).isEqualTo(50);
        assertThat(score(d, "a", "n2").total()).isEqualTo(0);
    }

    @Test
    void allowUnhealthyNodesExemptsAResourceFromNegativeHealthOnly() {
        Cluster c = Cluster.of("n1", "n2").property("node-health-strategy", "custom")
                .nodeAttribute("n1", "#health-disk", "red").nodeAttribute("n2", "#health-disk", "30")
                .primitive("a", "allow-unhealthy-nodes", "true").primitive("b").location("a", "n1", 100);
        Decision d = c.schedule();
        assertThat(where(d, "a")).containsExactly("Started@n1");
        assertThat(score(d, "a", "n2").total()).isEqualTo(30);
        assertThat(where(d, "b")).containsExactly("Started@n2");
        assertThat(score(d, "b", "n1").total()).isEqualTo(Score.MINUS_INFINITY);
    }

    @Test
    void aClonedResourceIsKeptOffAnUnhealthyNodeAsAWhole() {
        Cluster c = Cluster.of("n1", "n2", "n3").property("node-health-strategy", "only-green")
                .nodeAttribute("n3", "#health-net", "yellow").clone("c", "p", false);
        Decision d = c.schedule();
        assertThat(where(d, "p")).containsExactlyInAnyOrder("Started@n1", "Started@n2");
    }
}
