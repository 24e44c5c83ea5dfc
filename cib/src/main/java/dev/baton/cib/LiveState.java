package dev.baton.cib;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
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
import dev.baton.scheduler.model.ClusterModel;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A namespace as the operator reads it (configuration, reported state, node membership) and the scheduler's model of
 * it: what {@code kubectl baton simulate} and the console's score and what-if views schedule. Reads only.
 */
public final class LiveState {
    private LiveState() {
    }

    /** Everything of the namespace; without an HACluster, an empty one (Pacemaker's defaults). */
    public static Snapshot read(KubernetesClient c, String namespace) {
        List<HACluster> clusters = list(c, namespace, HACluster.class);
        HACluster cluster = clusters.stream().min(Comparator.comparing((HACluster h) -> h.getMetadata()
                .getCreationTimestamp()).thenComparing(h -> h.getMetadata().getName())).orElseGet(() -> {
                    HACluster h = new HACluster();
                    h.setMetadata(new ObjectMetaBuilder().withName(namespace).withNamespace(namespace).build());
                    return h;
                });
        return new Snapshot(cluster, list(c, namespace, HANode.class), list(c, namespace, Primitive.class),
                list(c, namespace, ResourceGroup.class), list(c, namespace, Clone.class),
                list(c, namespace, LocationConstraint.class), list(c, namespace, ColocationConstraint.class),
                list(c, namespace, OrderConstraint.class), list(c, namespace, Ticket.class),
                list(c, namespace, TicketConstraint.class), list(c, namespace, ResourceAction.class),
                list(c, namespace, Transition.class), c.leases().inNamespace(namespace).list().getItems());
    }

    private static <T extends CustomResource<?, ?>> List<T> list(KubernetesClient c, String namespace, Class<T> kind) {
        return c.resources(kind).inNamespace(namespace).list().getItems();
    }

    /**
     * Membership as the operator last reported it (HACluster status) or, for a node it did not list, as its lease
     * says now. A node that is neither is lost (with fencing, to be fenced), or fenced when the fencing history
     * has a successful fence of it that ended after its lease's last renewal (the operator knows it from its own
     * clock; this reading compares the two agents' clocks).
     */
    public static Map<String, NodeState> states(Snapshot s, Instant now) {
        Set<String> online = ClusterStatus.online(s.cluster(), s.leases(), now);
        Map<String, NodeState> out = new LinkedHashMap<>();
        s.nodes().forEach(n -> out.put(n.getMetadata().getName(), online.contains(n.getMetadata().getName())
                ? NodeState.ONLINE : fencedSinceRenewal(s, n.getMetadata().getName()) ? NodeState.FENCED
                : NodeState.LOST));
        return out;
    }

    /**
     * Whether the HACluster's fencing history has a successful fence of {@code node} that ended after its lease's
     * last renewal: it was fenced and has not come back since. One rule for every reader of a namespace that
     * does not know it from its own clock: this simulation, and an operator that starts (or takes over) after the
     * fence was confirmed.
     */
    public static boolean fencedSinceRenewal(Snapshot s, String node) {
        if (s.cluster().getStatus() == null || s.cluster().getStatus().fencing == null) {
            return false;
        }
        Instant renewed = s.leases().stream().filter(l -> l.getMetadata().getName().equals(node)
                && l.getSpec() != null && l.getSpec().getRenewTime() != null)
                .map(l -> l.getSpec().getRenewTime().toInstant()).findFirst().orElse(Instant.MIN);
        return s.cluster().getStatus().fencing.stream().anyMatch(e -> node.equals(e.target)
                && "success".equals(e.result) && e.completed != null && Instant.parse(e.completed).isAfter(renewed));
    }

    /** The scheduler's input for the snapshot, as the operator builds it. */
    public static ClusterModel model(Snapshot s, Instant now) {
        Map<String, NodeState> states = states(s, now);
        // as the operator does: actions on a lost node will never report, they are not in flight
        return SchedulerInput.of(s.withoutActions(s.abandoned(states)), states, now).model();
    }
}
