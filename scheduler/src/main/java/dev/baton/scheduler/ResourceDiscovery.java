package dev.baton.scheduler;

import dev.baton.scheduler.model.LocationConstraint;
import dev.baton.scheduler.model.LocationConstraint.Discovery;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * resource-discovery of location constraints ("Resource Discovery" in Pacemaker Explained; 2.1.5's
 * pcmk__probe_rsc_on_node and rsc_discover_filter). A resource is not probed on a node where a constraint for it
 * (or for a resource containing it) says never. Once any constraint for a resource says exclusive, the resource
 * (and what it contains) is probed only on the nodes of its exclusive constraints, and may run only there: every
 * other node is banned. On a node named by several constraints the strongest mode counts (exclusive, then never).
 */
final class ResourceDiscovery {
    private final WorkingSet ws;
    /** Per constrained resource, the mode on each node (null: no constraint names the node). */
    private final Map<Rsc, Discovery[]> modes = new IdentityHashMap<>();

    ResourceDiscovery(WorkingSet ws) {
        this.ws = ws;
        for (LocationConstraint l : ws.model.locations()) {
            Rsc r = ws.find(l.resource());
            Integer node = ws.nodeIndex.get(l.node());
            if (r == null || node == null) {
                continue;
            }
            Discovery[] m = modes.computeIfAbsent(r, k -> new Discovery[ws.nodes.size()]);
            if (m[node] == null || l.discovery().compareTo(m[node]) > 0) {
                m[node] = l.discovery();
            }
        }
    }

    /** Bans each resource with exclusive discovery (and all it contains) from the nodes outside it. */
    void limitPlacement() {
        modes.forEach((r, m) -> {
            if (!exclusive(m)) {
                return;
            }
            for (int n = 0; n < m.length; n++) {
                if (m[n] != Discovery.EXCLUSIVE) {
                    ban(r, n);
                }
            }
        });
    }

    private static void ban(Rsc r, int node) {
        r.scores.add(node, Score.MINUS_INFINITY, "resource-discovery=exclusive elsewhere");
        r.children.forEach(c -> ban(c, node));
    }

    /** Whether {@code p} may be probed on the node, as far as resource-discovery goes. */
    boolean probes(Rsc p, int node) {
        for (Rsc r = p; r != null; r = r.parent) {
            Discovery[] m = modes.get(r);
            if (m != null && (m[node] == Discovery.NEVER || exclusive(m) && m[node] != Discovery.EXCLUSIVE)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exclusive(Discovery[] m) {
        for (Discovery d : m) {
            if (d == Discovery.EXCLUSIVE) {
                return true;
            }
        }
        return false;
    }
}
