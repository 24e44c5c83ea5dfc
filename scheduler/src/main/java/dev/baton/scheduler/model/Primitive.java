package dev.baton.scheduler.model;

import java.util.List;
import java.util.Map;

/** A primitive resource: one agent (class:provider:type) with its parameters, meta attributes and operations. */
public record Primitive(String id, String resourceClass, String provider, String type, Map<String, String> params,
                        Map<String, String> meta, List<Operation> operations) implements Resource {
    public Primitive {
        params = Map.copyOf(params);
        meta = Map.copyOf(meta);
        operations = List.copyOf(operations);
    }

    /** "ocf:heartbeat:IPaddr2", "lsb:apache2". */
    public String agent() {
        return provider == null ? resourceClass + ":" + type : resourceClass + ":" + provider + ":" + type;
    }
}
