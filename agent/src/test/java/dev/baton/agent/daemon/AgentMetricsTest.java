package dev.baton.agent.daemon;

import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Executor;
import dev.baton.agent.exec.Roots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics over HTTP on loopback, fed by real operations of resource-agents' Dummy. */
class AgentMetricsTest {
    @TempDir
    Path dir;

    @Test
    void servesOperationsByResourceOperationAndAnswerAndLeaseRenewals() throws Exception {
        Executor executor = new Executor(Roots.DEFAULT);
        Path state = dir.resolve("d1.state");
        ActionRequest start = new ActionRequest("d1", AgentRef.parse("ocf:heartbeat:Dummy"), Action.START,
                Map.of("state", state.toString()), Map.of(), 0, 20_000);
        try (AgentMetrics metrics = new AgentMetrics("compute-1")) {
            metrics.serve(new InetSocketAddress("127.0.0.1", 0));
            metrics.operation(start, executor.run(start));
            Files.delete(state);
            ActionRequest monitor = start.withAction(Action.MONITOR, 1000);
            metrics.operation(monitor, executor.run(monitor));
            metrics.operation(monitor, executor.run(monitor));
            ActionRequest outside = new ActionRequest("d2", AgentRef.parse("lsb:../../bin/true"), Action.START,
                    Map.of(), Map.of(), 0, 20_000);
            metrics.operation(outside, executor.run(outside));
            metrics.leaseRenewal(3_000_000, true);
            metrics.leaseRenewal(200_000_000, false);

            assertThat(metrics.address().getAddress().isLoopbackAddress()).isTrue();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body())
                    .containsPattern(series("baton_agent_operation_seconds_count", "operation=\"start\",resource=\"d1\",result=\"ok\"", "1.0"))
                    .containsPattern(series("baton_agent_operation_seconds_count", "operation=\"monitor\",resource=\"d1\",result=\"not_running\"", "2.0"))
                    .containsPattern(series("baton_agent_operation_seconds_count", "operation=\"start\",resource=\"d2\",result=\"rejected\"", "1.0"))
                    .containsPattern(series("baton_agent_lease_renewal_seconds_count", "result=\"ok\"", "1.0"))
                    .containsPattern(series("baton_agent_lease_renewal_seconds_count", "result=\"failed\"", "1.0"))
                    // a histogram: quantiles over nodes and resources come from its buckets
                    .containsPattern(series("baton_agent_lease_renewal_seconds_bucket", "result=\"failed\"", "1.0"));
        }
    }

    /** One exposition line: the name, the node tag every series carries, the given labels, the value. */
    private static String series(String name, String labels, String value) {
        return "(?m)^" + name + "\\{[^}]*node=\"compute-1\"[^}]*" + labels + "[^}]*} "
                + value.replace(".", "\\.") + "$";
    }
}
