package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.OrderConstraintSpec;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.ResourceGroupSpec;
import dev.baton.cib.ModelBuilder;
import dev.baton.cib.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cross-object errors: the object at fault is named and left out; primitives are never dropped. */
class ModelBuilderTest {
  private static <T extends HasMetadata> T named(T o, String name) {
    o.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("test").withGeneration(1L).build());
    return o;
  }

  private static ResourceGroup group(String name, String... members) {
    ResourceGroup g = named(new ResourceGroup(), name);
    g.setSpec(new ResourceGroupSpec());
    g.getSpec().members = List.of(members);
    return g;
  }

  private static OrderConstraint order(String name, String first, String then) {
    OrderConstraint o = named(new OrderConstraint(), name);
    o.setSpec(new OrderConstraintSpec());
    o.getSpec().first = first;
    o.getSpec().then = then;
    return o;
  }

  @Test
  void unknownReferencesTwoGroupsAndOrderCyclesAreReportedOnTheObjectAtFault() throws Exception {
    List<HasMetadata> objects = new ArrayList<>(Fixtures.sample("openstack-controllers"));
    ColocationConstraint typo = named(new ColocationConstraint(), "typo");
    typo.setSpec(new dev.baton.api.v1alpha1.ColocationConstraintSpec());
    typo.getSpec().resource = "nova-netwrok";
    typo.getSpec().withResource = "vip";
    typo.getSpec().score = new io.fabric8.kubernetes.api.model.IntOrString("INFINITY");
    objects.add(typo);
    objects.add(group("a-services", "www", "nova-network"));
    ResourceGroup second = group("b-services", "www");
    objects.add(second);
    objects.add(order("www-before-vip", "www", "vip")); // vip-and-www-order says vip before www

    Snapshot s = Fixtures.snapshot(objects, List.of());
    var result = ModelBuilder.build(s, n -> true, List.of(), Instant.now());

    assertThat(result.problems().of(typo).reason()).isEqualTo("UnknownReference");
    assertThat(result.problems().of(typo).message()).contains("nova-netwrok");
    assertThat(result.problems().of(second).reason()).isEqualTo("MemberOfTwoGroups");
    OrderConstraint cycle = Fixtures.only(objects, OrderConstraint.class).stream()
        .filter(o -> o.getMetadata().getName().equals("www-before-vip")).findFirst().orElseThrow();
    assertThat(result.problems().of(cycle).reason()).isEqualTo("OrderCycle");
    assertThat(result.model().colocations()).extracting(c -> c.id()).containsExactly("vip-and-www");
    assertThat(result.model().orders()).extracting(o -> o.id()).containsExactly("vip-and-www-order");
    assertThat(result.model().resources()).extracting(r -> r.id())
        .as("every primitive stays in the model").containsExactlyInAnyOrder("vip", "a-services");
  }

  @Test
  void ticketConstraintsBecomeOnePerMemberAndTicketsTheirState() throws Exception {
    List<HasMetadata> objects = new ArrayList<>(Fixtures.sample("openstack-controllers"));
    dev.baton.api.v1alpha1.Ticket siteA = named(new dev.baton.api.v1alpha1.Ticket(), "site-a");
    siteA.setSpec(new dev.baton.api.v1alpha1.TicketSpec());
    siteA.getSpec().granted = true;
    siteA.getSpec().standby = true;
    objects.add(siteA);
    dev.baton.api.v1alpha1.TicketConstraint set = named(new dev.baton.api.v1alpha1.TicketConstraint(), "set");
    set.setSpec(new dev.baton.api.v1alpha1.TicketConstraintSpec());
    set.getSpec().ticket = "site-a";
    set.getSpec().resources = List.of("vip", "www");
    set.getSpec().role = dev.baton.api.v1alpha1.Operation.Role.Started;
    set.getSpec().lossPolicy = dev.baton.api.v1alpha1.TicketConstraintSpec.LossPolicy.freeze;
    objects.add(set);
    dev.baton.api.v1alpha1.TicketConstraint noTicket = named(new dev.baton.api.v1alpha1.TicketConstraint(), "nn");
    noTicket.setSpec(new dev.baton.api.v1alpha1.TicketConstraintSpec());
    noTicket.getSpec().ticket = "site-b";
    noTicket.getSpec().resource = "nova-network";
    objects.add(noTicket);

    var result = ModelBuilder.build(Fixtures.snapshot(objects, List.of()), n -> true, List.of(), Instant.now());
    assertThat(result.problems().all()).isEmpty();
    var freeze = dev.baton.scheduler.model.TicketConstraint.LossPolicy.FREEZE;
    assertThat(result.model().ticketConstraints()).containsExactly(
        new dev.baton.scheduler.model.TicketConstraint("nn", "nova-network", "site-b", null, null),
        new dev.baton.scheduler.model.TicketConstraint("set", "vip", "site-a", null, freeze),
        new dev.baton.scheduler.model.TicketConstraint("set", "www", "site-a", null, freeze));
    assertThat(result.model().tickets()).as("site-b has no Ticket: absent, as Pacemaker's ungranted ticket")
        .containsOnlyKeys("site-a").containsValue(new dev.baton.scheduler.model.Ticket("site-a", true, true));
  }
}
