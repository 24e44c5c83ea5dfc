package dev.baton.scheduler;

import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.Node;
import java.util.Locale;
import java.util.Map;

/**
 * node-health-strategy: a node's health is the sum of its {@code #health*} attributes (red, yellow and green
 * scored as the strategy says, anything else read as a score), plus node-health-base under progressive; a
 * health other than 0 is a location score for every top-level resource on that node, except that a negative one
 * spares resources with allow-unhealthy-nodes=true. none (the default, also for an unknown value) does nothing;
 * migrate-on-red scores red -INFINITY; only-green scores yellow and red -INFINITY; progressive and custom take
 * node-health-red/-yellow/-green (defaults -INFINITY, 0, 0).
 */
final class NodeHealth {
    private static final String PREFIX = "#health";

    private final String strategy;
    private final int red;
    private final int yellow;
    private final int green;
    private final int base;

    NodeHealth(ClusterProperties props) {
        String s = props.get("node-health-strategy", "none").trim().toLowerCase(Locale.ROOT);
        strategy = switch (s) {
            case "migrate-on-red", "only-green", "progressive", "custom" -> s;
            default -> "none";
        };
        switch (strategy) {
            case "migrate-on-red" -> {
                red = Score.MINUS_INFINITY;
                yellow = 0;
                green = 0;
            }
            case "only-green" -> {
                red = Score.MINUS_INFINITY;
                yellow = Score.MINUS_INFINITY;
                green = 0;
            }
            case "progressive", "custom" -> {
                red = Score.pacemaker(props.get("node-health-red", "-INFINITY"));
                yellow = Score.pacemaker(props.get("node-health-yellow", "0"));
                green = Score.pacemaker(props.get("node-health-green", "0"));
            }
            default -> {
                red = 0;
                yellow = 0;
                green = 0;
            }
        }
        // only progressive starts from a base score
        base = strategy.equals("progressive") ? Score.pacemaker(props.get("node-health-base", "0")) : 0;
    }

    boolean active() {
        return !strategy.equals("none");
    }

    /** The node's overall health: 0 has no effect. */
    int of(Node node) {
        if (!active()) {
            return 0;
        }
        int health = base;
        for (Map.Entry<String, String> a : node.attributes().entrySet()) {
            if (a.getKey().startsWith(PREFIX)) {
                health = Score.add(health, value(a.getValue()));
            }
        }
        return health;
    }

    private int value(String v) {
        return switch (v == null ? "" : v.toLowerCase(Locale.ROOT)) {
            case "red" -> red;
            case "yellow" -> yellow;
            case "green" -> green;
            default -> Score.pacemaker(v);
        };
    }

    /** Whether a negative health keeps {@code r} off the node (allow-unhealthy-nodes exempts it). */
    static boolean constrains(Rsc r, int health) {
        return health >= 0 || !ClusterProperties.truthy(r.meta.get("allow-unhealthy-nodes"));
    }

    String reason() {
        return "node health (" + strategy + ")";
    }
}
