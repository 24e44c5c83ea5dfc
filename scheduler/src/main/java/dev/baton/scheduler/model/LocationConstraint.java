package dev.baton.scheduler.model;

/**
 * rsc_location without rules: {@code score} for {@code resource} on {@code node}; role restricts it (may be null).
 * {@code discovery} is its resource-discovery.
 */
public record LocationConstraint(String id, String resource, String node, int score, Role role, Discovery discovery) {
    /**
     * resource-discovery ("Resource Discovery" in Pacemaker Explained): whether the resource is probed on the node.
     * exclusive probes it only on the nodes of its exclusive constraints, and places it only there too.
     */
    public enum Discovery { ALWAYS, NEVER, EXCLUSIVE }

    public LocationConstraint {
        discovery = discovery == null ? Discovery.ALWAYS : discovery;
    }

    /** A constraint with resource-discovery=always (the default). */
    public LocationConstraint(String id, String resource, String node, int score, Role role) {
        this(id, resource, node, score, role, Discovery.ALWAYS);
    }
}
