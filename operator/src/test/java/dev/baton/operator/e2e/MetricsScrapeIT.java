package dev.baton.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.operator.monitoring.Dashboard;
import dev.baton.testsupport.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The dashboard against the real parts: Debian's Prometheus, with the scrape jobs of
 * manifests/monitoring/prometheus.yml pointed at an operator (its Quarkus jar) and an agent (its jar, in this
 * host's network namespace, a resource-agents Dummy to run), all on loopback. After a start and a failure
 * recovered, every metric the dashboard reads is in the real scrapes and every panel's query has data in
 * Prometheus.
 */
class MetricsScrapeIT {
  private static final ControlPlane CP = ControlPlane.get();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyDashboardQueryHasSeriesInARealPrometheus() throws Exception {
    String ns = "metrics-" + UUID.randomUUID().toString().substring(0, 6);
    KubernetesClient admin = CP.admin();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    Path dir = Files.createTempDirectory("baton-metrics-");
    Path state = dir.resolve("dummy.state");
    Process prometheus = null;
    try (Cluster cluster = new Cluster(null, ns)) {
      int operatorPort = freePort();
      int agentPort = freePort();
      int prometheusPort = freePort();
      cluster.startOperator("operator", Map.of("BATON_HTTP_PORT", String.valueOf(operatorPort),
          "QUARKUS_HTTP_HOST", "127.0.0.1"));
      cluster.client().load(new ByteArrayInputStream(objects(state).getBytes(StandardCharsets.UTF_8)))
          .inNamespace(ns).serverSideApply();
      cluster.startHostAgent("compute-1", Map.of("metrics-listen", "127.0.0.1:" + agentPort));
      prometheus = startPrometheus(dir, ns, prometheusPort, Map.of(
          "baton-operator", "127.0.0.1:" + operatorPort, "baton-agents", "127.0.0.1:" + agentPort));
      String api = "http://127.0.0.1:" + prometheusPort;

      Cluster.await("dummy started on compute-1", Duration.ofSeconds(90), () -> started(cluster.primitive("dummy")));
      Cluster.await("both targets up", Duration.ofSeconds(60), () -> series(api, "up == 1").size() == 2);
      Files.delete(state); // Dummy's monitor now answers "not running": a failure, recovered in place
      Cluster.await("dummy's failure counted and recovered", Duration.ofSeconds(60), () -> {
        Primitive p = cluster.primitive("dummy");
        return started(p) && p.getStatus().failCounts != null && p.getStatus().failCounts.containsKey("compute-1");
      });

      Dashboard dashboard = Dashboard.load(CP.repoRoot());
      Set<String> exposed = new TreeSet<>();
      Cluster.await("the recovery's failover recorded", Duration.ofSeconds(30), () -> {
        exposed.clear();
        exposed.addAll(names(get("http://127.0.0.1:" + operatorPort + "/q/metrics")));
        exposed.addAll(names(get("http://127.0.0.1:" + agentPort + "/metrics")));
        return exposed.containsAll(dashboard.metrics());
      });
      assertThat(exposed).as("the real scrapes of the operator and the agent").containsAll(dashboard.metrics());

      // every panel's every query, as Grafana sends it with its variables at "All": no error, and data
      Map<String, String> missing = new LinkedHashMap<>();
      Cluster.await("data for every panel", Duration.ofSeconds(60), () -> {
        missing.clear();
        dashboard.expressions().forEach((title, exprs) -> exprs.stream().map(dashboard::resolve)
            .filter(e -> series(api, e).isEmpty()).forEach(e -> missing.put(title, e)));
        return missing.isEmpty();
      });
      assertThat(missing).isEmpty();
      dashboard.expressions().forEach((title, exprs) -> exprs.forEach(e -> {
        List<JsonNode> r = series(api, dashboard.resolve(e));
        System.out.printf("panel %-30s %2d series, first %s%n", title, r.size(), r.get(0).path("value").get(1).asText());
      }));
      assertThat(series(api, "sum(baton_failovers_total{cause=\"failure\"})").get(0).path("value").get(1).asDouble())
          .as("the recovery is a failover").isGreaterThanOrEqualTo(1);
      // its series were scraped at 0 before it (Metrics registers them at start), so the range's stats show it
      String inRange = dashboard.resolve(dashboard.expressions().get("Failovers in the range").get(0));
      assertThat(series(api, "sum(" + inRange + ")").get(0).path("value").get(1).asDouble()).as(inRange).isPositive();
      String p95 = dashboard.resolve(dashboard.expressions().get("Failover latency (p95, range)").get(0));
      assertThat(series(api, p95).get(0).path("value").get(1).asDouble()).as(p95).isPositive().isFinite();
      for (JsonNode v : dashboard.variables()) {
        if (v.path("type").asText().equals("query")) {
          // label_values(METRIC, LABEL): the values Grafana offers
          String[] q = v.path("definition").asText().replaceAll("^label_values\\(|\\)$", "").split(",\\s*");
          JsonNode values = query(api + "/api/v1/label/" + q[1] + "/values?match[]=" + enc(q[0]));
          assertThat(values.toString()).as(v.path("name").asText()).contains("\"compute-1\"");
        }
      }
    } finally {
      if (prometheus != null) {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      admin.namespaces().withName(ns).delete();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String objects(Path state) throws IOException {
    try (var in = MetricsScrapeIT.class.getResourceAsStream("/metrics/cluster.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("STATE_FILE", state.toString());
    }
  }

  private static boolean started(Primitive p) {
    return Cluster.activeOn("compute-1").test(p) && "Started".equals(p.getStatus().state);
  }

  /**
   * Debian's Prometheus with the documented jobs (job name, metrics path), their discovery replaced by the
   * given loopback target, scraping every second.
   */
  @SuppressWarnings("unchecked")
  private static Process startPrometheus(Path dir, String ns, int port, Map<String, String> targets)
      throws IOException, InterruptedException {
    Path documented = CP.repoRoot().resolve("manifests/monitoring/prometheus.yml");
    Process check = new ProcessBuilder("promtool", "check", "config", documented.toString()).redirectErrorStream(true)
        .redirectOutput(Cluster.LOGS.resolve(ns + "-promtool.log").toFile()).start();
    assertThat(check.waitFor()).as("promtool check config " + documented).isZero();
    Map<String, Object> config = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(documented));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
    assertThat(jobs).extracting(j -> j.get("job_name")).containsExactlyInAnyOrderElementsOf(targets.keySet());
    for (Map<String, Object> job : jobs) {
      job.keySet().removeIf(k -> k.endsWith("_sd_configs") || k.equals("static_configs") || k.equals("relabel_configs"));
      job.put("static_configs", List.of(Map.of("targets", List.of(targets.get((String) job.get("job_name"))))));
    }
    config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, new Dump(DumpSettings.builder().build()).dumpToString(config));
    ProcessBuilder pb = new ProcessBuilder("prometheus", "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + port);
    pb.redirectErrorStream(true).redirectOutput(Cluster.LOGS.resolve(ns + "-prometheus.log").toFile());
    return pb.start();
  }

  /** The instant vector of a query (empty while Prometheus is not answering yet); an error fails the test. */
  private static List<JsonNode> series(String api, String promql) {
    JsonNode r;
    try {
      r = query(api + "/api/v1/query?query=" + enc(promql));
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
    assertThat(r.path("status").asText()).as(promql + ": " + r).isEqualTo("success");
    List<JsonNode> out = new java.util.ArrayList<>();
    r.path("data").path("result").forEach(out::add);
    return out;
  }

  private static JsonNode query(String url) throws IOException {
    return JSON.readTree(get(url));
  }

  private static String get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The metric names of a Prometheus text exposition. */
  private static Set<String> names(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
