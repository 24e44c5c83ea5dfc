package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HAClusterStatus.FenceEvent;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which node fences with which device, and the fencing history, without an API server. */
class FencerTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static Primitive device(String name, String params, String... activeOn) {
    Primitive p = JSON.unmarshal("""
        apiVersion: baton.dev/v1alpha1
        kind: Primitive
        metadata: {name: %s}
        spec: {class: stonith, type: fence_baton_lab, params: %s}
        """.formatted(name, params), Primitive.class);
    p.setStatus(new PrimitiveStatus());
    p.getStatus().activeOn = activeOn.length == 0 ? null : List.of(activeOn);
    return p;
  }

  private static Snapshot snapshot(List<ResourceAction> actions, Primitive... devices) throws Exception {
    List<HasMetadata> objects = new ArrayList<>(Fixtures.sample("openstack-controllers"));
    objects.addAll(List.of(devices));
    return Fixtures.snapshot(objects, actions);
  }

  @Test
  void aNodeIsFencedByAnotherOnlineNodeRunningADeviceWhoseHostListHasIt() throws Exception {
    Primitive onlyC2 = device("a-fence-c2", "{lab: e2e, pcmk_host_list: compute-2}", "Started@compute-1");
    Primitive self = device("b-fence-self", "{lab: e2e, pcmk_host_map: 'compute-1:c1'}", "Started@compute-1");
    Primitive good = device("c-fence-c1", "{lab: e2e, pcmk_host_map: 'compute-1:c1;compute-2:c2'}",
        "Started@compute-2");
    Snapshot s = snapshot(List.of(), onlyC2, self, good);
    var d = Fencer.delegate(s, "compute-1", Set.of("compute-1", "compute-2")).orElseThrow();
    // a-fence-c2 cannot fence compute-1; b-fence-self runs only on compute-1 itself
    assertThat(d.device().getMetadata().getName()).isEqualTo("c-fence-c1");
    assertThat(d.node()).isEqualTo("compute-2");
    assertThat(Fencer.delegate(s, "compute-1", Set.of("compute-1"))).as("its node is not online").isEmpty();
    // dynamic-list (no list nor map): the device itself is asked when it fences; any target may be tried
    Snapshot dynamic = snapshot(List.of(), device("d", "{lab: e2e}", "Started@compute-2"));
    assertThat(Fencer.delegate(dynamic, "compute-1", Set.of("compute-2"))).isPresent();
    Snapshot bad = snapshot(List.of(), device("d", "{lab: e2e, pcmk_host_check: sometimes}", "Started@compute-2"));
    assertThat(Fencer.delegate(bad, "compute-1", Set.of("compute-2"))).as("an invalid host check fences nothing")
        .isEmpty();
  }

  @Test
  void theHistoryFollowsEachFenceActionAndKeepsWhatWentWithItsTransition() throws Exception {
    Transition t = new Transition();
    t.setMetadata(new ObjectMetaBuilder().withName("tr-1").withNamespace("ns").withUid("u").build());
    Primitive dev = device("fence-lab", "{lab: e2e}", "Started@compute-2");
    ResourceAction a = ActionFactory.fence(t, "fence-compute-1-1", dev, "compute-2", "compute-1", "off", 20_000);
    a.getMetadata().setCreationTimestamp("2026-12-04T06:00:00Z");
    assertThat(a.getSpec().meta).containsEntry("target", "compute-1").containsEntry("fence-action", "off");
    assertThat(a.getSpec().timeout).isEqualTo("20000ms");

    List<FenceEvent> pending = FenceHistory.merge(null, snapshot(List.of(a), dev));
    assertThat(pending).singleElement().satisfies(e -> {
      assertThat(e.result).isEqualTo("pending");
      assertThat(e.delegate).isEqualTo("compute-2");
      assertThat(e.device).isEqualTo("fence-lab");
    });
    ResourceActionStatus st = new ResourceActionStatus();
    st.phase = "Succeeded";
    st.completionTime = "2026-12-04T06:00:00.300Z";
    a.setStatus(st);
    List<FenceEvent> done = FenceHistory.merge(pending, snapshot(List.of(a), dev));
    assertThat(done).singleElement().satisfies(e -> {
      assertThat(e.result).isEqualTo("success");
      assertThat(e.completed).isEqualTo("2026-12-04T06:00:00.300Z");
    });
    // the action went with its transition: its history stays
    assertThat(FenceHistory.merge(done, snapshot(List.of(), dev))).isEqualTo(done);
    assertThat(Fencer.isFence(a)).isTrue();
  }
}
