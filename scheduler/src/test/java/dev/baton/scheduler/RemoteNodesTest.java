package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Primitive;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Remote nodes reached through an ocf:pacemaker:remote connection, as Pacemaker 2.1.5's remote-* cases show them. */
class RemoteNodesTest {
    private static Primitive connection(String id, String... meta) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < meta.length; i += 2) {
            m.put(meta[i], meta[i + 1]);
        }
        return new Primitive(id, "ocf", "pacemaker", "remote", Map.of(), m, List.of());
    }

    /** Cluster nodes c1, c2 and remote node r1 (offline unless its connection runs). */
    private static Cluster withRemote(boolean connected, String... connectionMeta) {
        Cluster c = Cluster.of("c1", "c2").node(new Node("r1", connected, false, false, false, Map.of(), Map.of()))
                .add(connection("r1", connectionMeta)).primitive("app").location("app", "r1", 100);
        return connected ? c.running("r1", "c1") : c;
    }

    @Test
    void aRemoteNodeRunsResourcesAsSoonAsItsConnectionStarts() {
        Decision d = withRemote(false).schedule();
        assertThat(where(d, "r1")).containsExactly("Started@c1");
        assertThat(where(d, "app")).containsExactly("Started@r1");
        assertThat(summary(d)).containsExactlyInAnyOrder("start r1 c1", "start app r1");
    }

    @Test
    void theConnectionNeverRunsOnARemoteNode() {
        Decision d = withRemote(true).running("app", "r1").location("r1", "r1", 1000).schedule();
        assertThat(where(d, "r1")).containsExactly("Started@c1");
        assertThat(summary(d)).isEmpty();
    }

    @Test
    void fencingDevicesDoNotRunOnRemoteNodes() {
        Decision d = withRemote(true).running("app", "r1").fencingDevice().location("fencer", "r1", 1000)
                .schedule();
        // not r1, whatever it prefers: c2, which runs less than c1 (the connection)
        assertThat(where(d, "fencer")).containsExactly("Started@c2");
    }

    @Test
    void aConnectionThatStopsTakesItsNodesResourcesAway() {
        Decision d = withRemote(true, "target-role", "Stopped").running("app", "r1").schedule();
        assertThat(where(d, "r1")).isEmpty();
        assertThat(where(d, "app")).containsExactly("Started@c1");
        assertThat(summary(d)).containsExactlyInAnyOrder("stop r1 c1", "move app r1->c1");
    }

    @Test
    void aMovingConnectionMigratesAndWhatTheNodeRunsStays() {
        Decision d = withRemote(true).running("app", "r1").location("r1", "c2", 50).schedule();
        assertThat(where(d, "r1")).containsExactly("Started@c2");
        assertThat(where(d, "app")).containsExactly("Started@r1");
        assertThat(summary(d)).containsExactly("migrate r1 c1->c2");
    }

    @Test
    void fencingForWhatIsThoughtActiveIsRevokedWhenTheConnectionComesBack() {
        Cluster c = withRemote(false).fencingDevice().running("app", "r1")
                .unclean("r1", false, Node.activeOnRemote("app"));
        Decision d = c.schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("start r1 c1", "start fencer c2");
        assertThat(where(d, "app")).containsExactly("Started@r1");
    }

    /** r1's connection runs on c1, which left the cluster; app runs on r1. */
    private static Cluster connectionOnUncleanHost() {
        return Cluster.of("c1", "c2").node(new Node("r1", true, false, false, false, Map.of(), Map.of()))
                .add(connection("r1")).primitive("app").fencingDevice().running("r1", "c1").running("app", "r1")
                .running("fencer", "c2").unclean("c1", false, "peer is no longer part of the cluster");
    }

    @Test
    void aConnectionStuckOnAnUncleanHostFencesItsRemoteNodeWhenItCanRunNowhere() {
        Decision d = connectionOnUncleanHost().location("r1", "c2", Score.MINUS_INFINITY).schedule();
        assertThat(summary(d)).contains("Fence (reboot) c1", "Fence (reboot) r1", "stop r1 c1", "move app r1->c2");
    }

    @Test
    void aConnectionStuckOnAnUncleanHostThatCanMoveKeepsItsRemoteNode() {
        Decision d = connectionOnUncleanHost().schedule();
        assertThat(summary(d)).contains("Fence (reboot) c1", "move r1 c1->c2").doesNotContain("Fence (reboot) r1");
        assertThat(where(d, "app")).containsExactly("Started@r1");
    }

    @Test
    void aRemoteNodeWhoseConnectionCannotComeBackIsFenced() {
        Cluster c = withRemote(false, "target-role", "Stopped").fencingDevice().running("app", "r1")
                .unclean("r1", false, Node.activeOnRemote("app"));
        Decision d = c.schedule();
        assertThat(summary(d)).contains("Fence (reboot) r1", "move app r1->c1");
    }
    /** Guest node g1 inside container vm on c1 (its connection g1 there too), app running on g1. */
    private static Cluster withGuest() {
        return Cluster.of("c1", "c2").node(new Node("g1", true, false, false, false, Map.of(), Map.of()))
                .primitive("vm").add(connection("g1", "container", "vm")).primitive("app")
                .location("app", "g1", 100).running("vm", "c1").running("g1", "c1").running("app", "g1");
    }

    @Test
    void whatRunsOnAGuestRestartsWhenItsContainerMoves() {
        Decision d = withGuest().location("vm", "c2", 50).schedule();
        assertThat(where(d, "vm")).containsExactly("Started@c2");
        assertThat(where(d, "g1")).containsExactly("Started@c2");
        assertThat(summary(d)).containsExactlyInAnyOrder("move vm c1->c2", "move g1 c1->c2", "restart app g1");
    }

    @Test
    void aGuestWhoseConnectionFailedIsFencedByRecoveringItsContainer() {
        Decision d = withGuest().failed("g1", "c1", 1).node(new Node("g1", false, false, false, false, Map.of(),
                Map.of())).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) g1 (resource: vm)", "recover vm c1",
                "recover g1 c1", "recover app g1");
        assertThat(where(d, "app")).containsExactly("Started@g1");
    }

    @Test
    void aGuestOnAnUncleanHostIsResetWithItsContainerElsewhere() {
        Decision d = withGuest().fencingDevice().running("fencer", "c2")
                .unclean("c1", false, "peer is no longer part of the cluster").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("Fence (reboot) c1", "Fence (reboot) g1 (resource: vm)",
                "recover vm c1->c2", "move g1 c1->c2", "recover app g1");
        assertThat(where(d, "app")).containsExactly("Started@g1");
    }

    @Test
    void aHealthyGuestIsLeftAlone() {
        Decision d = withGuest().schedule();
        assertThat(summary(d)).isEmpty();
        assertThat(where(d, "app")).containsExactly("Started@g1");
    }
    @Test
    void anEmptyGuestOnAnUncleanHostIsResetButItsContainerOnlyMoves() {
        Cluster c = Cluster.of("c1", "c2").node(new Node("g1", true, false, false, false, Map.of(), Map.of()))
                .primitive("vm").add(connection("g1", "container", "vm")).running("vm", "c1").running("g1", "c1")
                .fencingDevice().running("fencer", "c2").unclean("c1", false, "peer is no longer part of the cluster");
        assertThat(summary(c.schedule())).containsExactlyInAnyOrder("Fence (reboot) c1",
                "Fence (reboot) g1 (resource: vm)", "move vm c1->c2", "move g1 c1->c2");
    }

    @Test
    void aStrandedRemoteNodeWhoseResourcesWereNeverProbedIsFenced() {
        // nothing runs on r1, but app's state there is unknown and cannot be probed without a connection
        Cluster c = Cluster.of("c1", "c2").node(new Node("r1", true, false, false, false, Map.of(), Map.of()))
                .add(connection("r1")).primitive("app").fencingDevice().running("r1", "c1").running("fencer", "c2")
                .unclean("c1", false, "peer is no longer part of the cluster")
                .location("r1", "c2", Score.MINUS_INFINITY);
        assertThat(summary(c.schedule())).contains("Fence (reboot) c1", "Fence (reboot) r1", "stop r1 c1");
        // once app's state on r1 is known (stopped there), r1 is left alone
        Cluster known = c.stoppedOn("app", "r1");
        assertThat(summary(known.schedule())).contains("Fence (reboot) c1").doesNotContain("Fence (reboot) r1");
    }
}
