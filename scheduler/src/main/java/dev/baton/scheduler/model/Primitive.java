package dev.baton.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * A primitive resource: one agent (class:provider:type) with its parameters, meta attributes, operations and
 * utilization (what it consumes of a node's capacity, for placement-strategy other than default).
 */
public record Primitive(String id, String resourceClass, String provider, String type, Map<String, String> params,
                        Map<String, String> meta, List<Operation> operations, Map<String, String> utilization)
        implements Resource {
    public Primitive {
        params = Map.copyOf(params);
        meta = Map.copyOf(meta);
        operations = List.copyOf(operations);
        utilization = Map.copyOf(utilization);
    }

    public Primitive(String id, String resourceClass, String provider, String type, Map<String, String> params,
                     Map<String, String> meta, List<Operation> operations) {
        this(id, resourceClass, provider, type, params, meta, operations, Map.of());
    }

    /** "ocf:heartbeat:IPaddr2", "lsb:apache2". */
    public String agent() {
        return provider == null ? resourceClass + ":" + type : resourceClass + ":" + provider + ":" + type;
    }
}
