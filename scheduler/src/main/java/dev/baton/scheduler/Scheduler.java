package dev.baton.scheduler;

import dev.baton.scheduler.model.ClusterModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pacemaker's scheduler as a pure function: {@link ClusterModel} in, {@link Decision} (placement with score
 * explanations, transition summary and graph) out. Same input, same output.
 */
public final class Scheduler {
    private Scheduler() {
    }

    public static Decision schedule(ClusterModel model) {
        WorkingSet ws = new WorkingSet(Containers.withImplicitConstraints(model));
        NodeMaintenance.apply(ws);
        Containers.restartFailed(ws);
        new Tickets(ws).apply();
        ws.remotes.ban();
        ws.remotes.resetGuests();
        new Constraints(ws).apply();
        ws.discovery.limitPlacement();
        new Allocator(ws).assignAll();
        Ordering ordering = new Ordering(ws);
        ordering.plan();
        Transition transition = new Transition(ws, ordering);
        List<Action> summary = transition.summary();
        Placement placement = new Placement(transition.roles(), explanations(ws));
        return new Decision(placement, transition.graph(summary));
    }

    private static Map<String, Map<String, ScoreExplanation>> explanations(WorkingSet ws) {
        Map<String, NodeScores> byResource = new LinkedHashMap<>();
        for (Map.Entry<String, Rsc> e : ws.byId.entrySet()) {
            // constraints may name a cloned primitive to mean its clone: list each resource under its own id
            if (e.getKey().equals(e.getValue().id)) {
                byResource.put(e.getKey(), e.getValue().scores);
            }
        }
        String[] unavailable = new String[ws.nodes.size()];
        for (int n = 0; n < unavailable.length; n++) {
            if (!ws.canRun[n]) {
                var node = ws.nodes.get(n);
                String why = ws.fencing.unclean(n) ? "unclean" : !node.online() ? "offline" : node.standby() ? "standby"
                        : node.shutdown() ? "shutting down"
                        : node.maintenance() ? "maintenance" : "standby (on-fail)";
                unavailable[n] = why + " " + Score.format(Score.MINUS_INFINITY);
            }
        }
        return new ScoreTable(byResource, ws.nodes.stream().map(dev.baton.scheduler.model.Node::name).toList(),
                unavailable);
    }
}
