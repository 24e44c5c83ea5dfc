package dev.baton.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's JSON model, checked as Grafana would need it (Grafana is not in Debian: this is the
 * schema check; MetricsScrapeIT runs every query against a real Prometheus scraping a real operator and agent).
 */
class DashboardTest {
  private static final Path REPO = Path.of(System.getProperty("baton.repo"));
  private final Dashboard dashboard;

  DashboardTest() throws IOException {
    dashboard = Dashboard.load(REPO);
  }

  @Test
  void aDashboardWithAPrometheusDatasourceVariableThatEveryQueryUses() {
    JsonNode d = dashboard.json();
    assertThat(d.path("uid").asText()).isNotBlank();
    assertThat(d.path("title").asText()).isNotBlank();
    assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    List<JsonNode> ds = dashboard.variables().stream().filter(v -> v.path("type").asText().equals("datasource")).toList();
    assertThat(ds).hasSize(1);
    assertThat(ds.get(0).path("query").asText()).isEqualTo("prometheus");
    String ref = "${" + ds.get(0).path("name").asText() + "}";
    List<JsonNode> queries = dashboard.panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
    assertThat(queries).isNotEmpty();
    for (JsonNode p : queries) {
      assertThat(p.path("datasource").path("type").asText()).as(p.path("title").asText()).isEqualTo("prometheus");
      assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo(ref);
      assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : p.path("targets")) {
        assertThat(t.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo(ref);
        assertThat(refIds.add(t.path("refId").asText())).as("refId unique in " + p.path("title").asText()).isTrue();
      }
    }
    for (JsonNode v : dashboard.variables()) {
      if (v.path("type").asText().equals("query")) {
        assertThat(v.path("datasource").path("uid").asText()).as(v.path("name").asText()).isEqualTo(ref);
        assertThat(v.path("allValue").asText()).as("the regex of 'All', " + v.path("name").asText()).isNotBlank();
      }
    }
  }

  @Test
  void panelIdsAreUniqueAndPanelsTileTheGridWithoutOverlapping() {
    Set<Integer> ids = new HashSet<>();
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode p : dashboard.panels()) {
      String title = p.path("title").asText();
      assertThat(p.path("id").isInt()).as("id of " + title).isTrue();
      assertThat(ids.add(p.path("id").asInt())).as("id of " + title + " unique").isTrue();
      JsonNode g = p.path("gridPos");
      for (String k : List.of("x", "y", "w", "h")) {
        assertThat(g.path(k).isInt()).as(title + " gridPos." + k).isTrue();
      }
      int x = g.path("x").asInt(), y = g.path("y").asInt(), w = g.path("w").asInt(), h = g.path("h").asInt();
      assertThat(x).as(title).isGreaterThanOrEqualTo(0);
      assertThat(y).as(title).isGreaterThanOrEqualTo(0);
      assertThat(w).as(title).isPositive();
      assertThat(h).as(title).isPositive();
      assertThat(x + w).as(title + ": Grafana's grid is 24 columns wide").isLessThanOrEqualTo(24);
      for (int[] b : boxes) {
        boolean apart = x + w <= b[0] || b[0] + b[2] <= x || y + h <= b[1] || b[1] + b[3] <= y;
        assertThat(apart).as(title + " overlaps another panel").isTrue();
      }
      boxes.add(new int[] {x, y, w, h});
    }
  }

  @Test
  void everyExpressionIsWellFormedReadsBatonMetricsAndUsesOnlyDefinedVariables() {
    Pattern variable = Pattern.compile("\\$(\\w+)");
    Set<String> defined = new HashSet<>(Set.of("__rate_interval", "__range"));
    dashboard.variables().forEach(v -> defined.add(v.path("name").asText()));
    assertThat(dashboard.expressions()).isNotEmpty();
    dashboard.expressions().forEach((title, exprs) -> exprs.forEach(e -> {
      assertThat(Dashboard.metrics(e)).as(title + ": " + e).isNotEmpty();
      assertThat(balanced(e)).as(title + ": brackets and quotes balanced in " + e).isTrue();
      Matcher m = variable.matcher(e);
      while (m.find()) {
        assertThat(defined).as(title + ": variable $" + m.group(1)).contains(m.group(1));
      }
      assertThat(dashboard.resolve(e)).as(title).doesNotContain("$");
    }));
  }

  /** The issue's four subjects each have a panel. */
  @Test
  void failoversTransitionDurationsLeaseRenewLatencyAndMonitorDurationsAreShown() {
    List<String> all = dashboard.expressions().values().stream().flatMap(List::stream).toList();
    assertThat(all).anyMatch(e -> e.contains("baton_failovers_total"))
        .anyMatch(e -> e.contains("histogram_quantile") && e.contains("baton_transition_duration_seconds_bucket"))
        .anyMatch(e -> e.contains("histogram_quantile") && e.contains("baton_agent_lease_renewal_seconds_bucket"))
        .anyMatch(e -> e.contains("histogram_quantile") && e.contains("baton_agent_operation_seconds_bucket")
            && e.contains("monitor"));
  }

  /** A metric on the dashboard is one the docs describe (docs/operator.md, docs/agent.md: "Metrics"). */
  @Test
  void everyMetricOnTheDashboardIsDocumented() throws IOException {
    String docs = Files.readString(REPO.resolve("docs/operator.md")) + Files.readString(REPO.resolve("docs/agent.md"));
    for (String m : dashboard.metrics()) {
      assertThat(docs).as(m).contains("`" + m.replaceAll("_(bucket|count|sum|max)$", ""));
    }
  }

  private static boolean balanced(String e) {
    StringBuilder open = new StringBuilder();
    boolean quoted = false;
    for (char c : e.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && "({[".indexOf(c) >= 0) {
        open.append(c);
      } else if (!quoted && ")}]".indexOf(c) >= 0) {
        if (open.isEmpty() || "({[".indexOf(open.charAt(open.length() - 1)) != ")}]".indexOf(c)) {
          return false;
        }
        open.setLength(open.length() - 1);
      }
    }
    return !quoted && open.isEmpty();
  }
}
