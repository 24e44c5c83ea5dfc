package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cib.ModelBuilder;
import dev.baton.cib.OperationHistory;
import dev.baton.scheduler.Scheduler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Primitive's params against what its agent's meta-data defines (as the agents report it in HANode status): the
 * Primitive at fault gets the reason, and is left as it is — not started, not stopped — until it is fixed.
 */
class AgentParametersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static HANodeStatus.AgentParameters takes(List<String> parameters, List<String> required) {
    HANodeStatus.AgentParameters a = new HANodeStatus.AgentParameters();
    a.parameters = parameters;
    a.required = required;
    return a;
  }

  /** The seed, both nodes with the lab's agents installed; compute-1 has described IPaddr2 and apache2. */
  private static List<HasMetadata> seed(boolean described) throws Exception {
    List<HasMetadata> seed = Fixtures.sample("openstack-controllers");
    for (HANode n : Fixtures.only(seed, HANode.class)) {
      n.setStatus(new HANodeStatus());
      n.getStatus().availableAgents = List.of("ocf:heartbeat:IPaddr2", "lsb:apache2", "lsb:nova-network");
    }
    if (described) {
      Map<String, HANodeStatus.AgentParameters> m = new LinkedHashMap<>();
      m.put("ocf:heartbeat:IPaddr2", takes(List.of("ip", "nic", "cidr_netmask", "arp_count"), List.of("ip")));
      m.put("lsb:apache2", takes(List.of(), List.of()));
      m.put("lsb:nova-network", takes(List.of(), List.of()));
      node(seed, "compute-1").getStatus().agentParameters = m;
    }
    return seed;
  }

  private static HANode node(List<HasMetadata> objects, String name) {
    return Fixtures.only(objects, HANode.class).stream().filter(n -> n.getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }

  private static Primitive primitive(List<HasMetadata> objects, String name) {
    return Fixtures.only(objects, Primitive.class).stream().filter(p -> p.getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }

  private static ModelBuilder.Result build(List<HasMetadata> objects) {
    var s = Fixtures.snapshot(objects, List.of());
    OperationHistory h = new OperationHistory(s, new HashMap<>());
    return ModelBuilder.build(s, n -> true, h.toModel(s.primitives(), new HashMap<>()), NOW);
  }

  private static List<String> actions(ModelBuilder.Result built) {
    return Scheduler.schedule(built.model()).graph().summary().stream()
        .map(a -> a.action() + " " + a.resource()).toList();
  }

  @Test
  void paramsTheAgentDefinesPassAndEverythingStarts() throws Exception {
    List<HasMetadata> seed = seed(true);
    var built = build(seed);
    assertThat(built.problems().all()).isEmpty();
    assertThat(built.askMetaData()).isEmpty();
    assertThat(actions(built)).contains("start vip", "start www", "start nova-network");
  }

  @Test
  void anUndefinedParameterIsTheFaultOfThePrimitiveWhichIsNotStarted() throws Exception {
    List<HasMetadata> seed = seed(true);
    primitive(seed, "vip").getSpec().params.put("nicc", new IntOrString("eth0"));
    var built = build(seed);
    var problem = built.problems().of(primitive(seed, "vip"));
    assertThat(problem.reason()).isEqualTo("UnknownParameter");
    assertThat(problem.message()).contains("'nicc'", "ocf:heartbeat:IPaddr2", "ip, nic, cidr_netmask");
    // www must run with the VIP: neither starts; nova-network has nothing to do with it
    assertThat(actions(built)).doesNotContain("start vip", "start www").contains("start nova-network");
  }

  @Test
  void aMissingRequiredParameterOnARunningPrimitiveLeavesItRunning() throws Exception {
    List<HasMetadata> seed = seed(true);
    HANode c1 = node(seed, "compute-1");
    Fixtures.report(c1, "vip", "start", "0s", 0, NOW.minusSeconds(30).toString());
    Fixtures.report(c1, "www", "start", "0s", 0, NOW.minusSeconds(29).toString());
    primitive(seed, "vip").getSpec().params.remove("ip");
    var built = build(seed);
    assertThat(built.problems().of(primitive(seed, "vip")).reason()).isEqualTo("MissingParameter");
    assertThat(built.problems().of(primitive(seed, "vip")).message()).contains("'ip'");
    assertThat(actions(built)).doesNotContain("stop vip", "stop www");
    // an LSB script takes no parameters at all
    primitive(seed, "vip").getSpec().params.put("ip", new IntOrString("198.51.100.100"));
    primitive(seed, "nova-network").getSpec().params = new LinkedHashMap<>(Map.of("port", new IntOrString(80)));
    var lsb = build(seed);
    assertThat(lsb.problems().of(primitive(seed, "nova-network")).message()).contains("takes no parameters");
    assertThat(lsb.problems().has(primitive(seed, "vip"))).isFalse();
  }

  @Test
  void untilTheAgentIsDescribedItIsAskedAndANewPrimitiveWaitsButARunningOneIsNotHeld() throws Exception {
    List<HasMetadata> seed = seed(false);
    Fixtures.report(node(seed, "compute-2"), "nova-network", "start", "0s", 0, NOW.minusSeconds(30).toString());
    var built = build(seed);
    assertThat(built.askMetaData()).containsOnlyKeys("ocf:heartbeat:IPaddr2", "lsb:apache2", "lsb:nova-network");
    assertThat(built.askMetaData().get("ocf:heartbeat:IPaddr2").node()).isEqualTo("compute-1");
    assertThat(built.problems().all()).isEmpty();
    assertThat(actions(built)).doesNotContain("start vip", "start www", "stop nova-network");
    // not installed anywhere: nothing to ask (its start will say so, rc 5)
    for (HANode n : Fixtures.only(seed, HANode.class)) {
      n.getStatus().availableAgents = List.of();
    }
    assertThat(build(seed).askMetaData()).isEmpty();
    assertThat(actions(build(seed))).contains("start vip", "start www");
  }
}
