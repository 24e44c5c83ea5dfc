package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.Role;
import org.junit.jupiter.api.Test;

/** Values as Pacemaker reads them from a CIB: never an error, Pacemaker's number for anything. */
class PacemakerValuesTest {
    @Test
    void scoresAreReadLikeChar2score() {
        assertThat(Score.pacemaker("INFINITY")).isEqualTo(Score.INFINITY);
        assertThat(Score.pacemaker("+INFINITY")).isEqualTo(Score.INFINITY);
        assertThat(Score.pacemaker("-INFINITY")).isEqualTo(Score.MINUS_INFINITY);
        assertThat(Score.pacemaker("infinity")).as("case matters").isZero();
        assertThat(Score.pacemaker("inf")).isZero();
        assertThat(Score.pacemaker(" 12abc")).isEqualTo(12);
        assertThat(Score.pacemaker("+7")).isEqualTo(7);
        assertThat(Score.pacemaker("-0")).isZero();
        assertThat(Score.pacemaker("abc")).isZero();
        assertThat(Score.pacemaker("")).isZero();
        assertThat(Score.pacemaker(null)).isZero();
        assertThat(Score.pacemaker("99999999999")).isEqualTo(Score.INFINITY);
        assertThat(Score.pacemaker("-99999999999")).isEqualTo(Score.MINUS_INFINITY);
        assertThat(Score.pacemaker("99999999999999999999")).as("beyond 64 bits: strtoll fails").isZero();
        assertThat(Score.pacemaker("٣")).as("only ASCII digits").isZero();
    }

    @Test
    void intervalsAreReadLikeCrmParseIntervalSpec() {
        assertThat(Durations.pacemaker("10")).isEqualTo(10_000);
        assertThat(Durations.pacemaker("10s")).isEqualTo(10_000);
        assertThat(Durations.pacemaker(" 500ms")).isEqualTo(500);
        assertThat(Durations.pacemaker("2min")).isEqualTo(120_000);
        assertThat(Durations.pacemaker("1h")).isEqualTo(3_600_000);
        assertThat(Durations.pacemaker("1.5s")).as("the integer part").isEqualTo(1000);
        assertThat(Durations.pacemaker("10sec-ish")).as("the unit's first letters decide").isEqualTo(10_000);
        assertThat(Durations.pacemaker("1500us")).isEqualTo(1);
        assertThat(Durations.pacemaker("PT5S")).isEqualTo(5000);
        assertThat(Durations.pacemaker("-5s")).isZero();
        assertThat(Durations.pacemaker("abc")).isZero();
        assertThat(Durations.pacemaker("10x")).isZero();
        assertThat(Durations.pacemaker(".")).isZero();
        assertThat(Durations.pacemaker("PTS")).isZero();
        assertThat(Durations.pacemaker("9".repeat(40) + "h")).as("a guint of ms at most").isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void unknownRolesAreNoRole() {
        assertThat(Role.pacemaker("Bogus")).isNull();
        assertThat(Role.pacemaker("master")).isEqualTo(Role.PROMOTED);
        assertThat(Role.pacemaker("Unpromoted")).isEqualTo(Role.UNPROMOTED);
    }
}
