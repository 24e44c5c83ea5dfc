package dev.baton.agent.daemon;

import com.sun.net.httpserver.HttpServer;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.Ocf;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The agent's Prometheus metrics, served at {@code http://<metrics-listen>/metrics} (docs/agent.md,
 * "Metrics"): lease renewal latency and every operation's duration by resource, operation and result.
 * The result is the agent's answer as a label (ok, not_running, error, timed_out, ...), not a verdict:
 * whether "not running" is a failure is the operator's judgement, as in Pacemaker.
 */
final class AgentMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpServer server;

    AgentMetrics(String node) {
        registry.config().commonTags("node", node);
        // both exist from the start: Prometheus' increase() and rate() do not count a series' first appearance,
        // so the first failed renewal would otherwise not show
        leaseRenewals(true);
        leaseRenewals(false);
    }

    /** One lease renewal attempt: its latency (send to answer, or to failure) and whether it got through. */
    void leaseRenewal(long nanos, boolean ok) {
        leaseRenewals(ok).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer leaseRenewals(boolean ok) {
        return Timer.builder("baton_agent_lease_renewal").description("lease renewal requests, send to answer")
                .tag("result", ok ? "ok" : "failed").publishPercentileHistogram().register(registry);
    }

    /** One operation the executor ran (actions, recurring monitors, probes, stops on isolation). */
    void operation(ActionRequest req, ActionResult res) {
        Timer.builder("baton_agent_operation").description("resource operations, by resource, operation and answer")
                .tags("resource", req.resource(), "operation", req.action().wireName(), "result", result(res))
                .publishPercentileHistogram().register(registry).record(res.durationMs(), TimeUnit.MILLISECONDS);
    }

    /** The answer as a Prometheus-style label value: the OCF code's name, or why there is none. */
    static String result(ActionResult res) {
        return switch (res.status()) {
            case DONE -> Ocf.isDefined(res.rc()) ? Ocf.text(res.rc()).toLowerCase(Locale.ROOT)
                    .replace("ocf_", "").replaceAll("[^a-z0-9]+", "_").replaceAll("_$", "") : "unknown";
            case TIMED_OUT -> "timed_out";
            case REJECTED -> "rejected";
            case EXEC_ERROR -> "exec_error";
        };
    }

    /** The exposition text, as /metrics serves it. */
    String scrape() {
        return registry.scrape();
    }

    /** Serves /metrics on {@code listen} (loopback or the node's own address: nothing else is bound). */
    void serve(InetSocketAddress listen) throws IOException {
        server = HttpServer.create(listen, 0);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** The bound address (the port, when 0 was asked for). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
