package dev.baton.cli;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * vip and www running on compute-1 of two nodes, with the state agents and the operator would have
 * written: both nodes' leases renewed now, compute-1's history (start, then a successful monitor of
 * each), compute-2's probes (not running there), and each Primitive's status.
 */
final class SimulateFixture {
    static final Path DIR = Path.of(System.getProperty("baton.repo", "."), "cli/src/test/resources/simulate");

    private SimulateFixture() {
    }

    /** Applies cluster.yaml and {@code config} (a file or directory of the configuration), then the state. */
    static void create(KubeApi.Env env, Path config) {
        for (Path p : List.of(DIR.resolve("cluster.yaml"), config)) {
            var applied = env.kubectl("apply", "-f", p.toString());
            if (applied.exitCode() != 0) {
                throw new IllegalStateException(applied.output());
            }
        }
        KubernetesClient c = env.client();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lease(c, "compute-1", now);
        lease(c, "compute-2", now);
        c.resources(HANode.class).withName("compute-1").editStatus(n -> {
            n.setStatus(node(history("vip", op("start", "0", 0, 1), op("monitor", "3s", 0, 2)),
                    history("www", op("start", "0", 0, 3), op("monitor", "10s", 0, 4))));
            return n;
        });
        c.resources(HANode.class).withName("compute-2").editStatus(n -> {
            n.setStatus(node(history("vip", op("probe", "0", 7, 1)), history("www", op("probe", "0", 7, 2))));
            return n;
        });
        for (String rsc : List.of("vip", "www")) {
            c.resources(Primitive.class).withName(rsc).editStatus(p -> {
                PrimitiveStatus s = new PrimitiveStatus();
                s.node = "compute-1";
                s.activeOn = List.of("Started@compute-1");
                s.role = "Started";
                s.state = "Started";
                p.setStatus(s);
                return p;
            });
        }
    }

    private static void lease(KubernetesClient c, String node, ZonedDateTime renewed) {
        Lease l = new Lease();
        l.setMetadata(new ObjectMetaBuilder().withName(node).build());
        LeaseSpec s = new LeaseSpec();
        s.setHolderIdentity(node);
        s.setLeaseDurationSeconds(3600);
        s.setRenewTime(renewed);
        l.setSpec(s);
        c.resource(l).create();
    }

    private static HANodeStatus node(HANodeStatus.ResourceHistory... resources) {
        HANodeStatus s = new HANodeStatus();
        s.state = "online";
        s.resources = List.of(resources);
        return s;
    }

    private static HANodeStatus.ResourceHistory history(String rsc, HANodeStatus.OperationRecord... ops) {
        HANodeStatus.ResourceHistory h = new HANodeStatus.ResourceHistory();
        h.resource = rsc;
        h.operations = List.of(ops);
        return h;
    }

    private static HANodeStatus.OperationRecord op(String op, String interval, int rc, long call) {
        HANodeStatus.OperationRecord r = new HANodeStatus.OperationRecord();
        r.operation = op;
        r.interval = interval;
        r.rc = rc;
        r.rcText = rc == 0 ? "ok" : "not running";
        r.callId = call;
        r.lastRun = "2026-11-25T10:00:0" + call + "Z";
        r.durationMs = 15L;
        r.status = "done";
        return r;
    }
}
