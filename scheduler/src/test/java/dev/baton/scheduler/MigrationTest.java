package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.OrderConstraint;
import org.junit.jupiter.api.Test;

/** Live migration (allow-migrate) as Pacemaker 2.1.5 plans it; the cases mirror its regression inputs. */
class MigrationTest {
    private static final String MIGRATE = "allow-migrate";

    @Test
    void aMigratableResourceThatMovesMigrates() {
        Decision d = Cluster.of("n1", "n2").primitive("vm", MIGRATE, "true").running("vm", "n1")
                .location("vm", "n2", 100).schedule();
        assertThat(summary(d)).containsExactly("migrate vm n1->n2");
        assertThat(where(d, "vm")).containsExactly("Started@n2");
    }

    @Test
    void withoutAllowMigrateItMoves() {
        Decision d = Cluster.of("n1", "n2").primitive("vm").running("vm", "n1").location("vm", "n2", 100).schedule();
        assertThat(summary(d)).containsExactly("move vm n1->n2");
    }

    @Test
    void aFailedResourceIsRecoveredNotMigrated() {
        Decision d = Cluster.of("n1", "n2").primitive("vm", MIGRATE, "true", "migration-threshold", "1")
                .failed("vm", "n1", 1).schedule();
        assertThat(summary(d)).containsExactly("recover vm n1->n2");
    }

    @Test
    void aMigrationRestartsNothingOrderedAfterIt() {
        Decision d = Cluster.of("n1", "n2").primitive("a", MIGRATE, "true").primitive("b").running("a", "n1")
                .running("b", "n2").location("a", "n2", 100).location("b", "n2", 100)
                .order("a", "b", OrderConstraint.Kind.MANDATORY).schedule();
        assertThat(summary(d)).containsExactly("migrate a n1->n2");
    }

    @Test
    void somethingOrderedBeforeItThatMovesWithoutMigratingMakesItAMove() {
        Decision d = Cluster.of("n1", "n2").primitive("a").primitive("b", MIGRATE, "true").running("a", "n1")
                .running("b", "n1").location("a", "n2", 100).location("b", "n2", 100)
                .order("a", "b", OrderConstraint.Kind.MANDATORY).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("move a n1->n2", "move b n1->n2");
        // both migrate when both may
        Decision both = Cluster.of("n1", "n2").primitive("a", MIGRATE, "true").primitive("b", MIGRATE, "true")
                .running("a", "n1").running("b", "n1").location("a", "n2", 100).location("b", "n2", 100)
                .order("a", "b", OrderConstraint.Kind.MANDATORY).schedule();
        assertThat(summary(both)).containsExactlyInAnyOrder("migrate a n1->n2", "migrate b n1->n2");
    }
}
