package dev.baton.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Node capacity for placement-strategy utilization, balanced and minimal: a resource may only go where
 * every utilization attribute it needs (together with the not yet assigned resources colocated with it)
 * still fits; "balanced" prefers, among equal scores, the node with more free capacity.
 */
final class Utilization {
    private final WorkingSet ws;
    private final boolean enabled;
    private final boolean balanced;
    private final List<Map<String, Integer>> free;

    Utilization(WorkingSet ws) {
        this.ws = ws;
        String strategy = ws.model.properties().placementStrategy();
        this.enabled = !strategy.equals("default");
        this.balanced = strategy.equals("balanced");
        this.free = ws.nodes.stream().map(n -> {
            Map<String, Integer> m = new HashMap<>();
            n.utilization().forEach((k, v) -> m.put(k, Score.pacemaker(v)));
            return m;
        }).toList();
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether {@code need} fits on the node. */
    boolean fits(int node, Map<String, Integer> need) {
        if (!enabled) {
            return true;
        }
        for (Map.Entry<String, Integer> e : need.entrySet()) {
            if (e.getValue() > free.get(node).getOrDefault(e.getKey(), 0)) {
                return false;
            }
        }
        return true;
    }

    /** What a primitive and every unassigned primitive colocated with it (mandatorily) need together. */
    Map<String, Integer> need(Rsc r) {
        Map<String, Integer> sum = new HashMap<>();
        if (enabled) {
            addNeed(r, sum, new java.util.HashSet<>());
        }
        return sum;
    }

    /** What the primitive alone needs. */
    Map<String, Integer> needAlone(Rsc r) {
        Map<String, Integer> sum = new HashMap<>();
        if (enabled) {
            addOwn(r, sum);
        }
        return sum;
    }

    private static void addOwn(Rsc r, Map<String, Integer> sum) {
        if (r.primitive != null) {
            r.primitive.utilization().forEach((k, v) -> sum.merge(k, Score.pacemaker(v), Integer::sum));
        }
    }

    private void addNeed(Rsc r, Map<String, Integer> sum, java.util.Set<Rsc> seen) {
        if (!seen.add(r)) {
            return;
        }
        addOwn(r, sum);
        for (Colocation c : r.withThis) {
            if (c.mandatory() && c.dependent().provisional && c.dependent() != r) {
                addNeed(c.dependent(), sum, seen);
            }
        }
    }

    void consume(int node, Rsc r) {
        take(node, r, -1);
    }

    void release(int node, Rsc r) {
        take(node, r, 1);
    }

    private void take(int node, Rsc r, int sign) {
        if (enabled && r.primitive != null) {
            r.primitive.utilization().forEach((k, v) -> free.get(node).merge(k, sign * Score.pacemaker(v),
                    Integer::sum));
        }
    }

    /** Balanced strategy: negative if node {@code a} has more free capacity than {@code b}. */
    int compareFree(int a, int b) {
        return balanced ? compareRoom(a, b) : 0;
    }

    /** Negative if node {@code a} has more free capacity than {@code b} (counted attribute by attribute). */
    int compareRoom(int a, int b) {
        int result = 0;
        java.util.Set<String> keys = new java.util.HashSet<>(free.get(a).keySet());
        keys.addAll(free.get(b).keySet());
        for (String k : keys) {
            int fa = free.get(a).getOrDefault(k, 0);
            int fb = free.get(b).getOrDefault(k, 0);
            if (fa > fb) {
                result--;
            } else if (fa < fb) {
                result++;
            }
        }
        return Integer.signum(result);
    }
}
