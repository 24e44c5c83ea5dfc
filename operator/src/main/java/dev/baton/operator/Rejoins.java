package dev.baton.operator;

import dev.baton.cib.NodeState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Nodes that came back after being LOST, and when the operator saw them back. Pacemaker's DC erases a joining
 * node's resource history and takes what the node reports from then on (a node lost without fencing may have
 * done anything meanwhile: the thawed agent of a frozen node reports a VIP its kernel lifetime removed as a failed
 * monitor); the scheduler, finding no history, probes it again. Only a loss this operator saw counts: a node
 * first seen LOST (its lease not yet read after a start) has nothing to forget; nor has a node that was LOST only
 * because the operator was blind (the API server or etcd down: every lease stopped changing, and {@link Membership}
 * counts them afresh once they change again) — the nodes stayed members meanwhile, frozen, as the failsafe wants.
 */
final class Rejoins {
  private static final Logger LOG = Logger.getLogger(Rejoins.class);

  private final Membership membership;
  private final Map<String, NodeState> last = new HashMap<>();
  /** The nodes that left, with the namespace's count of resumptions when they did. */
  private final Map<String, Integer> left = new HashMap<>();
  private final Map<String, Instant> back = new HashMap<>();

  Rejoins(Membership membership) {
    this.membership = membership;
  }

  /** Takes this reconcile's node states; returns the namespace's rejoined nodes with when each came back. */
  synchronized Map<String, Instant> update(String namespace, Map<String, NodeState> states, Instant now) {
    Map<String, Instant> out = new HashMap<>();
    states.forEach((node, state) -> {
      String key = namespace + "/" + node;
      NodeState before = last.put(key, state);
      if (state.down() && before != null && !before.down()) {
        left.put(key, membership.resumptions(namespace));
      } else if (!state.down() && left.containsKey(key)
          && left.remove(key) == membership.resumptions(namespace)) {
        back.put(key, now);
        LOG.infof("%s: node %s is back after being lost: its resource history is forgotten, it is probed again",
            namespace, node);
      }
      if (back.containsKey(key)) {
        out.put(node, back.get(key));
      }
    });
    return out;
  }
}
