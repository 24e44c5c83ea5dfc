package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.OnFail;
import org.junit.jupiter.api.Test;

/** The container meta attribute, as Pacemaker 2.1.5's container-* regression cases show it. */
class ContainersTest {
    private static Cluster containerWithTwo() {
        return Cluster.of("n1", "n2").primitive("box").primitive("a", "container", "box")
                .primitive("b", "container", "box").location("box", "n1", 10);
    }

    @Test
    void whatIsInsideAContainerRunsWhereTheContainerRuns() {
        Decision d = containerWithTwo().location("a", "n2", 5).schedule();
        assertThat(where(d, "a")).containsExactly("Started@n1");
        assertThat(where(d, "b")).containsExactly("Started@n1");
        assertThat(summary(d)).containsExactlyInAnyOrder("start box n1", "start a n1", "start b n1");
    }

    @Test
    void aFailureInsideRestartsTheContainerAndEverythingInIt() {
        Decision d = containerWithTwo().running("box", "n1").running("b", "n1")
                .failedWith("a", "n1", OnFail.RESTART_CONTAINER).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("restart box n1", "recover a n1", "restart b n1");
    }

    @Test
    void anotherOnFailRecoversOnlyTheResource() {
        Decision d = containerWithTwo().running("box", "n1").running("b", "n1")
                .failedWith("a", "n1", OnFail.RESTART).schedule();
        assertThat(summary(d)).containsExactly("recover a n1");
    }
}
