package dev.baton.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoreTest {
    @Test
    void addsAndSaturatesAtInfinity() {
        assertThat(Score.add(200, 100)).isEqualTo(300);
        assertThat(Score.add(999_999, 5)).isEqualTo(Score.INFINITY);
        assertThat(Score.add(Score.INFINITY, 1)).isEqualTo(Score.INFINITY);
        assertThat(Score.add(-999_999, -5)).isEqualTo(Score.MINUS_INFINITY);
    }

    @Test
    void minusInfinityWinsOverInfinity() {
        assertThat(Score.add(Score.INFINITY, Score.MINUS_INFINITY)).isEqualTo(Score.MINUS_INFINITY);
        assertThat(Score.add(Score.MINUS_INFINITY, Score.INFINITY)).isEqualTo(Score.MINUS_INFINITY);
    }

    @Test
    void parsesPacemakerForms() {
        assertThat(Score.parse("INFINITY")).isEqualTo(Score.INFINITY);
        assertThat(Score.parse("+INFINITY")).isEqualTo(Score.INFINITY);
        assertThat(Score.parse("inf")).isEqualTo(Score.INFINITY);
        assertThat(Score.parse("-INFINITY")).isEqualTo(Score.MINUS_INFINITY);
        assertThat(Score.parse("200")).isEqualTo(200);
        assertThat(Score.parse("2.0")).isEqualTo(2);
        assertThat(Score.parse("5000000")).isEqualTo(Score.INFINITY);
        assertThat(Score.parse("")).isZero();
        assertThatThrownBy(() -> Score.parse("high")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsForExplanations() {
        assertThat(Score.format(Score.INFINITY)).isEqualTo("INFINITY");
        assertThat(Score.format(Score.MINUS_INFINITY)).isEqualTo("-INFINITY");
        assertThat(Score.signed(200)).isEqualTo("+200");
        assertThat(Score.signed(-5)).isEqualTo("-5");
    }
}
