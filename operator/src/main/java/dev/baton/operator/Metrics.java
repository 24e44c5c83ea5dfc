package dev.baton.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics (at /q/metrics; docs/operator.md, "Metrics"): transitions and their durations, actions by
 * result, failovers and their latency, cluster state.
 */
@ApplicationScoped
public class Metrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    // these series exist at 0 from the start: Prometheus' increase() does not count a series' first appearance,
    // so a first failover would otherwise show as none
    for (String cause : List.of("configuration", "failure", "node-loss")) {
      registry.counter("baton_transitions_total", "cause", cause);
      if (!cause.equals("configuration")) {
        registry.counter("baton_failovers_total", "cause", cause);
        failoverLatency(cause);
      }
    }
  }

  void transition(String reason) {
    registry.counter("baton_transitions_total", "cause", cause(reason)).increment();
  }

  /**
   * A transition ended: Complete (every action done) or Aborted (new input, recomputed). Its duration goes to
   * baton_transition_duration_seconds by cause and result (whose _count is the transitions by result). A completed
   * transition caused by a failure or a lost node is a failover; its duration is the failover latency.
   */
  void transitionFinished(String reason, String phase, long durationMs) {
    String cause = cause(reason);
    Timer.builder("baton_transition_duration").description("from a transition's creation to its end")
        .publishPercentileHistogram().tags("cause", cause, "result", phase.toLowerCase(Locale.ROOT))
        .register(registry).record(Duration.ofMillis(durationMs));
    if (!cause.equals("configuration") && phase.equals("Complete")) {
      registry.counter("baton_failovers_total", "cause", cause).increment();
      failoverLatency(cause).record(Duration.ofMillis(durationMs));
    }
  }

  private Timer failoverLatency(String cause) {
    return Timer.builder("baton_failover_latency").description("from the transition that recovers to its last action")
        .publishPercentileHistogram().tags("cause", cause).register(registry);
  }

  void dispatched(String action) {
    registry.counter("baton_actions_dispatched_total", "action", action).increment();
  }

  void actionResult(String action, String result) {
    registry.counter("baton_actions_total", "action", action, "result", result).increment();
  }

  void cluster(String namespace, int nodesOnline, int started, int failed, int stopped) {
    gauge("baton_nodes_online", Tags.of("namespace", namespace), nodesOnline);
    gauge("baton_resources", Tags.of("namespace", namespace, "state", "started"), started);
    gauge("baton_resources", Tags.of("namespace", namespace, "state", "failed"), failed);
    gauge("baton_resources", Tags.of("namespace", namespace, "state", "stopped"), stopped);
  }

  private void gauge(String name, Tags tags, int value) {
    gauges.computeIfAbsent(name + tags, k -> registry.gauge(name, tags, new AtomicInteger())).set(value);
  }

  private static String cause(String reason) {
    return reason.contains(" failed on ") ? "failure" : reason.contains("nodes not online") ? "node-loss"
        : "configuration";
  }
}
