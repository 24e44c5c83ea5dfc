package dev.baton.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Role;
import org.junit.jupiter.api.Test;

/** priority-fencing-delay as Pacemaker 2.1.5's node_priority_fencing_delay decides it. */
class PriorityFencingTest {
    /** n1 left the membership running db (priority 10); n2 runs the device and web (priority 5). */
    private static Cluster split() {
        return Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("db", "priority", "10")
                .running("db", "n1").primitive("web", "priority", "5").running("web", "n2")
                .unclean("n1", false, "peer is no longer part of the cluster").property("priority-fencing-delay", "15s");
    }

    @Test
    void theLostNodeWithTheHighestPriorityIsFencedLater() {
        assertThat(PriorityFencing.delayMs(split().model(), "n1")).isEqualTo(15_000);
        assertThat(PriorityFencing.delayMs(split().model(), "n2")).as("online").isZero();
        assertThat(PriorityFencing.delayMs(split().property("priority-fencing-delay", "0").model(), "n1")).isZero();
    }

    @Test
    void noDelayForTheLessImportantSideEqualPrioritiesOrAMajorityOnline() {
        Cluster lessImportant = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2")
                .primitive("db", "priority", "10").running("db", "n2").primitive("web", "priority", "5")
                .running("web", "n1").unclean("n1", false, "peer is no longer part of the cluster")
                .property("priority-fencing-delay", "15s");
        assertThat(PriorityFencing.delayMs(lessImportant.model(), "n1")).isZero();
        Cluster equal = split().primitive("cache", "priority", "5").running("cache", "n2");
        assertThat(PriorityFencing.delayMs(equal.model(), "n1")).as("10 against 5 + 5").isZero();
        Cluster three = Cluster.of("n1", "n2", "n3").fencingDevice().running("fencer", "n2")
                .primitive("db", "priority", "10").running("db", "n1")
                .unclean("n1", false, "peer is no longer part of the cluster").property("priority-fencing-delay", "15s");
        assertThat(PriorityFencing.delayMs(three.model(), "n1")).as("2 of 3 online: more than half").isZero();
    }

    @Test
    void aPromotedInstanceCountsOneMoreAndAFailedResourceNothing() {
        Cluster promoted = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2")
                .clone("db-clone", "db", true, "priority", "5").running("db", "n1", Role.PROMOTED)
                .running("db", "n2", Role.UNPROMOTED)
                .unclean("n1", false, "peer is no longer part of the cluster").property("priority-fencing-delay", "15s");
        assertThat(PriorityFencing.delayMs(promoted.model(), "n1")).as("6 against 5").isEqualTo(15_000);
        Cluster failed = split().failed("db", "n1", 1);
        assertThat(PriorityFencing.delayMs(failed.model(), "n1")).as("0 against 5").isZero();
    }
}
