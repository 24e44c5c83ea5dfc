package dev.baton.scheduler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class DateRulesTest {
    /** Wednesday 2026-12-02 10:30:00 UTC. */
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 2, 10, 30, 0, 0, ZoneOffset.UTC);

    private static boolean matches(String xml) throws Exception {
        Element e = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        return DateRules.matches(e, NOW);
    }

    @Test
    void gtAndLtCompareWithStartAndEnd() throws Exception {
        assertThat(matches("<date_expression id='d' operation='gt' start='2026-12-01'/>")).isTrue();
        assertThat(matches("<date_expression id='d' operation='gt' start='2026-12-02 11:00:00'/>")).isFalse();
        assertThat(matches("<date_expression id='d' operation='lt' end='2027-01-01T00:00:00Z'/>")).isTrue();
        assertThat(matches("<date_expression id='d' operation='lt' end='2026-12-02 10:00:00'/>")).isFalse();
    }

    @Test
    void inRangeIsInclusiveAndTakesADuration() throws Exception {
        assertThat(matches("<date_expression id='d' operation='in_range' start='2026-12-02 10:30:00'"
                + " end='2026-12-03'/>")).isTrue();
        assertThat(matches("<date_expression id='d' operation='in_range' start='2026-12-01'>"
                + "<duration id='u' hours='12'/></date_expression>")).isFalse();
        assertThat(matches("<date_expression id='d' operation='in_range' start='2026-12-01'>"
                + "<duration id='u' days='2'/></date_expression>")).isTrue();
    }

    @Test
    void dateSpecMatchesEveryGivenFieldOrRange() throws Exception {
        assertThat(matches("<date_expression id='d' operation='date_spec'>"
                + "<date_spec id='s' weekdays='1-5' hours='9-17'/></date_expression>")).isTrue();
        assertThat(matches("<date_expression id='d' operation='date_spec'>"
                + "<date_spec id='s' weekdays='6-7'/></date_expression>")).isFalse();
        assertThat(matches("<date_expression id='d' operation='date_spec'>"
                + "<date_spec id='s' years='2026' months='12' monthdays='2'/></date_expression>")).isTrue();
    }
}
