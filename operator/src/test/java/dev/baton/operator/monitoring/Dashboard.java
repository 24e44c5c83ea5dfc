package dev.baton.operator.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** manifests/monitoring/baton-dashboard.json, read as Grafana reads its JSON model. */
public record Dashboard(JsonNode json) {
  public static final String FILE = "manifests/monitoring/baton-dashboard.json";
  /** Baton's metric names; label names never start with it, so a name in an expression is a metric. */
  private static final Pattern METRIC = Pattern.compile("\\bbaton_[a-z0-9_]+");
  /** Grafana's built-in interval variables, as a fixed window in a query outside Grafana. */
  private static final Map<String, String> BUILT_INS = Map.of("$__rate_interval", "1m", "$__range", "1h");

  public static Dashboard load(Path repo) throws IOException {
    return new Dashboard(new ObjectMapper().readTree(repo.resolve(FILE).toFile()));
  }

  /** Every panel, those inside collapsed rows included, rows too. */
  public List<JsonNode> panels() {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode p : json.path("panels")) {
      all.add(p);
      p.path("panels").forEach(all::add);
    }
    return all;
  }

  /** The template variables (templating.list). */
  public List<JsonNode> variables() {
    List<JsonNode> v = new ArrayList<>();
    json.path("templating").path("list").forEach(v::add);
    return v;
  }

  /** Each query panel's title with its targets' expressions, in order. */
  public Map<String, List<String>> expressions() {
    return panels().stream().filter(p -> p.has("targets")).collect(Collectors.toMap(p -> p.path("title").asText(),
        p -> p.path("targets").findValuesAsText("expr"), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** The metric names an expression reads. */
  public static Set<String> metrics(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** Every metric name the dashboard reads, the variables' queries included. */
  public Set<String> metrics() {
    Set<String> names = new TreeSet<>();
    expressions().values().forEach(es -> es.forEach(e -> names.addAll(metrics(e))));
    variables().forEach(v -> names.addAll(metrics(v.path("definition").asText())));
    return names;
  }

  /**
   * An expression as Grafana would send it with every variable at "All" (its allValue regex) and the
   * built-in intervals at fixed windows.
   */
  public String resolve(String expr) {
    String out = expr;
    for (var e : BUILT_INS.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    for (JsonNode v : variables()) {
      if (v.path("type").asText().equals("query")) {
        out = out.replace("$" + v.path("name").asText(), v.path("allValue").asText());
      }
    }
    return out;
  }
}
