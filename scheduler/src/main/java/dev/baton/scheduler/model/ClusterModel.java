package dev.baton.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the scheduler decides from: nodes, resources, constraints, properties, defaults, what the
 * operation history says is running, whether the cluster has quorum, "now" (epoch seconds), and the tickets
 * resources depend on with their state.
 */
public record ClusterModel(List<Node> nodes, List<Resource> resources, List<LocationConstraint> locations,
                           List<ColocationConstraint> colocations, List<OrderConstraint> orders,
                           ClusterProperties properties, Map<String, String> resourceDefaults,
                           Map<String, String> operationDefaults, List<ResourceHistory> history,
                           boolean haveQuorum, long now, List<TicketConstraint> ticketConstraints,
                           Map<String, Ticket> tickets) {
    /** A model without tickets. */
    public ClusterModel(List<Node> nodes, List<Resource> resources, List<LocationConstraint> locations,
                        List<ColocationConstraint> colocations, List<OrderConstraint> orders,
                        ClusterProperties properties, Map<String, String> resourceDefaults,
                        Map<String, String> operationDefaults, List<ResourceHistory> history,
                        boolean haveQuorum, long now) {
        this(nodes, resources, locations, colocations, orders, properties, resourceDefaults, operationDefaults,
                history, haveQuorum, now, List.of(), Map.of());
    }

    public ClusterModel {
        ticketConstraints = List.copyOf(ticketConstraints);
        tickets = Map.copyOf(tickets);
        nodes = List.copyOf(nodes);
        resources = List.copyOf(resources);
        locations = List.copyOf(locations);
        colocations = List.copyOf(colocations);
        orders = List.copyOf(orders);
        resourceDefaults = Map.copyOf(resourceDefaults);
        operationDefaults = Map.copyOf(operationDefaults);
        history = List.copyOf(history);
    }
}
