package dev.baton.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.testsupport.KubeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeApi.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusCommandTest {
    private final KubeApi.Env env;

    StatusCommandTest(KubeApi.Env env) {
        this.env = env;
    }

    @BeforeAll
    void fixture() {
        StatusFixture.create(env);
    }

    /** Times and the namespace vary per run; everything else must match the golden file byte for byte. */
    static String normalise(String text, String namespace) {
        return text.replace(namespace, "NAMESPACE")
                .replaceAll("(?m)^  \\* Last updated: .*$", "  * Last updated: TIME");
    }

    /**
     * The crm_mon-like text of {@link StatusFixture}'s cluster is golden/status.txt byte for byte. After a
     * deliberate change of the output, regenerate it: {@code mvn -pl cli verify -Dtest=StatusCommandTest
     * -Dbaton.golden.update=true}, and review the diff.
     */
    @Test
    void textReadsLikeCrmMon() throws Exception {
        var r = CliRun.kube(env, "status");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        Path golden = env.repo().resolve("cli/src/test/resources/golden/status.txt");
        String actual = normalise(r.out(), env.namespace());
        if (Boolean.getBoolean("baton.golden.update")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).as("differs from %s (regenerate with -Dbaton.golden.update=true)", golden)
                .isEqualTo(Files.readString(golden));
    }

    @Test
    void jsonCarriesTheSameFacts() throws Exception {
        var r = CliRun.kube(env, "status", "-o", "json");
        assertThat(r.exit()).isZero();
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertThat(s.path("namespace").asText()).isEqualTo(env.namespace());
        assertThat(s.path("nodes").findValuesAsText("state")).containsExactly("online", "online", "standby", "offline");
        assertThat(s.path("failedActions").findValuesAsText("operation")).containsExactly("promote", "monitor");
        assertThat(s.path("moveConstraints").get(0).path("expired").asBoolean()).isTrue();
        assertThat(s.path("resources").findValuesAsText("name")).contains("controller-services", "www", "db", "vip");
    }

    @Test
    void yamlIsOffered() {
        var r = CliRun.kube(env, "status", "-o", "yaml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("name: \"db\"").contains("failCount: 1");
    }

    @Test
    void watchPrintsAgainWhenANodeChanges() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            var cl = dev.baton.cli.kube.Cli.install(dev.baton.cli.KubectlBaton.commandLine());
            cl.setOut(new java.io.PrintWriter(out, true));
            Future<Integer> run = pool.submit(() -> cl.execute("status", "--watch", "--interval", "200ms",
                    "--kubeconfig", env.controlPlane().kubeconfig().toString(), "-n", env.namespace()));
            waitFor(() -> out.toString().contains("Node compute-3: standby"));
            env.client().resources(HANode.class).withName("compute-1").edit(n -> {
                n.getSpec().maintenance = true;
                return n;
            });
            waitFor(() -> out.toString().contains("Node compute-1: maintenance"));
            pool.shutdownNow();
            assertThat(run.get()).isZero();
        } finally {
            pool.shutdownNow();
            env.client().resources(HANode.class).withName("compute-1").edit(n -> {
                n.getSpec().maintenance = null;
                return n;
            });
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void unreachableApiServerIsOneLine() throws Exception {
        Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        var r = CliRun.run("status", "--kubeconfig", kubeconfig.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot reach the Kubernetes API").contains("--kubeconfig");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void unknownContextIsOneLine() {
        var r = CliRun.run("status", "--kubeconfig", env.controlPlane().kubeconfig().toString(), "--context", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: context 'nope' is not in");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void badOutputFormatIsOneLine() {
        var r = CliRun.kube(env, "status", "-o", "xml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid value for option '--output'");
        assertThat(r.err().lines()).hasSize(1);
    }
}
