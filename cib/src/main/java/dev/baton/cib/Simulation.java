package dev.baton.cib;

import dev.baton.scheduler.Action;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Score;
import dev.baton.scheduler.TransitionGraph;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ResourceHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scheduler decision as data, the same for {@code kubectl baton simulate -o json} and the console's score and
 * what-if views: where everything runs before (the history) and after, the actions, and each score with its
 * contributions.
 */
public final class Simulation {
    private Simulation() {
    }

    /** {@code simulate -o json}'s form (expected.json's): placement, actions, executed, ordering, scores. */
    public static Map<String, Object> json(Decision d, boolean scores) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> placement = new LinkedHashMap<>(d.placement().roles());
        root.put("placement", placement);
        List<Object> actions = new ArrayList<>();
        for (Action a : d.graph().summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", a.action());
            if (a.node() != null) {
                m.put("node", a.node());
            } else {
                m.put("from", a.from());
                m.put("to", a.to());
            }
            if (a.task() != null) {
                m.put("task", a.task()); // a node action (fencing): no resource
            } else {
                m.put("resource", a.resource());
                m.put("primitive", a.primitive());
            }
            if (a.role() != null) {
                m.put("role", a.role());
            }
            if (a.nextRole() != null) {
                m.put("next_role", a.nextRole());
            }
            if (a.reason() != null) {
                m.put("reason", a.reason());
            }
            if (a.blocked()) {
                m.put("blocked", true);
            }
            actions.add(m);
        }
        root.put("actions", actions);
        root.put("executed", d.graph().operations());
        List<Object> ordering = new ArrayList<>();
        for (TransitionGraph.Edge e : d.graph().edges()) {
            ordering.add(List.of(e.before(), e.after()));
        }
        root.put("ordering", ordering);
        if (scores) {
            Map<String, Object> s = new LinkedHashMap<>();
            d.placement().scores().forEach((rsc, perNode) -> {
                Map<String, Object> nodes = new LinkedHashMap<>();
                perNode.forEach((node, e) -> nodes.put(node, Map.of("score", Score.format(e.total()),
                        "contributions", e.contributions())));
                s.put(rsc, nodes);
            });
            root.put("scores", s);
        }
        return root;
    }

    /**
     * Where each primitive runs now by the model's history, in the placement's form: primitive id → sorted
     * "Role@node" (clone instances under the primitive's id), for every primitive the decision places.
     */
    public static Map<String, List<String>> current(ClusterModel m, Decision d) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        d.placement().roles().keySet().forEach(id -> out.put(id, new ArrayList<>()));
        for (ResourceHistory h : m.history()) {
            String id = h.resource().contains(":") ? h.resource().substring(0, h.resource().indexOf(':')) : h.resource();
            if (h.role().active() && out.containsKey(id)) {
                out.get(id).add(h.role().label() + "@" + h.node());
            }
        }
        out.values().forEach(java.util.Collections::sort);
        return out;
    }
}
