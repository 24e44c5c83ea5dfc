package dev.baton.scheduler.model;

import java.util.Map;

/**
 * A cluster node and its state. {@code online=false} covers nodes that are down or were never seen;
 * {@code shutdown} means the node is leaving and must be emptied. {@code unclean} is why the node's state is
 * unknown and it must be fenced before what ran there may run elsewhere ("peer is no longer part of the
 * cluster", as Pacemaker says it), null for a clean node.
 */
public record Node(String name, boolean online, boolean standby, boolean maintenance, boolean shutdown,
                   Map<String, String> attributes, Map<String, String> utilization, String unclean) {
    public Node {
        attributes = Map.copyOf(attributes);
        utilization = Map.copyOf(utilization);
    }

    /** A clean node. */
    public Node(String name, boolean online, boolean standby, boolean maintenance, boolean shutdown,
                Map<String, String> attributes, Map<String, String> utilization) {
        this(name, online, standby, maintenance, shutdown, attributes, utilization, null);
    }

    /** The reason a failure whose on-fail is fence gives for making its node unclean. */
    public static String failedThere(String resource) {
        return resource + " failed there";
    }

    private static final String REVOCABLE = " is active there (fencing will be revoked if remote connection can be"
            + " re-established elsewhere)";

    /**
     * The reason a resource thought active on a remote node whose connection has not failed gives for making the
     * node unclean: the fencing is revoked if the connection can be established again.
     */
    public static String activeOnRemote(String resource) {
        return resource + REVOCABLE;
    }

    /** Whether the node is unclean only until its remote connection is established again. */
    public boolean fencingRevocable() {
        return unclean != null && unclean.endsWith(REVOCABLE);
    }

    public static Node online(String name) {
        return new Node(name, true, false, false, false, Map.of(), Map.of());
    }

    /** Whether the node may run resources at all. */
    public boolean canRunResources() {
        return online && unclean == null && !standby && !shutdown;
    }
}
