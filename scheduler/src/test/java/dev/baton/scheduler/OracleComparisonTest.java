package dev.baton.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OracleComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRecurringMonitorSimulatedAfterTheStopOnANodeLeavesAGhostThere() throws Exception {
        // seed 7 cluster 1232: the monitor of an expired failure is rescheduled on node-1, unordered with the stop
        // of the resource that moves to node-2; crm_simulate records it as "running", so its revised status shows
        // r20 on both nodes
        var expected = JSON.readTree("""
                {"executed": ["stop r20@node-1", "monitor r20@node-2", "monitor/10000 r20@node-1",
                              "start r20@node-2", "monitor/10000 r20@node-2"]}""");
        assertThat(OracleComparison.ghosts(expected)).isEqualTo(Map.of("r20", Set.of("node-1")));
        // a monitor before the stop, or a start after it, leaves none
        var ordered = JSON.readTree("""
                {"executed": ["monitor/10000 r1:0@node-1", "stop r1:0@node-1", "stop r2@node-1",
                              "monitor/10000 r2@node-1", "start r2@node-1"]}""");
        assertThat(OracleComparison.ghosts(ordered)).isEmpty();
    }
}
