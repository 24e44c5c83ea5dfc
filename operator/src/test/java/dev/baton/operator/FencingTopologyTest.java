package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.cib.NodeState;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fencing topology on the real API server (the operator driven one reconcile at a time, the test answering the
 * fences as compute-2's agent would): compute-1 lost, its level 1 a device that fails (a wrong plug), its level 2
 * two devices that must both succeed. The operator tries level 1, then level 2's devices one after the other, and
 * only once the second of them succeeded is compute-1 fenced and its group started on compute-2; the fencing
 * history shows each device with its level.
 */
@ExtendWith(KubeApi.class)
class FencingTopologyTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static Primitive device(String name, String map) {
    return JSON.unmarshal("""
        apiVersion: baton.dev/v1alpha1
        kind: Primitive
        metadata: {name: %s}
        spec:
          class: stonith
          type: fence_baton_lab
          params: {lab: lab, pcmk_host_map: "%s"}
        """.formatted(name, map), Primitive.class);
  }

  @Test
  void aFailedLevelGivesWayToTheNextWhoseDevicesMustAllSucceed(KubeApi.Env env) throws Exception {
    KubernetesClient c = env.client();
    FencingNamespace lab = new FencingNamespace(c, env.namespace(), objects -> {
      for (String d : List.of("fence-bad", "fence-psu-2")) {
        objects.add(device(d, d.equals("fence-bad") ? "compute-1:c9" : "compute-1:c1"));
        // as fence-lab: a device does not run on the node it is there to fence
        objects.add(JSON.unmarshal("""
            apiVersion: baton.dev/v1alpha1
            kind: LocationConstraint
            metadata: {name: %s-not-on-compute-1}
            spec: {resource: %s, node: compute-1, score: -INFINITY}
            """.formatted(d, d), LocationConstraint.class));
      }
      HACluster h = Fixtures.only(objects, HACluster.class).get(0);
      h.getSpec().fencingTopology = JSON.unmarshal("""
          fencingTopology:
          - {index: 2, target: compute-1, devices: [fence-lab, fence-psu-2]}
          - {index: 1, target: compute-1, devices: [fence-bad]}
          """, HAClusterSpec.class).fencingTopology;
    });
    AtomicLong clock = new AtomicLong();
    Membership m = new Membership(clock::get);
    ClusterController operator = new ClusterController(c, m, new Metrics(new SimpleMeterRegistry()));
    lab.reconcile(operator);
    clock.addAndGet(FencingNamespace.LEASE_GRACE_NANOS);
    for (int i = 0; i < 3; i++) {
      lab.reconcile(operator);
    }
    assertThat(lab.fences()).as("level 1 first").singleElement().satisfies(f -> {
      assertThat(f.getSpec().resource).isEqualTo("fence-bad");
      assertThat(FenceLevels.level(f)).isEqualTo(1);
    });
    lab.finish(lab.fences().get(0), "Failed");
    lab.reconcile(operator);
    assertThat(lab.fences()).hasSize(2);
    ResourceAction psu1 = lab.fences().get(1);
    assertThat(psu1.getSpec().resource).as("level 2's first device").isEqualTo("fence-lab");
    assertThat(FenceLevels.level(psu1)).isEqualTo(2);
    lab.finish(psu1, "Succeeded");
    lab.reconcile(operator);
    assertThat(m.state(env.namespace(), "compute-1", 2000, 500)).as("one device of level 2 is not a fence")
        .isEqualTo(NodeState.LOST);
    assertThat(starts(c)).as("nothing of the group starts before the fence").isEmpty();
    assertThat(lab.fences()).hasSize(3);
    ResourceAction psu2 = lab.fences().get(2);
    assertThat(psu2.getSpec().resource).as("level 2's second device").isEqualTo("fence-psu-2");
    lab.finish(psu2, "Succeeded");
    lab.reconcile(operator);
    lab.reconcile(operator);
    assertThat(m.state(env.namespace(), "compute-1", 2000, 500)).isEqualTo(NodeState.FENCED);
    assertThat(starts(c)).as("the group starts on compute-2 once level 2 fenced compute-1").isNotEmpty();
    assertThat(lab.fences()).as("no other fence").hasSize(3);
    assertThat(lab.cluster().getStatus().fencing).extracting(e -> e.device + "@" + e.level + " " + e.result)
        .containsExactly("fence-bad@1 failed", "fence-lab@2 success", "fence-psu-2@2 success");

    // a level naming a device that is no fencing device: the HACluster says which field
    HACluster h = lab.cluster();
    h.getSpec().fencingTopology = new java.util.ArrayList<>(h.getSpec().fencingTopology);
    h.getSpec().fencingTopology.add(JSON.unmarshal("index: 3\ntarget: compute-1\ndevices: [fence-typo]\n",
        HAClusterSpec.FencingLevel.class));
    c.resource(h).update();
    lab.reconcile(operator);
    assertThat(lab.cluster().getStatus().condition("Ready")).hasValueSatisfying(r -> {
      assertThat(r.status).isEqualTo("False");
      assertThat(r.reason).isEqualTo("InvalidFencingTopology");
      assertThat(r.message).contains("spec.fencingTopology[2].devices[0]: fence-typo is not a fencing device");
    });
  }

  private static List<ResourceAction> starts(KubernetesClient c) {
    return c.resources(ResourceAction.class).list().getItems().stream()
        .filter(a -> a.getSpec().action.name().equals("start") && "vip".equals(a.getSpec().resource)).toList();
  }
}
