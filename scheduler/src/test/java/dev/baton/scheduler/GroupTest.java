package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupTest {
    @Test
    void membersRunTogetherWhereTheGroupPrefers() {
        Decision d = Cluster.of("n1", "n2").group("web", "ip", "fs", "apache").location("web", "n2", 100)
                .schedule();
        assertThat(where(d, "ip")).containsExactly("Started@n2");
        assertThat(where(d, "fs")).containsExactly("Started@n2");
        assertThat(where(d, "apache")).containsExactly("Started@n2");
    }

    @Test
    void membersStartInOrder() {
        Decision d = Cluster.of("n1").group("web", "ip", "fs").schedule();
        assertThat(d.graph().edges()).contains(new TransitionGraph.Edge("start ip@n1", "start fs@n1"));
    }

    @Test
    void aBannedLaterMemberMovesTheWholeGroup() {
        Decision d = Cluster.of("n1", "n2").group("web", "ip", "fs").location("web", "n1", 100)
                .location("fs", "n1", Score.MINUS_INFINITY).schedule();
        assertThat(where(d, "ip")).containsExactly("Started@n2");
        assertThat(where(d, "fs")).containsExactly("Started@n2");
    }

    @Test
    void anUnmanagedFirstMemberDoesNotCarryTheGroupsColocation() {
        // db cannot run, the group must be with it: ip (unmanaged) stays where it is, fs does not start
        Cluster c = Cluster.of("n1").primitive("db", "target-role", "Stopped")
                .add(new dev.baton.scheduler.model.Group("web", java.util.List.of(Cluster.dummy("ip",
                        "is-managed", "false"), Cluster.dummy("fs")), java.util.Map.of()))
                .colocation("web", "db", Score.INFINITY).running("ip", "n1");
        Decision d = c.schedule();
        assertThat(where(d, "ip")).containsExactly("Started@n1");
        assertThat(where(d, "fs")).isEmpty();
        assertThat(summary(d)).isEmpty();
    }

    @Test
    void recoveringAMemberRestartsTheMembersAfterIt() {
        Decision d = Cluster.of("n1").group("web", "ip", "fs", "apache").running("ip", "n1")
                .failed("fs", "n1", 1).running("apache", "n1").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("recover fs n1", "restart apache n1");
    }

    @Test
    void anUnmanagedLaterMemberBlocksTheStopOfTheMembersBeforeIt() {
        // ip cannot stay on n1, but fs (unmanaged, after it) must stop first and cannot: ip's stop is blocked and
        // ip keeps running (s1-161, differential/group-unmanaged-member-blocks-stop)
        Cluster c = Cluster.of("n1")
                .add(new dev.baton.scheduler.model.Group("web", java.util.List.of(Cluster.dummy("ip"),
                        Cluster.dummy("fs", "is-managed", "false")), java.util.Map.of()))
                .location("ip", "n1", Score.MINUS_INFINITY).running("ip", "n1").running("fs", "n1");
        Decision d = c.schedule();
        assertThat(summary(d)).containsExactly("stop ip n1 blocked");
        assertThat(where(d, "ip")).containsExactly("Started@n1");
        assertThat(where(d, "fs")).containsExactly("Started@n1");
    }

    @Test
    void anUnmanagedThenOfAUserOrderDoesNotBlockFirstsStop() {
        // the same pair as a mandatory order, not a group: the inverse order is no restart ordering, ip stops
        Decision d = Cluster.of("n1").primitive("ip").primitive("fs", "is-managed", "false")
                .order("ip", "fs", dev.baton.scheduler.model.OrderConstraint.Kind.MANDATORY)
                .location("ip", "n1", Score.MINUS_INFINITY).running("ip", "n1").running("fs", "n1").schedule();
        assertThat(summary(d)).containsExactly("stop ip n1");
        assertThat(where(d, "ip")).isEmpty();
    }

    @Test
    void anUnmanagedMemberWhoseStopIsRequiredCannotStartTheMembersAfterIt() {
        // n2 is standby: ip must leave but is blocked behind fs (unmanaged, on n1); fs's stop was made required
        // and cannot run, so its start cannot either, and www (after fs, colocated with it on n1) cannot start
        // there: it stops (s1-77, differential/group-unmanaged-member-start-unrunnable)
        Cluster c = Cluster.of("n1", "n2").standby("n2")
                .add(new dev.baton.scheduler.model.Group("web", java.util.List.of(Cluster.dummy("ip"),
                        Cluster.dummy("fs", "is-managed", "false"), Cluster.dummy("www")), java.util.Map.of()))
                .running("ip", "n2").running("fs", "n1").running("www", "n2");
        Decision d = c.schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("stop ip n2 blocked", "stop www n2");
        assertThat(where(d, "www")).isEmpty();
    }
}
