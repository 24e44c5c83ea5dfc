package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** shutdown-lock keeps a resource on the node that shut down with it, until it returns or the limit passes. */
class ShutdownLockTest {
    private static final long LOCKED_AT = 1_000_000;

    private static Cluster n1Down() {
        return Cluster.of("n2").node(new Node("n1", false, false, false, false, Map.of(), Map.of()))
                .property("shutdown-lock", "true").primitive("a").primitive("b")
                .shutdownLocked("a", "n1", LOCKED_AT).at(LOCKED_AT + 600);
    }

    @Test
    void aResourceActiveOnANodeShuttingDownStopsThereAndDoesNotMove() {
        Decision d = Cluster.of("n2").node(new Node("n1", true, false, false, true, Map.of(), Map.of()))
                .property("shutdown-lock", "true").primitive("a").running("a", "n1").schedule();
        assertThat(where(d, "a")).isEmpty();
        assertThat(summary(d)).containsExactly("stop a n1");
    }

    @Test
    void withoutShutdownLockItMoves() {
        Decision d = Cluster.of("n2").node(new Node("n1", true, false, false, true, Map.of(), Map.of()))
                .primitive("a").running("a", "n1").schedule();
        assertThat(summary(d)).containsExactly("move a n1->n2");
    }

    @Test
    void aRecordedLockKeepsTheResourceStoppedWhileItsNodeIsAway() {
        Decision d = n1Down().schedule();
        assertThat(where(d, "a")).isEmpty();
        assertThat(summary(d)).containsExactly("start b n2");
    }

    @Test
    void aRecordedLockExpiresAfterTheLimit() {
        assertThat(where(n1Down().property("shutdown-lock-limit", "15m").schedule(), "a")).isEmpty();
        Decision d = n1Down().property("shutdown-lock-limit", "5m").schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(summary(d)).containsExactlyInAnyOrder("start a n2", "start b n2");
    }

    @Test
    void aRecordedLockIsVoidOnceTheResourceRunsElsewhere() {
        Decision d = n1Down().running("a", "n2").schedule();
        assertThat(where(d, "a")).containsExactly("Started@n2");
        assertThat(summary(d)).containsExactly("start b n2");
    }

    @Test
    void aLockedResourceStartsOnItsNodeWhenItReturns() {
        Decision d = n1Down().node(Node.online("n1")).location("a", "n2", 100).schedule();
        assertThat(where(d, "a")).containsExactly("Started@n1");
    }

    @Test
    void clonesAreNeverLocked() {
        Decision d = Cluster.of("n2").node(new Node("n1", false, false, false, false, Map.of(), Map.of()))
                .property("shutdown-lock", "true").clone("c", "p", false, "clone-max", "1")
                .shutdownLocked("p", "n1", LOCKED_AT).at(LOCKED_AT + 1).schedule();
        assertThat(where(d, "p")).containsExactly("Started@n2");
    }
}
