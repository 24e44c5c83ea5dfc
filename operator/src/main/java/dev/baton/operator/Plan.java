package dev.baton.operator;

import dev.baton.scheduler.TransitionGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executable part of the scheduler's transition graph: start, stop, promote, demote, probes and
 * fencing, with their happens-before edges. Recurring monitors are left to the agents, which run them
 * from the Primitive's configuration on whichever node runs it.
 */
public record Plan(List<Op> ops, Map<Op, Set<Op>> predecessors) {
  private static final Pattern OPERATION = Pattern.compile("^(\\S+?)(?:/(\\d+))? (\\S+)@(\\S+)$");
  /** The scheduler's node actions: "fence/reboot node1" (and "fence/on node1", unfencing). */
  private static final Pattern FENCE = Pattern.compile("^fence/(off|reboot|on) (\\S+)$");
  static final String FENCE_PREFIX = "fence/";

  /**
   * One action; {@code resource} is the primitive (a clone instance number is dropped). A fence is action
   * "fence/KIND" (off, reboot, on) of {@code node}, with no resource: the {@link Fencer} runs it, on another node.
   */
  public record Op(String action, String resource, String node) {
    boolean fence() {
      return action.startsWith(FENCE_PREFIX);
    }

    /** off, reboot or on, for a fence. */
    String fenceKind() {
      return action.substring(FENCE_PREFIX.length());
    }

    /** As the scheduler and crm_simulate print it: "start vip@compute-1", probes as "monitor", "fence/off n1". */
    public String key() {
      return fence() ? action + " " + node : action + " " + resource + "@" + node;
    }
  }

  static Plan of(TransitionGraph graph) {
    Map<String, Op> byKey = new LinkedHashMap<>();
    for (String s : graph.operations()) {
      parse(s).ifPresent(op -> byKey.put(s, op));
    }
    Map<Op, Set<Op>> predecessors = new LinkedHashMap<>();
    byKey.values().forEach(op -> predecessors.put(op, new LinkedHashSet<>()));
    for (TransitionGraph.Edge e : graph.edges()) {
      Op before = byKey.get(e.before());
      Op after = byKey.get(e.after());
      if (before != null && after != null && !before.equals(after)) {
        predecessors.get(after).add(before);
      }
    }
    return new Plan(new ArrayList<>(new LinkedHashSet<>(byKey.values())), predecessors);
  }

  /**
   * Parses "start vip@n1", "monitor vip@n1" (a probe), "fence/reboot n1"; recurring monitors and unknown forms are
   * empty.
   */
  static java.util.Optional<Op> parse(String s) {
    Matcher f = FENCE.matcher(s.trim());
    if (f.matches()) {
      return java.util.Optional.of(new Op(FENCE_PREFIX + f.group(1), null, f.group(2)));
    }
    Matcher m = OPERATION.matcher(s.trim());
    if (!m.matches() || m.group(2) != null && !m.group(2).equals("0")) {
      return java.util.Optional.empty();
    }
    String action = m.group(1).equals("monitor") ? "probe" : m.group(1);
    if (!Set.of("start", "stop", "promote", "demote", "probe").contains(action)) {
      return java.util.Optional.empty();
    }
    String rsc = m.group(3);
    int colon = rsc.indexOf(':');
    return java.util.Optional.of(new Op(action, colon < 0 ? rsc : rsc.substring(0, colon), m.group(4)));
  }

  /** The same plan without the probes of {@code resources}, and without waiting for them. */
  Plan withoutProbesOf(Set<String> resources) {
    java.util.function.Predicate<Op> kept = op -> !(op.action().equals("probe") && resources.contains(op.resource()));
    Map<Op, Set<Op>> before = new LinkedHashMap<>();
    ops.stream().filter(kept).forEach(op -> before.put(op, predecessors.get(op).stream().filter(kept)
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))));
    return new Plan(new ArrayList<>(before.keySet()), before);
  }

  /** The fences the plan asks for. */
  List<Op> fences() {
    return ops.stream().filter(Op::fence).toList();
  }

  /** Operations whose predecessors are all done (not in this plan any more), in plan order. */
  List<Op> ready() {
    return ops.stream().filter(op -> predecessors.get(op).isEmpty()).toList();
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }
}
