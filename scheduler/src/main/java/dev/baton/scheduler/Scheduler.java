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
        WorkingSet ws = new WorkingSet(model);
        new Constraints(ws).apply();
        new Allocator(ws).assignAll();
        Ordering ordering = new Ordering(ws);
        ordering.plan();
        Transition transition = new Transition(ws, ordering);
        List<Action> summary = transition.summary();
        Placement placement = new Placement(transition.roles(), explanations(ws));
        return new Decision(placement, transition.graph(summary));
    }

    private static Map<String, Map<String, ScoreExplanation>> explanations(WorkingSet ws) {
        Map<String, Map<String, ScoreExplanation>> out = new LinkedHashMap<>();
        for (Rsc r : ws.byId.values()) {
            if (out.containsKey(r.id) || !r.id.equals(idOf(ws, r))) {
                continue;
            }
            Map<String, ScoreExplanation> perNode = new LinkedHashMap<>();
            for (int n = 0; n < ws.nodes.size(); n++) {
                List<String> why = new java.util.ArrayList<>(r.scores.reasons(n));
                int total = r.scores.score[n];
                if (!ws.canRun[n]) {
                    why.add(unavailable(ws, n));
                    total = Score.MINUS_INFINITY;
                }
                perNode.put(ws.nodes.get(n).name(), new ScoreExplanation(total, why));
            }
            out.put(r.id, perNode);
        }
        return out;
    }

    private static String idOf(WorkingSet ws, Rsc r) {
        return ws.byId.get(r.id) == r ? r.id : "";
    }

    private static String unavailable(WorkingSet ws, int n) {
        var node = ws.nodes.get(n);
        String why = !node.online() ? "offline" : node.standby() ? "standby" : node.shutdown() ? "shutting down"
                : "maintenance";
        return why + " " + Score.format(Score.MINUS_INFINITY);
    }
}
