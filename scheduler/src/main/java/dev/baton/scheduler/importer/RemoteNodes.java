package dev.baton.scheduler.importer;

import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Operation;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pacemaker Remote nodes as Pacemaker 2.1.5 reads them ("Pacemaker Remote" in Pacemaker Explained; unpack's
 * unpack_remote_nodes and determine_remote_online_status). A primitive of agent {@code ocf:pacemaker:remote} is the
 * connection to a remote node named by the primitive's id. A primitive with the meta attribute {@code remote-node}
 * is the container of a guest node of that name, reached through an implicit connection: an
 * {@code ocf:pacemaker:remote} primitive with the guest's name, inside the container (meta attribute container).
 * A remote node is online while its connection is started and has not failed (a guest: and its container is started
 * and has not failed); it is shutting down when its connection's target-role is Stopped. Its history is read only
 * while its connection is started (guest: and its container), unless fencing is enabled (then all of it is).
 */
final class RemoteNodes {
    private static final String AGENT = "ocf:pacemaker:remote";

    /** A remote or guest node: the connection primitive's id (the node's name) and the guest's container (or null). */
    record Connection(String node, String container) {
    }

    private final Map<String, Connection> connections = new LinkedHashMap<>();
    /** Remote nodes whose connection has failed. */
    private final Set<String> connectionFailed = new java.util.HashSet<>();

    RemoteNodes(List<Resource> resources) {
        for (Primitive p : primitives(resources)) {
            if (p.agent().equals(AGENT)) {
                connections.putIfAbsent(p.id(), new Connection(p.id(), p.meta().get("container")));
            }
            String guest = p.meta().get("remote-node");
            if (guest != null && !guest.isBlank()) {
                connections.putIfAbsent(guest, new Connection(guest, p.id()));
            }
        }
    }

    boolean isRemote(String node) {
        return connections.containsKey(node);
    }

    Set<String> names() {
        return connections.keySet();
    }

    /**
     * The resources with an implicit connection primitive for each guest node (added at the end, as Pacemaker adds
     * it to the configuration): remote-addr (default the guest's name), remote-port and remote-connect-timeout of
     * the container become its server, port and start timeout.
     */
    static List<Resource> withGuestConnections(List<Resource> resources) {
        Set<String> ids = new java.util.HashSet<>();
        primitives(resources).forEach(p -> ids.add(p.id()));
        List<Resource> out = new ArrayList<>(resources);
        for (Primitive p : primitives(resources)) {
            String guest = p.meta().get("remote-node");
            if (guest == null || guest.isBlank() || ids.contains(guest)) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("server", p.meta().getOrDefault("remote-addr", guest));
            if (p.meta().containsKey("remote-port")) {
                params.put("port", p.meta().get("remote-port"));
            }
            List<Operation> ops = List.of(new Operation("monitor", 30_000, "30s", null, null),
                    new Operation("start", 0, p.meta().getOrDefault("remote-connect-timeout", "60s"), null, null));
            out.add(new Primitive(guest, "ocf", "pacemaker", "remote", params, Map.of("container", p.id()), ops));
            ids.add(guest);
        }
        return out;
    }

    /** Whether a guest node: its connection lives in a container. */
    boolean isGuest(String node) {
        Connection c = connections.get(node);
        return c != null && c.container() != null;
    }

    /**
     * Whether fencing the remote node for what is thought active on it is revoked if its connection is established
     * again: its connection exists and has not failed (not a guest: guests are recovered with their container).
     */
    boolean revocable(String node) {
        Connection c = connections.get(node);
        return c != null && c.container() == null && !connectionFailed.contains(node);
    }

    /** Without fencing, whether the history of {@code node} (a remote node) is read: its connection is up. */
    boolean historyRead(String node, List<ResourceHistory> clusterHistory) {
        Connection c = connections.get(node);
        return active(c.node(), clusterHistory) && (c.container() == null || active(c.container(), clusterHistory));
    }

    /**
     * The remote node's state: its attributes come from its {@code <node>} entry (if any) and its node_state's
     * transient attributes, its online state from its connection's history on the cluster nodes.
     */
    Node node(String name, Map<String, String> attributes, Map<String, String> utilization,
              List<ResourceHistory> clusterHistory, Map<String, String> connectionMeta) {
        Connection c = connections.get(name);
        boolean online = active(c.node(), clusterHistory) && !failed(c.node(), clusterHistory)
                && (c.container() == null || active(c.container(), clusterHistory)
                && !failed(c.container(), clusterHistory));
        if (failed(c.node(), clusterHistory)) {
            connectionFailed.add(name);
        }
        Role target = Role.pacemaker(connectionMeta.get("target-role"));
        boolean shutdown = target == Role.STOPPED || !isBlankOrZero(attributes.get("shutdown"));
        return new Node(name, online, ClusterProperties.truthy(attributes.get("standby")),
                ClusterProperties.truthy(attributes.get("maintenance")), online && shutdown, attributes, utilization);
    }

    private static boolean isBlankOrZero(String v) {
        return v == null || v.isBlank() || v.equals("0");
    }

    private static boolean active(String rsc, List<ResourceHistory> history) {
        return history.stream().anyMatch(h -> h.resource().equals(rsc) && h.role().active());
    }

    private static boolean failed(String rsc, List<ResourceHistory> history) {
        return history.stream().anyMatch(h -> h.resource().equals(rsc) && h.failed());
    }

    private static List<Primitive> primitives(List<Resource> resources) {
        List<Primitive> out = new ArrayList<>();
        for (Resource r : resources) {
            if (r instanceof Primitive p) {
                out.add(p);
            } else if (r instanceof Group g) {
                out.addAll(g.members());
            }
        }
        return out;
    }
}
