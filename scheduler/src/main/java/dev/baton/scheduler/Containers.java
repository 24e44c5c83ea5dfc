package dev.baton.scheduler;

import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ColocationConstraint;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.OnFail;
import dev.baton.scheduler.model.OrderConstraint;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resources inside a container (the {@code container} meta attribute naming another primitive, as Pacemaker 2.1.5
 * reads it; inherited from a group): each runs only where its container runs and starts after it (an implicit
 * mandatory colocation and a mandatory symmetrical order), and a failure of one (on-fail restart-container, the
 * default there) restarts the container on that node, and so everything inside it.
 */
final class Containers {
    private Containers() {
    }

    /** The model with each contained primitive colocated with and ordered after its container. */
    static ClusterModel withImplicitConstraints(ClusterModel m) {
        Map<String, String> containerOf = containerOf(m);
        if (containerOf.isEmpty()) {
            return m;
        }
        List<ColocationConstraint> colocations = new ArrayList<>(m.colocations());
        List<OrderConstraint> orders = new ArrayList<>(m.orders());
        containerOf.forEach((rsc, container) -> {
            colocations.add(new ColocationConstraint("#" + rsc + "-with-container", rsc, container, Score.INFINITY,
                    null, null));
            orders.add(new OrderConstraint("#" + container + "-then-" + rsc, container, rsc,
                    OrderConstraint.Kind.MANDATORY, "start", "start", true, true));
        });
        return new ClusterModel(m.nodes(), m.resources(), m.locations(), colocations, orders, m.properties(),
                m.resourceDefaults(), m.operationDefaults(), m.history(), m.haveQuorum(), m.now(),
                m.ticketConstraints(), m.tickets());
    }

    /** A container whose resource failed with on-fail restart-container restarts where it runs. */
    static void restartFailed(WorkingSet ws) {
        Map<String, String> containerOf = containerOf(ws.model);
        for (ResourceHistory h : ws.model.history()) {
            String container = containerOf.get(h.resource());
            Rsc c = container == null ? null : ws.find(container);
            if (h.failed() && h.onFail() == OnFail.RESTART_CONTAINER && c != null && c.runningOn.size() == 1
                    && ws.nodes.get(c.runningOn.get(0)).name().equals(h.node())) {
                c.restart = true;
            }
        }
    }

    /** Contained primitive id → its container's id (top-level primitives and group members). */
    private static Map<String, String> containerOf(ClusterModel m) {
        Set<String> primitives = m.resources().stream().flatMap(r -> members(r).stream()).map(Resource::id)
                .collect(Collectors.toSet());
        Map<String, String> out = new LinkedHashMap<>();
        for (Resource r : m.resources()) {
            for (Primitive p : members(r)) {
                String container = p.meta().getOrDefault("container", r.meta().get("container"));
                if (container != null && !container.equals(p.id()) && primitives.contains(container)) {
                    out.put(p.id(), container);
                }
            }
        }
        return out;
    }

    private static List<Primitive> members(Resource r) {
        return r instanceof Primitive p ? List.of(p) : r instanceof Group g ? g.members() : List.of();
    }
}
