package dev.baton.scheduler;

import static dev.baton.scheduler.Decisions.summary;
import static dev.baton.scheduler.Decisions.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.model.OrderConstraint.Kind;
import org.junit.jupiter.api.Test;

class OrderingTest {
    @Test
    void mandatoryOrderBlocksThenWhenFirstCannotRun() {
        Decision d = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app")
                .order("db", "app", Kind.MANDATORY).schedule();
        assertThat(where(d, "app")).isEmpty();
        assertThat(summary(d)).containsExactly("start app n1 blocked");
    }

    @Test
    void mandatoryOrderStopsARunningThenWhenFirstCannotRun() {
        Decision d = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app")
                .order("db", "app", Kind.MANDATORY).running("app", "n1").schedule();
        assertThat(summary(d)).containsExactly("stop app n1");
    }

    @Test
    void restartingFirstRestartsThen() {
        Decision d = Cluster.of("n1").primitive("db").primitive("app").order("db", "app", Kind.MANDATORY)
                .failed("db", "n1", 1).running("app", "n1").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("recover db n1", "restart app n1");
    }

    @Test
    void optionalOrderNeitherBlocksNorRestarts() {
        Decision d = Cluster.of("n1").primitive("db").primitive("app").order("db", "app", Kind.OPTIONAL)
                .failed("db", "n1", 1).running("app", "n1").schedule();
        assertThat(summary(d)).containsExactly("recover db n1");
    }

    @Test
    void graphStartsFirstBeforeThen() {
        Decision d = Cluster.of("n1").primitive("db").primitive("app").order("db", "app", Kind.MANDATORY)
                .schedule();
        assertThat(d.graph().edges()).contains(new TransitionGraph.Edge("start db@n1", "start app@n1"));
    }

    @Test
    void aPrimitiveFirstThatStartsRestartsARunningThenClone() {
        Decision d = Cluster.of("n1").primitive("db").clone("app-clone", "app", false).order("db", "app-clone",
                Kind.MANDATORY).running("app", "n1").schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("start db n1", "restart app:0 n1");
    }

    @Test
    void aNonInterleavedFirstCloneRecoveringRestartsTheWholeThenClone() {
        Decision d = Cluster.of("n1", "n2").clone("db-clone", "db", false).clone("app-clone", "app", false)
                .order("db-clone", "app-clone", Kind.MANDATORY).failed("db", "n1", 1).running("db", "n2")
                .running("app", "n1").running("app", "n2").schedule();
        assertThat(summary(d)).hasSize(3).contains("recover db:0 n1")
                .anyMatch(a -> a.matches("restart app:\\d n1")).anyMatch(a -> a.matches("restart app:\\d n2"));
    }

    @Test
    void aNonInterleavedFirstCloneOnlyStoppingAnInstanceRestartsNothing() {
        // n2 leaves: both clones stop there, the instances on n1 are not restarted
        Decision d = Cluster.of("n1", "n2").clone("db-clone", "db", false).clone("app-clone", "app", false)
                .order("db-clone", "app-clone", Kind.MANDATORY).running("db", "n1").running("db", "n2")
                .running("app", "n1").running("app", "n2").standby("n2").schedule();
        assertThat(summary(d)).hasSize(2).allMatch(a -> a.matches("stop (db|app):\\d n2"));
    }

    @Test
    void aFirstWhoseStopIsBlockedCannotStartWhatIsOrderedAfterIt() {
        // db must be recovered, but fs (after it, blocked by on-fail=block) cannot stop first: db's stop is
        // blocked, so is its start, and app (also after db) cannot start (s1-170,
        // differential/blocked-stop-first-start-unrunnable)
        Decision d = Cluster.of("n1", "n2").primitive("db").primitive("fs").primitive("app")
                .order("db", "fs", Kind.MANDATORY).order("db", "app", Kind.MANDATORY)
                .failed("db", "n1", 1).failedWith("fs", "n2", dev.baton.scheduler.model.OnFail.BLOCK).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("stop db n1 blocked", "start app n1 blocked");
        assertThat(where(d, "db")).containsExactly("Started@n1");
        assertThat(where(d, "app")).isEmpty();
    }

    @Test
    void aBlockedThenBlocksFirstsStopOnlyBetweenPrimitives() {
        // db must stop; a blocked then primitive keeps it from stopping, a blocked member of a then group does
        // not: the order's stop is the group's pseudo-action (both checked with crm_simulate; s1-72,
        // differential/group-first-blocked-then-member-stops)
        java.util.function.Function<Boolean, Cluster> cluster = grouped -> {
            Cluster c = Cluster.of("n1").primitive("db").location("db", "n1", Score.MINUS_INFINITY);
            c = grouped ? c.group("web", "ip", "fs") : c.primitive("ip").primitive("fs");
            return c.order("db", grouped ? "web" : "fs", Kind.MANDATORY).running("db", "n1").running("ip", "n1")
                    .failedWith("fs", "n1", dev.baton.scheduler.model.OnFail.BLOCK);
        };
        assertThat(summary(cluster.apply(false).schedule())).containsExactly("stop db n1 blocked");
        assertThat(summary(cluster.apply(true).schedule())).containsExactlyInAnyOrder("stop db n1",
                "stop ip n1 blocked");
    }

    @Test
    void aStopBlockedBehindABlockedThenDoesNotBlockTheStopsBeforeIt() {
        // web's stop waits for blk (blocked, on-fail=block) and cannot happen; app (before web) must stop and can:
        // only a blocked then itself blocks a user order's first, not a then whose stop is blocked in turn
        // (s42-332, differential/blocked-stop-chain-one-level)
        Decision d = Cluster.of("n1").primitive("db").primitive("app").primitive("web").primitive("blk")
                .order("db", "app", Kind.MANDATORY).order("app", "web", Kind.MANDATORY)
                .order("web", "blk", Kind.MANDATORY).location("app", "n1", Score.MINUS_INFINITY)
                .failed("db", "n1", 1).running("app", "n1").failed("web", "n1", 1)
                .failedWith("blk", "n1", dev.baton.scheduler.model.OnFail.BLOCK).schedule();
        assertThat(summary(d)).containsExactlyInAnyOrder("recover db n1", "stop app n1", "stop web n1 blocked");
    }

    @Test
    void aThenStopOrderedAfterAStartThatCannotRunCannotRunEither() {
        // db start -> app stop: db cannot start, so app's stop (target-role=Stopped) is blocked and app stays
        // (checked with crm_simulate)
        Decision d = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app", "target-role",
                "Stopped").order("db", "start", "app", "stop", Kind.MANDATORY).running("app", "n1").schedule();
        assertThat(summary(d)).containsExactly("stop app n1 blocked");
        assertThat(where(d, "app")).containsExactly("Started@n1");
    }

    @Test
    void anAsymmetricalOrderMakesThenStopRequiredAndBlockedWhenFirstCannotStart() {
        // db start -> app stop, asymmetrical: db cannot start, so app's stop is required and cannot run; app
        // stays (checked with crm_simulate). Symmetrical, the stop is only blocked if something requires it.
        Cluster asymmetrical = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app")
                .order("db", "start", "app", "stop", Kind.MANDATORY, false).running("app", "n1");
        assertThat(summary(asymmetrical.schedule())).containsExactly("stop app n1 blocked");
        assertThat(where(asymmetrical.schedule(), "app")).containsExactly("Started@n1");
        Cluster symmetrical = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app")
                .order("db", "start", "app", "stop", Kind.MANDATORY).running("app", "n1");
        assertThat(summary(symmetrical.schedule())).isEmpty();
    }

    @Test
    void aFirstCloneRestartsAThenOutsideItOnlyThroughInstanceActionsOnThensNode() {
        // db's instance leaves n1 (banned there) and one starts on n2: neither start is on app's node, so app
        // stays; an instance recovering on app's node restarts it
        Decision moved = Cluster.of("n1", "n2").clone("db-clone", "db", false).primitive("app")
                .order("db-clone", "app", Kind.MANDATORY).location("db-clone", "n1", Score.MINUS_INFINITY)
                .running("db", "n1").running("app", "n1").schedule();
        assertThat(summary(moved)).noneMatch(a -> a.contains("app"));
        Decision recovered = Cluster.of("n1", "n2").clone("db-clone", "db", false).primitive("app")
                .order("db-clone", "app", Kind.MANDATORY).failed("db", "n1", 1).running("db", "n2")
                .running("app", "n1").schedule();
        assertThat(summary(recovered)).contains("restart app n1");
    }

    @Test
    void aLaterOrderBetweenTheSameActionsIsADuplicateAndDoesNothing() {
        // Pacemaker keeps the first ordering of a pair of actions: an optional db-then-app listed before a
        // mandatory one leaves the mandatory one without effect, and app starts though db cannot (checked with
        // crm_simulate); listed the other way round, app cannot start
        Cluster optionalFirst = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app")
                .order("db", "app", Kind.OPTIONAL).order("db", "app", Kind.MANDATORY);
        assertThat(summary(optionalFirst.schedule())).containsExactly("start app n1");
        Cluster mandatoryFirst = Cluster.of("n1").primitive("db", "target-role", "Stopped").primitive("app")
                .order("db", "app", Kind.MANDATORY).order("db", "app", Kind.OPTIONAL);
        assertThat(summary(mandatoryFirst.schedule())).containsExactly("start app n1 blocked");
    }
}
