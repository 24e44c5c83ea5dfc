package dev.baton.cib;

import dev.baton.scheduler.model.OrderConstraint;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cycle detection among mandatory orders, on top-level resources (group members order as their group). */
final class MandatoryOrders {
  private MandatoryOrders() {
  }

  /** Whether adding {@code next} to {@code accepted} creates a cycle of mandatory orders. */
  static boolean closesCycle(List<OrderConstraint> accepted, OrderConstraint next, Map<String, String> topOf) {
    String from = topOf.get(next.then());
    String target = topOf.get(next.first());
    if (from.equals(target)) {
      return false; // members of one group: the group's own order decides
    }
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String r = todo.pop();
      if (r.equals(target)) {
        return true;
      }
      if (seen.add(r)) {
        for (OrderConstraint o : accepted) {
          if (o.kind() == OrderConstraint.Kind.MANDATORY && topOf.get(o.first()).equals(r)) {
            todo.push(topOf.get(o.then()));
          }
        }
      }
    }
    return false;
  }
}
