package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Primitive;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UtilizationTest {
    private static Primitive vm(String id, String memory) {
        return new Primitive(id, "ocf", "heartbeat", "VirtualDomain", Map.of(), Map.of(), List.of(),
                Map.of("memory", memory));
    }

    private static Cluster twoNodes(String strategy) {
        return Cluster.of().node(new Node("n1", true, false, false, false, Map.of(), Map.of("memory", "1024")))
                .node(new Node("n2", true, false, false, false, Map.of(), Map.of("memory", "2048")))
                .property("placement-strategy", strategy);
    }

    @Test
    void resourcesGoOnlyWhereTheyFit() {
        Decision d = twoNodes("utilization").add(vm("big", "1500")).location("big", "n1", 100).schedule();
        assertThat(where(d, "big")).containsExactly("Started@n2");
    }

    @Test
    void whatFitsNowhereStaysStopped() {
        Decision d = twoNodes("utilization").add(vm("huge", "4096")).schedule();
        assertThat(where(d, "huge")).isEmpty();
    }

    @Test
    void defaultStrategyIgnoresUtilization() {
        Decision d = twoNodes("default").add(vm("huge", "4096")).schedule();
        assertThat(where(d, "huge")).containsExactly("Started@n1");
    }

    @Test
    void balancedPrefersTheNodeWithMoreFreeCapacity() {
        Decision d = twoNodes("balanced").add(vm("small", "100")).schedule();
        assertThat(where(d, "small")).containsExactly("Started@n2");
    }
}
