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
    var d = Fencer.delegate(s, "compute-1", Set.of("compute-1", "compute-2"), any -> true).orElseThrow();
    // a-fence-c2 cannot fence compute-1; b-fence-self runs only on compute-1 itself
    assertThat(d.device().getMetadata().getName()).isEqualTo("c-fence-c1");
    assertThat(d.node()).isEqualTo("compute-2");
    assertThat(Fencer.delegate(s, "compute-1", Set.of("compute-1"), any -> true)).as("its node is not online").isEmpty();
    // dynamic-list (no list nor map): the device itself is asked when it fences; any target may be tried
    Snapshot dynamic = snapshot(List.of(), device("d", "{lab: e2e}", "Started@compute-2"));
    assertThat(Fencer.delegate(dynamic, "compute-1", Set.of("compute-2"), any -> true)).isPresent();
    Snapshot bad = snapshot(List.of(), device("d", "{lab: e2e, pcmk_host_check: sometimes}", "Started@compute-2"));
    assertThat(Fencer.delegate(bad, "compute-1", Set.of("compute-2"), any -> true)).as("an invalid host check fences nothing")
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

  private static ResourceAction asked(FenceLevels.Step step, String phase) {
    Transition t = new Transition();
    t.setMetadata(new ObjectMetaBuilder().withName("tr-1").withNamespace("ns").withUid("u").build());
    ResourceAction a = ActionFactory.fence(t, "fence-compute-1-" + step.position(),
        device(step.device(), "{lab: e2e}", "Started@compute-2"), "compute-2", "compute-1", step.action(), 20_000);
    FenceLevels.mark(a, step);
    ResourceActionStatus st = new ResourceActionStatus();
    st.phase = phase;
    a.setStatus(st);
    return a;
  }

  @Test
  void aNodesLevelsAreThoseNamingItElseTheFirstPatternOrAttributeItMatchesByIndex() throws Exception {
    var spec = JSON.unmarshal("""
        fencingTopology:
        - {index: 2, targetPattern: "^compute-", devices: [psu-b]}
        - {index: 1, targetPattern: "^compute-", devices: [psu-a]}
        - {index: 1, targetAttribute: rack, targetValue: r2, devices: [pdu-r2]}
        - {index: 3, target: compute-3, devices: [ipmi-3]}
        """, dev.baton.api.v1alpha1.HAClusterSpec.class);
    List<dev.baton.api.v1alpha1.HANode> nodes = new ArrayList<>();
    for (String n : List.of("compute-1", "compute-3", "db-1")) {
      nodes.add(JSON.unmarshal("""
          apiVersion: baton.dev/v1alpha1
          kind: HANode
          metadata: {name: %s}
          spec: {attributes: {rack: r2}}
          """.formatted(n), dev.baton.api.v1alpha1.HANode.class));
    }
    assertThat(dev.baton.cib.FencingTopology.levels(spec, nodes, "compute-1")).as("by pattern, by index")
        .containsExactly(new dev.baton.cib.FencingTopology.Level(1, List.of("psu-a")),
            new dev.baton.cib.FencingTopology.Level(2, List.of("psu-b")));
    assertThat(dev.baton.cib.FencingTopology.levels(spec, nodes, "compute-3")).as("its own name first")
        .containsExactly(new dev.baton.cib.FencingTopology.Level(3, List.of("ipmi-3")));
    assertThat(dev.baton.cib.FencingTopology.levels(spec, nodes, "db-1")).as("by attribute")
        .containsExactly(new dev.baton.cib.FencingTopology.Level(1, List.of("pdu-r2")));
    assertThat(dev.baton.cib.FencingTopology.levels(spec, nodes, "web-1")).as("none: any device").isEmpty();
    assertThat(dev.baton.cib.FencingTopology.problems(spec, List.of(device("psu-a", "{lab: e2e}"),
        device("psu-b", "{lab: e2e}"), device("ipmi-3", "{lab: e2e}"))))
        .containsExactly("spec.fencingTopology[2].devices[0]: pdu-r2 is not a fencing device (a Primitive of class"
            + " stonith)");
  }

  @Test
  void levelsAreTriedInOrderEachDeviceOfALevelInTurnTheNextLevelWhenOneFails() {
    var levels = List.of(new dev.baton.cib.FencingTopology.Level(1, List.of("ipmi")),
        new dev.baton.cib.FencingTopology.Level(2, List.of("psu-a", "psu-b")));
    java.util.function.Predicate<String> all = d -> true;
    FenceLevels.Step first = FenceLevels.next(levels, "off", List.of(), all).orElseThrow();
    assertThat(first).isEqualTo(new FenceLevels.Step(1, 0, 1, "ipmi", "off"));
    ResourceAction ipmiFailed = asked(first, "Failed");
    FenceLevels.Step a = FenceLevels.next(levels, "off", List.of(ipmiFailed), all).orElseThrow();
    assertThat(a).as("level 1 failed: level 2").isEqualTo(new FenceLevels.Step(2, 0, 2, "psu-a", "off"));
    FenceLevels.Step b = FenceLevels.next(levels, "off", List.of(ipmiFailed, asked(a, "Succeeded")), all)
        .orElseThrow();
    assertThat(b).as("the level's next device").isEqualTo(new FenceLevels.Step(2, 1, 2, "psu-b", "off"));
    ResourceAction bDone = asked(b, "Succeeded");
    assertThat(FenceLevels.completes(asked(a, "Succeeded"))).as("one device of two is not a fence").isFalse();
    assertThat(FenceLevels.completes(bDone)).as("every device of the level: fenced").isTrue();
    assertThat(FenceLevels.next(levels, "off", List.of(ipmiFailed, asked(a, "Succeeded"), bDone), all)).isEmpty();
    // the last level failed: the first again (a new attempt)
    assertThat(FenceLevels.next(levels, "off", List.of(ipmiFailed, asked(a, "Succeeded"), asked(b, "Failed")), all))
        .contains(first);
    // a level whose devices do not all run on another online node is skipped
    assertThat(FenceLevels.next(levels, "off", List.of(), d -> !d.equals("ipmi"))).contains(a);
    assertThat(FenceLevels.next(levels, "off", List.of(), d -> !d.equals("ipmi") && !d.equals("psu-b"))).isEmpty();
    // a reboot of two power supplies: both off, then both on
    assertThat(FenceLevels.steps(levels.get(1), "reboot")).extracting(s -> s.device() + " " + s.action())
        .containsExactly("psu-a off", "psu-b off", "psu-a on", "psu-b on");
    assertThat(FenceLevels.steps(levels.get(0), "reboot")).extracting(FenceLevels.Step::action)
        .containsExactly("reboot");
  }
}
