package dev.baton.cib;

import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.Transition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Everything of one namespace's HA cluster, as read from the informer caches at one instant. */
public record Snapshot(HACluster cluster, List<HANode> nodes, List<Primitive> primitives, List<ResourceGroup> groups,
    List<Clone> clones, List<LocationConstraint> locations, List<ColocationConstraint> colocations,
    List<OrderConstraint> orders, List<Ticket> tickets, List<TicketConstraint> ticketConstraints,
    List<ResourceAction> actions, List<Transition> transitions, List<Lease> leases) {

  public Snapshot {
    nodes = sorted(nodes);
    primitives = sorted(primitives);
    groups = sorted(groups);
    clones = sorted(clones);
    locations = sorted(locations);
    colocations = sorted(colocations);
    orders = sorted(orders);
    tickets = sorted(tickets);
    ticketConstraints = sorted(ticketConstraints);
    actions = sorted(actions);
    transitions = sorted(transitions);
    leases = sorted(leases);
  }

  /** Same input, same order: the scheduler's output must not depend on cache iteration order. */
  private static <T extends HasMetadata> List<T> sorted(List<T> items) {
    return items.stream().sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }

  /** The same snapshot without some actions (those abandoned on a lost node). */
  public Snapshot withoutActions(java.util.Set<ResourceAction> gone) {
    return new Snapshot(cluster, nodes, primitives, groups, clones, locations, colocations, orders, tickets,
        ticketConstraints, actions.stream().filter(a -> !gone.contains(a)).toList(), transitions, leases);
  }

  /** Whether an action is still to report (not yet picked up, or running). */
  public static boolean running(ResourceAction a) {
    return a.getStatus() == null || a.getStatus().phase == null || a.getStatus().phase.equals("Pending")
        || a.getStatus().phase.equals("Running");
  }

  /** Whether an action has finished without success. */
  public static boolean failed(ResourceAction a) {
    return a.getStatus() != null && ("Failed".equals(a.getStatus().phase) || "TimedOut".equals(a.getStatus().phase));
  }

  /**
   * Whether an action is an operation on its resource: meta-data and validate-all are questions to the agent, with
   * no place in the resource's history, no fail-count, and nothing to wait for before its next operation; a fence
   * acts on its target node, not on the device that runs it.
   */
  public static boolean operation(ResourceAction a) {
    var action = a.getSpec().action;
    return action != dev.baton.api.v1alpha1.ResourceActionSpec.Action.meta_data
        && action != dev.baton.api.v1alpha1.ResourceActionSpec.Action.validate_all
        && action != dev.baton.api.v1alpha1.ResourceActionSpec.Action.fence;
  }

  /**
   * Actions still running on a lost node: they will never report (the operator withdraws them). Not a watchdog
   * fence: it is addressed to the node it fences, which is lost by design; the operator completes it.
   */
  public java.util.Set<ResourceAction> abandoned(java.util.Map<String, NodeState> states) {
    return actions.stream().filter(a -> running(a) && !WatchdogFencing.isWatchdogFence(a)
            && states.getOrDefault(a.getSpec().node, NodeState.ONLINE).down())
        .collect(java.util.stream.Collectors.toSet());
  }

  public String namespace() {
    return cluster.getMetadata().getNamespace();
  }

  /**
   * The configuration objects whose change is a configuration change (quiet period applies). Not Tickets: a grant
   * or revoke is acted on at once, as Pacemaker acts on crm_ticket (the ticket's state is in its CIB status).
   */
  public Stream<HasMetadata> configuration() {
    return Stream.of(Stream.of(cluster), nodes.stream(), primitives.stream(), groups.stream(), clones.stream(),
        locations.stream(), colocations.stream(), orders.stream(), ticketConstraints.stream())
        .flatMap(s -> s.map(o -> (HasMetadata) o));
  }
}
