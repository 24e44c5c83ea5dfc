package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.api.v1alpha1.TransitionSpec;
import dev.baton.cib.Snapshot;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watchdog fence on the real API server: the action the operator creates is one the API server takes (addressed
 * to the target, device watchdog), it stays running until stonith-watchdog-timeout has passed by the operator's
 * clock, and then the operator's own status write makes it Succeeded, which confirms the node as fenced.
 */
@ExtendWith(KubeApi.class)
class WatchdogFencerTest {
  @Test
  void theFenceIsStoredAndTakenAsDoneOnlyOnceTheTimeoutPassed(KubeApi.Env env) throws Exception {
    var client = env.client();
    Transition t = new Transition();
    t.setMetadata(new ObjectMetaBuilder().withName("tr-watchdog").build());
    t.setSpec(new TransitionSpec());
    t.getSpec().reason = "nodes not online: [compute-1]";
    t = client.resource(t).create();

    List<HasMetadata> objects = new ArrayList<>(Fixtures.sample("fencing-lab"));
    objects.removeIf(o -> o instanceof dev.baton.api.v1alpha1.Primitive p
        && p.getMetadata().getName().equals("fence-lab"));
    HACluster cluster = Fixtures.only(objects, HACluster.class).get(0);
    cluster.getSpec().properties.stonithWatchdogTimeout = new IntOrString("4s");
    for (HANode n : Fixtures.only(objects, HANode.class)) {
      n.setStatus(new dev.baton.api.v1alpha1.HANodeStatus());
      n.getStatus().watchdogTimeoutMs = n.getMetadata().getName().equals("compute-1") ? 2000L : 0L;
    }
    long[] now = {0};
    WatchdogFencer wf = new WatchdogFencer(client, () -> now[0]);
    t.getMetadata().setNamespace(env.namespace());
    Snapshot before = Fixtures.snapshot(objects, List.of());
    assertThat(wf.request(before, t, "compute-2", "off", cluster.getSpec(), Instant.now()))
        .as("compute-2 feeds no watchdog: not fenced so").isFalse();
    assertThat(wf.request(before, t, "compute-1", "off", cluster.getSpec(), Instant.now())).isTrue();
    ResourceAction a = client.resources(ResourceAction.class).list().getItems().stream()
        .filter(Fencer::isFence).findFirst().orElseThrow();
    assertThat(a.getSpec().node).isEqualTo("compute-1");
    assertThat(a.getSpec().resource).isEqualTo("watchdog");

    Snapshot asked = Fixtures.snapshot(objects, List.of(a));
    now[0] = 3_000_000_000L;
    assertThat(wf.complete(asked, cluster.getSpec(), Instant.now())).isEqualTo(1000);
    assertThat(client.resource(a).get().getStatus()).as("still running: nothing written").isNull();
    now[0] = 4_000_000_000L;
    assertThat(wf.complete(asked, cluster.getSpec(), Instant.now())).isEqualTo(-1);
    ResourceAction done = client.resource(a).get();
    assertThat(done.getStatus().phase).isEqualTo("Succeeded");
    assertThat(done.getStatus().durationMs).isEqualTo(4000);
    assertThat(done.getStatus().exitReason).contains("stonith-watchdog-timeout");

    // and the Fencer takes it as any confirmed fence: the node is FENCED
    Membership m = new Membership(() -> 0L);
    new Fencer(client, m, Instant.EPOCH).confirm(Fixtures.snapshot(objects, List.of(done)));
    assertThat(m.state("test", "compute-1", 2000, 500)).isEqualTo(dev.baton.cib.NodeState.FENCED);
  }
}
