package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.LocationConstraint.Discovery;
import org.junit.jupiter.api.Test;

/** resource-discovery of location constraints (Pacemaker Explained, "Resource Discovery"). */
class ResourceDiscoveryTest {
    @Test
    void neverSkipsTheProbeOnThatNodeOnly() {
        Decision d = Cluster.of("n1", "n2", "n3").primitive("db").location("db", "n2", 0, Discovery.NEVER)
                .location("db", "n1", 10).schedule();
        assertThat(where(d, "db")).containsExactly("Started@n1");
        assertThat(d.graph().operations()).contains("monitor db@n1", "monitor db@n3")
                .doesNotContain("monitor db@n2");
    }

    @Test
    void neverDoesNotKeepTheResourceAway() {
        Decision d = Cluster.of("n1", "n2").primitive("db").location("db", "n2", 50, Discovery.NEVER).schedule();
        assertThat(where(d, "db")).containsExactly("Started@n2");
    }

    @Test
    void exclusiveLimitsProbesAndPlacementToItsNodes() {
        Decision d = Cluster.of("n1", "n2", "n3").primitive("db").location("db", "n2", 0, Discovery.EXCLUSIVE)
                .location("db", "n3", 0, Discovery.EXCLUSIVE).location("db", "n1", 100).schedule();
        assertThat(where(d, "db")).containsExactly("Started@n2");
        assertThat(d.graph().operations()).contains("monitor db@n2", "monitor db@n3")
                .doesNotContain("monitor db@n1");
    }

    @Test
    void exclusiveOnACloneKeepsEveryInstanceOnItsNodes() {
        Decision d = Cluster.of("n1", "n2", "n3").clone("web-clone", "web", false)
                .location("web-clone", "n1", 0, Discovery.EXCLUSIVE)
                .location("web-clone", "n3", 0, Discovery.EXCLUSIVE).schedule();
        assertThat(where(d, "web")).containsExactlyInAnyOrder("Started@n1", "Started@n3");
    }

    @Test
    void withoutDiscoveryModesEveryNodeIsProbedAndAllowed() {
        Decision d = Cluster.of("n1", "n2").primitive("db").location("db", "n2", 10).schedule();
        assertThat(where(d, "db")).containsExactly("Started@n2");
        assertThat(d.graph().operations()).contains("monitor db@n1", "monitor db@n2");
    }
}
