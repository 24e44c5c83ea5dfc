package dev.baton.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HAClusterStatus;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.api.v1alpha1.TransitionSpec;
import dev.baton.api.v1alpha1.TransitionStatus;
import dev.baton.cib.ClusterStatus;
import dev.baton.cli.kube.BatonObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of status that come from the HACluster (the operator's view), without an API server. */
class ClusterStatusTest {
    @Test
    void clusterSummaryShowsTheOperatorsMembershipAndTheRunningTransition() throws Exception {
        BatonObjects o = BatonObjects.load(Path.of(System.getProperty("baton.repo"), "cli/src/test/resources/status"));
        o.cluster().setStatus(new HAClusterStatus());
        o.cluster().getStatus().onlineNodes = List.of("compute-2", "compute-3");
        o.cluster().getStatus().currentTransition = "tr-7";
        Transition t = new Transition();
        t.setMetadata(new ObjectMetaBuilder().withName("tr-7").build());
        t.setSpec(new TransitionSpec());
        t.getSpec().reason = "www failed on compute-2";
        t.setStatus(new TransitionStatus());
        t.getStatus().phase = "InProgress";
        t.getStatus().actionsTotal = 4;
        t.getStatus().actionsSucceeded = 1;
        t.getStatus().actionsFailed = 1;

        String text = StatusText.render(ClusterStatus.of("ns", o.snapshot(List.of(), List.of(t), List.of()), Instant.now()), "T");
        assertThat(text).startsWith("""
                Cluster Summary:
                  * Cluster: openstack (namespace ns)
                  * Last updated: T
                  * Transition: tr-7 InProgress (1/4 actions done, 1 failed): www failed on compute-2
                  * 4 nodes configured
                """).contains("""
                Node List:
                  * Online: [ compute-2 ]
                  * OFFLINE: [ compute-1 compute-4 ]
                  * Node compute-3: standby
                """);
        String idle = StatusText.render(ClusterStatus.of("ns", o.snapshot(List.of(), List.of(), List.of()), Instant.now()), "T");
        assertThat(idle).contains("  * Transition: none running\n");
    }

    @Test
    void fencingHistoryReadsLikeCrmMonsNewestFirst() throws Exception {
        BatonObjects o = BatonObjects.load(Path.of(System.getProperty("baton.repo"), "cli/src/test/resources/status"));
        o.cluster().setStatus(new HAClusterStatus());
        o.cluster().getStatus().fencing = List.of(
                fence("fence-compute-1-1", "failed", "2026-11-25T10:00:01Z", "Timed out waiting to power OFF"),
                fence("fence-compute-1-2", "success", "2026-11-25T10:00:03Z", null),
                fence("fence-compute-1-3", "pending", null, null));
        o.cluster().getStatus().fencing.get(1).level = 2; // by its fencing topology's level 2
        String text = StatusText.render(ClusterStatus.of("ns", o.snapshot(List.of(), List.of(), List.of()), Instant.now()), "T");
        assertThat(text).contains("""

                Fencing History:
                  * reboot of compute-1 pending: delegate=compute-2, device=fence-lab, requested='2026-11-25T10:00:00Z'
                  * reboot of compute-1 successful: delegate=compute-2, device=fence-lab, level=2, completed='2026-11-25T10:00:03Z'
                  * reboot of compute-1 failed: delegate=compute-2, device=fence-lab, exitreason='Timed out waiting to power OFF', last-failed='2026-11-25T10:00:01Z'
                """);
        o.cluster().getStatus().fencing = null;
        assertThat(StatusText.render(ClusterStatus.of("ns", o.snapshot(List.of(), List.of(), List.of()), Instant.now()), "T"))
                .doesNotContain("Fencing History");
    }

    @Test
    void ticketsReadLikeCrmMonsAndOneOnlyAConstraintNamesIsRevoked(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("tickets.yaml"), """
                apiVersion: baton.dev/v1alpha1
                kind: Ticket
                metadata: {name: site-a}
                spec: {granted: true}
                status: {lastGranted: "2026-11-25T10:00:00Z"}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Ticket
                metadata: {name: site-b}
                spec: {granted: false, standby: true}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: TicketConstraint
                metadata: {name: www-needs-site-c}
                spec: {ticket: site-c, resource: www}
                """);
        BatonObjects base = BatonObjects.load(Path.of(System.getProperty("baton.repo"), "cli/src/test/resources/status"));
        BatonObjects tickets = BatonObjects.load(dir);
        BatonObjects o = new BatonObjects(base.cluster(), base.nodes(), base.primitives(), base.groups(), base.clones(),
                base.locations(), base.colocations(), base.orders(), tickets.tickets(), tickets.ticketConstraints());
        String text = StatusText.render(ClusterStatus.of("ns", o.snapshot(List.of(), List.of(), List.of()), Instant.now()), "T");
        assertThat(text).contains("""

                Tickets:
                  * site-a: granted last-granted="2026-11-25T10:00:00Z"
                  * site-b: revoked [standby]
                  * site-c: revoked
                """);
        assertThat(StatusText.render(ClusterStatus.of("ns", base.snapshot(List.of(), List.of(), List.of()), Instant.now()),
                "T")).as("no tickets, no section").doesNotContain("Tickets:");
    }

    private static HAClusterStatus.FenceEvent fence(String action, String result, String completed, String reason) {
        HAClusterStatus.FenceEvent e = new HAClusterStatus.FenceEvent();
        e.action = action;
        e.target = "compute-1";
        e.fenceAction = "reboot";
        e.delegate = "compute-2";
        e.device = "fence-lab";
        e.result = result;
        e.requested = "2026-11-25T10:00:00Z";
        e.completed = completed;
        e.exitReason = reason;
        return e;
    }

    @Test
    void failuresFollowTheOcfStandardNotFolklore() {
        assertThat(op("monitor", "10s", 7, "done").failed()).as("recurring monitor: not running = died").isTrue();
        assertThat(op("monitor", "0", 7, "done").failed()).as("probe answer").isFalse();
        assertThat(op("probe", null, 7, "done").failed()).isFalse();
        assertThat(op("monitor", "10s", 190, "done").failed()).as("degraded").isFalse();
        assertThat(op("monitor", "10s", 8, "done").failed()).as("promoted").isFalse();
        assertThat(op("start", "0", 1, "done").failed()).isTrue();
        assertThat(op("start", "0", 0, "timeout").failed()).isTrue();
        assertThat(op("start", "0", null, "pending").failed()).isFalse();
    }

    private static HANodeStatus.OperationRecord op(String name, String interval, Integer rc, String status) {
        HANodeStatus.OperationRecord r = new HANodeStatus.OperationRecord();
        r.operation = name;
        r.interval = interval;
        r.rc = rc;
        r.status = status;
        return r;
    }
}
