package dev.baton.cli.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.cib.Values;
import dev.baton.cli.status.CliRun;
import dev.baton.cli.status.StatusFixture;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every resource verb against the real API server: what it prints and what it changed. */
@ExtendWith(KubeApi.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceVerbsTest {
    private final KubeApi.Env env;

    ResourceVerbsTest(KubeApi.Env env) {
        this.env = env;
    }

    @BeforeAll
    void fixture() {
        StatusFixture.create(env);
    }

    private CliRun.Result ok(String... args) {
        CliRun.Result r = CliRun.kube(env, args);
        assertThat(r.err()).as("stderr of %s", List.of(args)).isEmpty();
        assertThat(r.exit()).as("exit of %s", List.of(args)).isZero();
        return r;
    }

    /** A bad argument: exit code, and exactly one line on stderr that starts as given. */
    private void refused(int exit, String start, String... args) {
        CliRun.Result r = CliRun.kube(env, args);
        assertThat(r.exit()).as("exit of %s", List.of(args)).isEqualTo(exit);
        assertThat(r.err()).as("stderr of %s", List.of(args)).startsWith("error: " + start);
        assertThat(r.err().lines()).as("stderr of %s", List.of(args)).hasSize(1);
    }

    private Primitive primitive(String name) {
        return env.client().resources(Primitive.class).withName(name).get();
    }

    private LocationConstraint location(String name) {
        return env.client().resources(LocationConstraint.class).withName(name).get();
    }

    @Test
    void listShowsStateAndRawListsNames() {
        assertThat(ok("resource", "list").out()).contains("* vip\t(ocf:heartbeat:IPaddr2):\t Started compute-1");
        assertThat(ok("resource", "-L").out()).contains("* Clone Set: db [db-instance] (promotable):");
        assertThat(ok("resource", "-l").out())
                .isEqualTo("controller-services\ndb\ndb-instance\nnova-network\nvip\nwww\n");
    }

    @Test
    void locateNamesNodeAndRole() {
        assertThat(ok("resource", "locate", "vip").out()).isEqualTo("resource vip is running on: compute-1\n");
        assertThat(ok("resource", "-r", "db", "-W").out()).isEqualTo(
                "resource db is running on: compute-1 Promoted\nresource db is running on: compute-2 Unpromoted\n");
        refused(2, "no resource 'nope' in namespace", "resource", "locate", "nope");
        refused(2, "-W needs a resource: -r RSC", "resource", "-W");
    }

    @Test
    void definitionIsApplicableYamlAndRawIsTheStoredObject() {
        String def = ok("resource", "definition", "vip").out();
        assertThat(def).contains("kind: Primitive").contains("name: vip").contains("ip: 198.51.100.100")
                .doesNotContain("status:").doesNotContain("resourceVersion");
        assertThat(ok("resource", "-r", "vip", "-w").out()).contains("resourceVersion").contains("status:");
    }

    @Test
    void constraintsShowPrerequisitesAndDependents() {
        String direct = ok("resource", "constraints", "controller-services").out();
        assertThat(direct).contains("Prerequisites (controller-services runs with or after them):\n"
                + "  * vip: colocation services-with-vip (controller-services with vip, score=INFINITY)\n"
                + "  * vip: order vip-before-services (start vip then start controller-services, Mandatory)\n");
        String stack = ok("resource", "-r", "vip", "-A").out();
        assertThat(stack).contains("Locations:\n  * cli-prefer-vip: node compute-1 score=INFINITY expires=2026-01-01T00:00:00Z")
                .contains("Dependents (they run with or after vip):\n  * controller-services: colocation");
        String www = ok("resource", "constraints", "www", "--recursive").out();
        assertThat(www).contains("Dependents (they run with or after www):\n"
                + "  * nova-network: group controller-services (nova-network with and after www)\n");
    }

    @Test
    void operationsComeFromTheNodesHistory() {
        assertThat(ok("resource", "operations", "--all", "www").out()).isEqualTo(
                "www\t(lsb:apache2):\t Stopped: www_monitor_10000 (node=compute-2, call=12, rc=7, "
                        + "last-rc-change=2026-11-25T09:59:00Z, exec=15ms): done\n");
        // www is active on compute-1, whose agent reported nothing: -O shows only active resources' operations
        assertThat(ok("resource", "-r", "www", "-O").out()).isEmpty();
        refused(2, "no node 'compute-9'", "resource", "operations", "--node", "compute-9");
    }

    @Test
    void parametersMetaAndUtilizationRoundTrip() {
        assertThat(ok("resource", "param", "vip", "set", "ip", "198.51.100.200").out()).isEqualTo("vip: parameter ip=198.51.100.200\n");
        assertThat(Values.text(primitive("vip").getSpec().params.get("ip"))).isEqualTo("198.51.100.200");
        assertThat(ok("resource", "-r", "vip", "-g", "ip").out()).isEqualTo("198.51.100.200\n");
        ok("resource", "param", "vip", "delete", "cidr_netmask");
        assertThat(primitive("vip").getSpec().params).doesNotContainKey("cidr_netmask");
        refused(1, "vip has no parameter 'cidr_netmask'", "resource", "param", "vip", "get", "cidr_netmask");

        ok("resource", "-r", "www", "-p", "resource-stickiness", "-v", "-INFINITY", "-m");
        assertThat(Values.text(primitive("www").getSpec().meta.resourceStickiness)).isEqualTo("-INFINITY");
        ok("resource", "param", "controller-services", "set", "target-role", "Stopped", "--meta");
        assertThat(env.client().resources(dev.baton.api.v1alpha1.ResourceGroup.class).withName("controller-services").get()
                .getSpec().meta.targetRole.name()).isEqualTo("Stopped");
        assertThat(ok("resource", "param", "controller-services", "get", "target-role", "-m").out()).isEqualTo("Stopped\n");
        refused(2, "'stickiness' is not a meta attribute Baton knows", "resource", "param", "www", "set", "stickiness", "5", "--meta");
        refused(2, "meta is-managed cannot be 'maybe'", "resource", "param", "www", "set", "is-managed", "maybe", "--meta");

        ok("resource", "param", "vip", "set", "cpu", "2", "--utilization");
        assertThat(primitive("vip").getSpec().utilization).isEqualTo(Map.of("cpu", 2));
        ok("resource", "-r", "vip", "-d", "cpu", "-z");
        assertThat(primitive("vip").getSpec().utilization).isNullOrEmpty(); // a merge patch leaves {} (it names only the key)
        refused(2, "utilization cpu must be a non-negative integer", "resource", "param", "vip", "set", "cpu", "two", "-z");
        refused(2, "controller-services is a group; only primitives have parameters", "resource", "param",
                "controller-services", "set", "ip", "1");
        refused(2, "set needs a VALUE", "resource", "param", "vip", "set", "ip");
        refused(2, "-p ip needs a value: -v VALUE", "resource", "-r", "vip", "-p", "ip");
        refused(2, "'1x' is not an OCF parameter name", "resource", "param", "vip", "set", "1x", "v");
    }

    @Test
    void moveToANodeAndClearRoundTrip() {
        String out = ok("resource", "move", "controller-services", "--node", "compute-2", "--lifetime", "1h").out();
        assertThat(out).startsWith("created LocationConstraint cli-prefer-controller-services: controller-services prefers compute-2 (INFINITY) until ");
        LocationConstraint l = location("cli-prefer-controller-services");
        assertThat(l.getSpec().node).isEqualTo("compute-2");
        assertThat(Values.text(l.getSpec().score)).isEqualTo("INFINITY");
        assertThat(Duration.between(Instant.now(), Instant.parse(l.getSpec().expires)).toMinutes()).isBetween(58L, 60L);
        assertThat(l.getMetadata().getLabels()).containsEntry("baton.dev/created-by", "kubectl-baton");

        // moving again replaces the constraint
        ok("resource", "-r", "controller-services", "-M", "-N", "compute-3");
        assertThat(location("cli-prefer-controller-services").getSpec().node).isEqualTo("compute-3");
        assertThat(location("cli-prefer-controller-services").getSpec().expires).isNull();

        assertThat(ok("resource", "clear", "controller-services").out())
                .isEqualTo("deleted LocationConstraint cli-prefer-controller-services\n");
        assertThat(location("cli-prefer-controller-services")).isNull();
        assertThat(ok("resource", "-r", "controller-services", "-U").out()).isEqualTo("no move constraints for controller-services\n");
    }

    @Test
    void moveWithoutNodeBansWhereItRuns() {
        String out = ok("resource", "move", "vip").out();
        assertThat(out).startsWith("created LocationConstraint cli-ban-vip-on-compute-1: vip banned from compute-1 (-INFINITY)");
        assertThat(Values.text(location("cli-ban-vip-on-compute-1").getSpec().score)).isEqualTo("-INFINITY");
        ok("resource", "ban", "vip", "--node", "compute-2", "-u", "PT30M");
        assertThat(location("cli-ban-vip-on-compute-2").getSpec().expires).isNotNull();

        // moving to compute-2 lifts the ban there first
        assertThat(ok("resource", "move", "vip", "-N", "compute-2").out()).startsWith("deleted LocationConstraint cli-ban-vip-on-compute-2\n");
        assertThat(location("cli-prefer-vip").getSpec().node).isEqualTo("compute-2");

        assertThat(ok("resource", "clear", "vip", "--node", "compute-1").out()).isEqualTo("deleted LocationConstraint cli-ban-vip-on-compute-1\n");
        assertThat(ok("resource", "clear", "vip").out()).isEqualTo("deleted LocationConstraint cli-prefer-vip\n");
    }

    @Test
    void moveRefusesWhatCannotWork() {
        refused(2, "www is a member of group controller-services; use the group instead", "resource", "move", "www", "-N", "compute-2");
        refused(2, "db-instance is cloned by db; use the clone instead", "resource", "ban", "db-instance");
        refused(2, "no node 'compute-9'", "resource", "move", "vip", "--node", "compute-9");
        refused(2, "--lifetime soon is not a positive duration", "resource", "move", "vip", "-N", "compute-2", "--lifetime", "soon");
        refused(2, "db is active on compute-1, compute-2; name one with --node", "resource", "move", "db");
        refused(1, "vip already runs on compute-1", "resource", "move", "vip", "-N", "compute-1");
        refused(2, "give one operation at a time, not -M and -U", "resource", "-r", "vip", "-M", "-U");
    }

    @Test
    void deleteRefusesWhileRunningUnlessForced() {
        spare("idle", false);
        spare("busy", true);
        refused(1, "busy is running on compute-2; stop it first", "resource", "delete", "busy");
        assertThat(primitive("busy")).isNotNull();
        assertThat(ok("resource", "-r", "busy", "-D", "--force").out()).isEqualTo("deleted Primitive busy\n");
        assertThat(ok("resource", "delete", "idle", "-t", "primitive").out()).isEqualTo("deleted Primitive idle\n");
        awaitGone("busy");
        awaitGone("idle");
        refused(2, "no group 'vip' in namespace", "resource", "delete", "vip", "--type", "group");
    }

    private void spare(String name, boolean running) {
        Primitive p = new Primitive();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setSpec(new PrimitiveSpec());
        p.getSpec().resourceClass = PrimitiveSpec.ResourceClass.lsb;
        p.getSpec().type = "cron";
        env.client().resource(p).create();
        if (running) {
            env.client().resources(Primitive.class).withName(name).editStatus(x -> {
                x.setStatus(new PrimitiveStatus());
                x.getStatus().node = "compute-2";
                x.getStatus().state = "Started";
                return x;
            });
        }
    }

    private void awaitGone(String name) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (primitive(name) != null) {
            assertThat(System.nanoTime()).as(name + " still exists").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void failCleanupRefreshReprobeAnnotateThePrimitives() {
        assertThat(ok("resource", "fail", "www", "--node", "compute-2").out()).isEqualTo("www: failure on compute-2 requested\n");
        assertThat(primitive("www").getMetadata().getAnnotations().get("baton.dev/fail")).startsWith("compute-2@");
        ok("resource", "-r", "vip", "-F");
        assertThat(primitive("vip").getMetadata().getAnnotations().get("baton.dev/fail")).startsWith("compute-1@");

        ok("resource", "cleanup", "www", "--node", "compute-2");
        var a = primitive("www").getMetadata().getAnnotations();
        assertThat(a).containsEntry("baton.dev/cleanup-node", "compute-2");
        assertThat(Instant.parse(a.get("baton.dev/cleanup"))).isBetween(Instant.now().minusSeconds(30), Instant.now());

        // the group's members are what the operator acts on; a cleanup without a node forgets the old node
        assertThat(ok("resource", "-r", "controller-services", "-C").out())
                .isEqualTo("www: cleanup requested\nnova-network: cleanup requested\n");
        assertThat(primitive("www").getMetadata().getAnnotations()).doesNotContainKey("baton.dev/cleanup-node")
                .doesNotContainEntry("baton.dev/cleanup", a.get("baton.dev/cleanup"));
        assertThat(primitive("nova-network").getMetadata().getAnnotations()).containsKey("baton.dev/cleanup");

        ok("resource", "refresh", "db");
        assertThat(primitive("db-instance").getMetadata().getAnnotations()).containsKey("baton.dev/refresh");
        ok("resource", "-P");
        for (String p : List.of("vip", "www", "nova-network", "db-instance")) {
            assertThat(primitive(p).getMetadata().getAnnotations()).as(p).containsKey("baton.dev/reprobe");
        }
        refused(2, "no node 'compute-9'", "resource", "cleanup", "www", "-N", "compute-9");
        spare("stopped", false);
        refused(1, "stopped is not running anywhere; name a node with --node", "resource", "fail", "stopped");
    }

    /**
     * During a transition the operator writes the Primitive's status at every step; a request written meanwhile must
     * be taken (as kubectl annotate's merge patch is), not refused with a conflict — as the read-modify-write did.
     */
    @Test
    void requestsAndEditsAreTakenWhileTheOperatorWritesTheStatus() throws Exception {
        spare("racing", true);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        Thread operator = new Thread(() -> {
            var c = env.client().resources(Primitive.class).withName("racing");
            while (writing.get()) {
                Primitive p = c.get();
                p.getStatus().state = "Pending" + writes.incrementAndGet();
                p.getMetadata().setResourceVersion(null);
                try {
                    env.client().resource(p).updateStatus();
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    // as the operator's: a write that met another is left to the next one
                    assertThat(e.getCode()).isEqualTo(409);
                }
            }
        });
        operator.start();
        try {
            for (int i = 0; i < 10; i++) {
                ok("resource", "cleanup", "racing");
                ok("resource", "param", "racing", "set", "n", Integer.toString(i));
                assertThat(Values.text(primitive("racing").getSpec().params.get("n"))).isEqualTo(Integer.toString(i));
            }
            assertThat(primitive("racing").getMetadata().getAnnotations()).containsKey("baton.dev/cleanup");
            assertThat(writes.get()).as("status writes that raced the requests").isGreaterThan(20);
        } finally {
            writing.set(false);
            operator.join();
            // the other tests list this namespace's primitives
            env.client().resources(Primitive.class).withName("racing").delete();
            awaitGone("racing");
        }
    }
}
