package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.TicketConstraint;
import org.junit.jupiter.api.Test;

class FencingTest {
    /** n1 left the membership while vip ran there; n2 runs the fencing device. */
    private static Cluster lost() {
        return Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("vip").running("vip", "n1")
                .unclean("n1", false, "peer is no longer part of the cluster");
    }

    @Test
    void anUncleanNodeIsFencedAndWhatRanThereStartsElsewhereAfterTheFence() {
        Decision d = lost().schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "move vip n1->n2");
        assertThat(d.graph().summary().get(0).reason()).isEqualTo("peer is no longer part of the cluster");
        assertThat(where(d, "vip")).containsExactly("Started@n2");
        assertThat(d.graph().operations()).contains("fence/reboot n1", "start vip@n2");
        assertThat(d.graph().edges()).contains(new TransitionGraph.Edge("fence/reboot n1", "start vip@n2"));
    }

    /**
     * have-watchdog (sbd, or Baton's agents feeding a watchdog under stonith-watchdog-timeout) counts as a device, as
     * in Pacemaker 2.1.5: without any stonith primitive the lost node is fenced and what ran there moves after it.
     */
    @Test
    void aWatchdogFencesWithoutAnyDevice() {
        Cluster watchdog = Cluster.of("n1", "n2").primitive("vip").running("vip", "n1")
                .unclean("n1", false, "peer is no longer part of the cluster").property("stonith-enabled", "true")
                .property("have-watchdog", "true");
        Decision d = watchdog.schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "move vip n1->n2");
        assertThat(d.graph().edges()).contains(new TransitionGraph.Edge("fence/reboot n1", "start vip@n2"));
        // without the watchdog nothing is managed (no device: "Resource start-up disabled") and nothing fenced
        Decision none = Cluster.of("n1", "n2").primitive("vip").running("vip", "n1")
                .unclean("n1", false, "peer is no longer part of the cluster").property("stonith-enabled", "true")
                .schedule();
        assertThat(none.graph().operations()).noneMatch(o -> o.startsWith("fence"));
        assertThat(where(none, "vip")).containsExactly("Started@n1");
    }

    @Test
    void stonithActionNamesTheFence() {
        Decision d = lost().property("stonith-action", "poweroff").schedule();
        assertThat(summary(d)).contains("Fence (off) n1");
        assertThat(d.graph().operations()).contains("fence/off n1");
    }

    @Test
    void withoutQuorumAnOfflineNodeCannotBeFencedAndWhatRanThereCannotStop() {
        Decision d = lost().withoutQuorum().property("no-quorum-policy", "freeze").schedule();
        assertThat(summary(d)).containsExactly("stop vip n1 blocked");
        assertThat(where(d, "vip")).containsExactly("Started@n1");
        assertThat(d.graph().operations()).noneMatch(o -> o.startsWith("fence"));
    }

    @Test
    void withoutQuorumANodeStillInTheMembershipIsFenced() {
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("vip")
                .running("vip", "n1").unclean("n1", true, "peer process is no longer available")
                .property("no-quorum-policy", "ignore").withoutQuorum().schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "move vip n1->n2");
        // an unclean member is not probed: nothing it reports can be trusted
        assertThat(d.graph().operations()).noneMatch(o -> o.startsWith("monitor") && o.endsWith("@n1"));
    }

    @Test
    void noQuorumPolicyIgnoreFencesWithoutQuorum() {
        Decision d = lost().withoutQuorum().property("no-quorum-policy", "ignore").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "move vip n1->n2");
    }

    @Test
    void withoutFencingNothingIsFencedAndWhatRanOnTheUncleanNodeStays() {
        Decision d = Cluster.of("n1", "n2").primitive("vip").running("vip", "n1")
                .unclean("n1", false, "peer is unexpectedly down").schedule();
        assertThat(summary(d)).containsExactly("stop vip n1 blocked");
        assertThat(where(d, "vip")).containsExactly("Started@n1");
    }

    @Test
    void aFailureOnAnUncleanNodeIsNotRecoveredThereTheFenceStopsIt() {
        // on-fail=block would leave vip alone on a clean node; on an unclean one the fencing stops it
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("vip")
                .failedWith("vip", "n1", OnFail.BLOCK).unclean("n1", false, "peer is no longer part of the cluster")
                .schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "move vip n1->n2");
    }

    @Test
    void theFailureThatMakesItsNodeUncleanIsRecovered() {
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("vip")
                .primitive("www").running("www", "n1").failedWith("vip", "n1", OnFail.FENCE)
                .unclean("n1", true, dev.baton.scheduler.model.Node.failedThere("vip")).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "recover vip n1->n2",
                "move www n1->n2");
    }

    @Test
    void aLiveMigrationCannotLeaveAFencedNode() {
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2")
                .primitive("vm", "allow-migrate", "true").running("vm", "n1")
                .unclean("n1", false, "peer is no longer part of the cluster").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "move vm n1->n2");
    }

    @Test
    void aLostDeadmanTicketFencesTheNodesItsResourcesRunOnAndEverythingThereMoves() {
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("db")
                .primitive("www").running("db", "n1").running("www", "n1")
                .ticket("db", "site-a", null, TicketConstraint.LossPolicy.FENCE).ticketState("site-a", false, false)
                .schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) n1", "stop db n1", "move www n1->n2");
        assertThat(d.graph().summary().get(0).reason()).isEqualTo("deadman ticket was lost");
        assertThat(where(d, "db")).isEmpty();
    }

    @Test
    void aDeadmanTicketFencesOnlyWhereTheDependentRoleRuns() {
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").clone("db", "db-rsc", true)
                .running("db-rsc", "n1", Role.PROMOTED).running("db-rsc", "n2", Role.UNPROMOTED)
                .ticket("db", "site-a", Role.PROMOTED, TicketConstraint.LossPolicy.FENCE)
                .ticketState("site-a", false, false).schedule();
        assertThat(summary(d)).contains("Fence (reboot) n1").doesNotContain("Fence (reboot) n2");
    }

    /** Unfencing in use: the device provides it; n1 was unfenced already, n2 never was. */
    private static Cluster unfencing() {
        return Cluster.of("n1", "n2").property("stonith-enabled", "true")
                .add(new dev.baton.scheduler.model.Primitive("fencer", "stonith", null, "fence_scsi",
                        java.util.Map.of(), java.util.Map.of("provides", "unfencing"), java.util.List.of()))
                .running("fencer", "n1").nodeAttribute("n1", "#node-unfenced", "1234567");
    }

    @Test
    void aNodeNeverUnfencedIsUnfencedBeforeADeviceIsProbedThere() {
        Decision d = unfencing().schedule();
        assertThat(summary(d)).containsExactly("Fence (on) n2");
        assertThat(d.graph().summary().get(0).reason()).isEqualTo("required by fencer monitor");
        assertThat(d.graph().edges()).contains(new TransitionGraph.Edge("fence/on n2", "monitor fencer@n2"));
    }

    @Test
    void aResourceRequiringUnfencingStartsOnlyAfterTheUnfencing() {
        // every state on n2 is known (no probes): only db's start there needs n2 unfenced
        Decision d = unfencing().failedThere("fencer", "n2", 0, 0).primitive("db").location("db", "n2", 100)
                .running("db", "n1").failedThere("db", "n2", 0, 0).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (on) n2", "move db n1->n2");
        assertThat(d.graph().summary().get(0).reason()).isEqualTo("required by db start");
        assertThat(d.graph().edges()).contains(new TransitionGraph.Edge("fence/on n2", "start db@n2"));
    }

    @Test
    void requiresQuorumDoesNotNeedUnfencing() {
        Decision d = unfencing().failedThere("fencer", "n2", 0, 0).primitive("db", "requires", "quorum")
                .location("db", "n1", 100).running("db", "n1").schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(d.graph().operations()).contains("monitor db@n2").noneMatch(o -> o.startsWith("fence"));
    }

    @Test
    void aCleanClusterFencesNothing() {
        Decision d = Cluster.of("n1", "n2").fencingDevice().running("fencer", "n2").primitive("vip")
                .running("vip", "n1").schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(d.graph().operations()).noneMatch(o -> o.startsWith("fence"));
    }
}
