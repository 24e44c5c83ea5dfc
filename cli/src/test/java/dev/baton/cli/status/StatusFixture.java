package dev.baton.cli.status;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.PlacementStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * A cluster in the test namespace with the state an operator and agents would have written: the
 * configuration from status/cluster.yaml, leases, statuses, a failed monitor and failed actions.
 */
public final class StatusFixture {
    private StatusFixture() {
    }

    public static void create(KubeApi.Env env) {
        Path yaml = Path.of(env.repo().toString(), "cli/src/test/resources/status/cluster.yaml");
        var applied = env.kubectl("apply", "-f", yaml.toString());
        if (applied.exitCode() != 0) {
            throw new IllegalStateException(applied.output());
        }
        KubernetesClient c = env.client();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lease(c, "compute-1", now, 3600);
        lease(c, "compute-2", now, 3600);
        lease(c, "compute-3", now, 3600);
        lease(c, "compute-4", ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), 2);

        primitive(c, "vip", "compute-1", null, null);
        primitive(c, "www", "compute-1", Map.of("compute-2", 1), failure("compute-2"));
        primitive(c, "nova-network", "compute-1", null, null);
        c.resources(ResourceGroup.class).withName("controller-services").editStatus(g -> {
            g.setStatus(placement("compute-1", List.of("compute-1")));
            return g;
        });
        c.resources(Clone.class).withName("db").editStatus(x -> {
            x.setStatus(placement("compute-1", List.of("Promoted@compute-1", "Unpromoted@compute-2")));
            return x;
        });
        c.resources(HANode.class).withName("compute-2").editStatus(n -> {
            HANodeStatus s = new HANodeStatus();
            s.state = "online";
            s.resources = List.of(history("www", record("monitor", "10s", 7, "not running", "apache2 is not running", 12L)),
                    history("nova-network", record("probe", "0", 7, "not running", null, 3L)));
            n.setStatus(s);
            return n;
        });

        action(c, "tr-7-promote-db-instance-compute-2", "db-instance", ResourceActionSpec.Action.promote, "TimedOut", 1,
                "unknown error", "promote did not finish within 20s");
        action(c, "tr-7-start-www-compute-1", "www", ResourceActionSpec.Action.start, "Succeeded", 0, "ok", null);
    }

    private static void lease(KubernetesClient c, String node, ZonedDateTime renewed, int seconds) {
        Lease l = new Lease();
        l.setMetadata(new ObjectMetaBuilder().withName(node).build());
        LeaseSpec s = new LeaseSpec();
        s.setHolderIdentity(node);
        s.setLeaseDurationSeconds(seconds);
        s.setRenewTime(renewed);
        l.setSpec(s);
        c.resource(l).create();
    }

    private static void primitive(KubernetesClient c, String name, String node, Map<String, Integer> failCounts,
                                  PrimitiveStatus.FailureRecord last) {
        c.resources(Primitive.class).withName(name).editStatus(p -> {
            PrimitiveStatus s = new PrimitiveStatus();
            s.node = node;
            s.activeOn = List.of(node);
            s.role = "Started";
            s.state = "Started";
            s.failCounts = failCounts;
            s.lastFailure = last;
            p.setStatus(s);
            return p;
        });
    }

    private static PrimitiveStatus.FailureRecord failure(String node) {
        PrimitiveStatus.FailureRecord f = new PrimitiveStatus.FailureRecord();
        f.node = node;
        f.operation = "monitor";
        f.rc = 7;
        f.time = "2026-11-25T09:59:00Z";
        return f;
    }

    private static PlacementStatus placement(String node, List<String> activeOn) {
        PlacementStatus s = new PlacementStatus();
        s.node = node;
        s.activeOn = activeOn;
        s.state = "Started";
        return s;
    }

    private static HANodeStatus.ResourceHistory history(String rsc, HANodeStatus.OperationRecord r) {
        HANodeStatus.ResourceHistory h = new HANodeStatus.ResourceHistory();
        h.resource = rsc;
        h.operations = List.of(r);
        return h;
    }

    private static HANodeStatus.OperationRecord record(String op, String interval, int rc, String text, String reason,
                                                       Long call) {
        HANodeStatus.OperationRecord r = new HANodeStatus.OperationRecord();
        r.operation = op;
        r.interval = interval;
        r.rc = rc;
        r.rcText = text;
        r.exitReason = reason;
        r.callId = call;
        r.lastRun = "2026-11-25T09:59:00Z";
        r.durationMs = 15L;
        r.status = "done";
        return r;
    }

    private static void action(KubernetesClient c, String name, String rsc, ResourceActionSpec.Action action,
                               String phase, int rc, String text, String reason) {
        ResourceAction a = new ResourceAction();
        a.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ResourceActionSpec s = new ResourceActionSpec();
        s.node = name.endsWith("compute-1") ? "compute-1" : "compute-2";
        s.resource = rsc;
        s.action = action;
        s.resourceClass = rsc.equals("www") ? PrimitiveSpec.ResourceClass.lsb : PrimitiveSpec.ResourceClass.ocf;
        s.provider = rsc.equals("www") ? null : "pacemaker";
        s.type = rsc.equals("www") ? "apache2" : "Stateful";
        s.transition = "tr-7";
        a.setSpec(s);
        c.resource(a).create();
        c.resources(ResourceAction.class).withName(name).editStatus(x -> {
            ResourceActionStatus st = new ResourceActionStatus();
            st.phase = phase;
            st.rc = rc;
            st.rcText = text;
            st.exitReason = reason;
            st.completionTime = "2026-11-25T10:00:00Z";
            st.durationMs = 20000L;
            x.setStatus(st);
            return x;
        });
    }
}
