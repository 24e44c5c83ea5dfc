package dev.baton.scheduler.model;

import java.util.Map;

/**
 * A cluster node and its state. {@code online=false} covers nodes that are down or were never seen;
 * {@code shutdown} means the node is leaving and must be emptied.
 */
public record Node(String name, boolean online, boolean standby, boolean maintenance, boolean shutdown,
                   Map<String, String> attributes, Map<String, String> utilization) {
    public Node {
        attributes = Map.copyOf(attributes);
        utilization = Map.copyOf(utilization);
    }

    public static Node online(String name) {
        return new Node(name, true, false, false, false, Map.of(), Map.of());
    }

    /** Whether the node may run resources at all. */
    public boolean canRunResources() {
        return online && !standby && !shutdown;
    }
}
