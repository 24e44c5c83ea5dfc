package dev.baton.scheduler;

/**
 * A node in maintenance mode (its {@code maintenance} attribute, Pacemaker Explained "Maintenance Mode"): nothing
 * new is placed there (WorkingSet counts it unable to run resources), and what is active there is left alone, as
 * unmanaged: not stopped, not moved, not monitored. This holds even when the node is offline: its resources are
 * taken to be where the history last saw them.
 */
final class NodeMaintenance {
    private NodeMaintenance() {
    }

    static void apply(WorkingSet ws) {
        for (Rsc p : ws.byId.values()) {
            if (p.kind == Rsc.Kind.PRIMITIVE && p.runningOn.stream().anyMatch(n -> ws.nodes.get(n).maintenance())) {
                p.blocked = true;
            }
        }
    }
}
