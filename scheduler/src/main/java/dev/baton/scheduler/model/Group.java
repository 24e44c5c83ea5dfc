package dev.baton.scheduler.model;

import java.util.List;
import java.util.Map;

/** An ordered group: each member is colocated with and started after the one before it. */
public record Group(String id, List<Primitive> members, Map<String, String> meta) implements Resource {
    public Group {
        members = List.copyOf(members);
        meta = Map.copyOf(meta);
    }
}
