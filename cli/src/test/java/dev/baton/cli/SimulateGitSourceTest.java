package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceSpec;
import dev.baton.api.v1alpha1.GitSourceStatus;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cli.status.CliRun;
import dev.baton.testsupport.GitServer;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code simulate --git-source}: a revision of a real Git server (git daemon on loopback) in place of
 * what the source manages, on the live state; nothing is applied.
 */
@ExtendWith(KubeApi.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulateGitSourceTest {
    private final KubeApi.Env env;
    private GitServer server;
    private GitServer.Author git;
    private String applied;
    private String moved;
    private String pruned;

    SimulateGitSourceTest(KubeApi.Env env) {
        this.env = env;
    }

    @BeforeAll
    void fixture() throws Exception {
        server = GitServer.start();
        git = server.repository("ha");
        String web = Files.readString(SimulateFixture.DIR.resolve("web.yaml"));
        applied = git.write("ha/web.yaml", web).push("vip and www prefer compute-1");
        moved = git.write("ha/web.yaml", web.replace("score: 50", "score: -INFINITY")).push("web leaves compute-1");
        git.write("ha/web.yaml", web.substring(0, web.indexOf("---\napiVersion: baton.dev/v1alpha1\nkind: LocationConstraint")))
                .write("ha/www-on-2.yaml", """
                        apiVersion: baton.dev/v1alpha1
                        kind: LocationConstraint
                        metadata:
                          name: web-prefers-compute-2
                        spec:
                          resource: web
                          node: compute-2
                          score: 100
                        """);
        pruned = git.push("the preference becomes compute-2");

        // the live namespace as the source left it at the first revision
        SimulateFixture.create(env, SimulateFixture.DIR.resolve("web.yaml"));
        GitSource source = new GitSource();
        source.setMetadata(new ObjectMetaBuilder().withName("ha").build());
        GitSourceSpec spec = new GitSourceSpec();
        spec.url = server.url("ha");
        spec.path = "ha";
        spec.prune = true;
        source.setSpec(spec);
        env.client().resource(source).create();
        env.client().resources(GitSource.class).withName("ha").editStatus(s -> {
            GitSourceStatus st = new GitSourceStatus();
            st.lastAppliedRevision = applied;
            st.inventory = List.of("LocationConstraint/web-prefers-compute-1", "Primitive/vip", "Primitive/www",
                    "ResourceGroup/web");
            s.setStatus(st);
            return s;
        });
    }

    @AfterAll
    void stop() throws Exception {
        git.close();
        server.close();
    }

    private CliRun.Result simulate(String... args) {
        List<String> a = new java.util.ArrayList<>(List.of("simulate", "--git-source", "ha"));
        a.addAll(List.of(args));
        CliRun.Result r = CliRun.kube(env, a.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void aRevisionThatChangesALocationScoreShowsTheMoveAndAppliesNothing() {
        String before = env.kubectl("get", "primitives,resourcegroups,locationconstraints,hanodes", "-o", "yaml")
                .output();

        CliRun.Result r = simulate("--revision", moved.substring(0, 10));

        assertThat(r.err()).isEqualTo("simulating revision " + moved + " of GitSource ha (4 objects); nothing is applied\n");
        assertThat(r.out()).contains("* vip\t(ocf:heartbeat:IPaddr2):\t Started compute-1")
                .containsPattern("\\* Move +vip +\\( compute-1 -> compute-2 \\)")
                .containsPattern("\\* Move +www +\\( compute-1 -> compute-2 \\)");
        assertThat(env.kubectl("get", "primitives,resourcegroups,locationconstraints,hanodes", "-o", "yaml").output())
                .isEqualTo(before);
        assertThat(env.client().resources(LocationConstraint.class).withName("web-prefers-compute-1").get()
                .getSpec().score.getIntVal()).isEqualTo(50);
    }

    @Test
    void theRevisionThatIsAppliedChangesNothing() {
        assertThat(simulate("--revision", applied).out()).endsWith("Transition Summary:\n");
    }

    @Test
    void theDefaultIsTheHeadOfTheRefAndPruneRemovesWhatTheRevisionDropped() {
        CliRun.Result r = simulate();

        assertThat(r.err()).startsWith("simulating revision " + pruned + " ");
        // without the old preference for compute-1 (pruned), the new one for compute-2 wins
        assertThat(r.out()).containsPattern("\\* Move +vip +\\( compute-1 -> compute-2 \\)");
        assertThat(env.client().resources(LocationConstraint.class).withName("web-prefers-compute-2").get()).isNull();
        assertThat(env.client().resources(Primitive.class).withName("www").get().getStatus().node)
                .isEqualTo("compute-1");
    }

    @Test
    void withoutPruneTheDroppedObjectStays() {
        env.client().resources(GitSource.class).withName("ha").edit(s -> {
            s.getSpec().prune = false;
            return s;
        });
        try {
            // 50 on compute-1 and 100 on compute-2: still a move, but both scores count
            assertThat(simulate("--show-scores").out()).contains("location web-prefers-compute-1 +50")
                    .contains("location web-prefers-compute-2 +100");
        } finally {
            env.client().resources(GitSource.class).withName("ha").edit(s -> {
                s.getSpec().prune = true;
                return s;
            });
        }
    }

    @Test
    void anUnknownRevisionIsOneLine() {
        CliRun.Result r = CliRun.kube(env, "simulate", "--git-source", "ha", "--revision", "0123456789abcdef");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: GitSource ha: revision 0123456789abcdef not found in the fetched"
                + " branches and tags\n");
    }
}
