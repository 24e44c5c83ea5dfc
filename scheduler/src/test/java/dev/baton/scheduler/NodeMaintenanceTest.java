package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node in maintenance mode keeps what runs on it, unmanaged, and takes nothing new. */
class NodeMaintenanceTest {
    private static Cluster withN2InMaintenance(boolean online) {
        return Cluster.of("n1").node(new Node("n2", online, false, true, false, Map.of(), Map.of()))
                .primitive("a").primitive("b").running("a", "n2").location("a", "n1", 100).location("b", "n2", 100);
    }

    @Test
    void whatRunsThereStaysAndNothingNewGoesThere() {
        Decision d = withN2InMaintenance(true).schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(summary(d)).containsExactly("start b n1");
    }

    @Test
    void evenWhenTheNodeIsOffline() {
        Decision d = withN2InMaintenance(false).schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(summary(d)).containsExactly("start b n1");
    }
}
