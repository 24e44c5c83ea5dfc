package dev.baton.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the scheduler decides from: nodes, resources, constraints, properties, defaults, what the
 * operation history says is running, whether the cluster has quorum, and "now" (epoch seconds).
 */
public record ClusterModel(List<Node> nodes, List<Resource> resources, List<LocationConstraint> locations,
                           List<ColocationConstraint> colocations, List<OrderConstraint> orders,
                           ClusterProperties properties, Map<String, String> resourceDefaults,
                           Map<String, String> operationDefaults, List<ResourceHistory> history,
                           boolean haveQuorum, long now) {
    public ClusterModel {
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
