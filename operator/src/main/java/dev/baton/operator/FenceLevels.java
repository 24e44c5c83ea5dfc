package dev.baton.operator;

import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.cib.FencingTopology;
import dev.baton.cib.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A fence through the target's fencing levels (HACluster spec.fencingTopology), as Pacemaker's fencer runs a
 * topology: the levels by index, a level's devices one after another; a level fences the node once all its devices
 * did; when one fails (or a device of the level cannot be run: no online node other than the target runs it) the
 * next level is tried, and after the last one the first again (another attempt: Fencer counts them). Each device's
 * fence is a ResourceAction of its own, its level and step in its meta, so that where a fence stands is read back
 * from the actions of the transition, whichever operator asked for them.
 */
final class FenceLevels {
  static final String LEVEL = "fence-level";
  static final String STEP = "fence-step";
  static final String STEPS = "fence-steps";

  private FenceLevels() {
  }

  /** One device's part of a level: the {@code position}-th of the level's {@code count} steps. */
  record Step(int level, int position, int count, String device, String action) {
  }

  /**
   * The steps of a level. A reboot of a level of several devices is off by each, then on by each, as Pacemaker does
   * it: a node fed by two power switches is only reset when both are off at once.
   */
  static List<Step> steps(FencingTopology.Level l, String action) {
    List<String[]> parts = new ArrayList<>();
    if (action.equals("reboot") && l.devices().size() > 1) {
      l.devices().forEach(d -> parts.add(new String[] {d, "off"}));
      l.devices().forEach(d -> parts.add(new String[] {d, "on"}));
    } else {
      l.devices().forEach(d -> parts.add(new String[] {d, action}));
    }
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      out.add(new Step(l.index(), i, parts.size(), parts.get(i)[0], parts.get(i)[1]));
    }
    return out;
  }

  /** Writes the step into the action's meta. */
  static void mark(ResourceAction a, Step s) {
    a.getSpec().meta.put(LEVEL, Integer.toString(s.level()));
    a.getSpec().meta.put(STEP, Integer.toString(s.position()));
    a.getSpec().meta.put(STEPS, Integer.toString(s.count()));
  }

  /** The level a fence action was part of, or null (a fence without a topology). */
  static Integer level(ResourceAction a) {
    String l = a.getSpec().meta == null ? null : a.getSpec().meta.get(LEVEL);
    return l == null ? null : Integer.valueOf(l);
  }

  /** Whether the action's success fences its target: it had no level, or it was the last step of its level. */
  static boolean completes(ResourceAction a) {
    if (level(a) == null) {
      return true;
    }
    return Integer.parseInt(a.getSpec().meta.get(STEP)) == Integer.parseInt(a.getSpec().meta.get(STEPS)) - 1;
  }

  /**
   * The next step of the fence, given what was asked for so far in this transition ({@code asked}: the target's
   * fence actions, oldest first, none running) and which devices can be run now; empty when the fence is done (its
   * last step succeeded) or no level can be run.
   */
  static Optional<Step> next(List<FencingTopology.Level> levels, String action, List<ResourceAction> asked,
      Predicate<String> runnable) {
    ResourceAction last = asked.stream().filter(a -> level(a) != null).reduce((a, b) -> b).orElse(null);
    int li = 0;
    int pos = 0;
    if (last != null) {
      int at = 0;
      while (at < levels.size() && levels.get(at).index() != level(last)) {
        at++;
      }
      if (at == levels.size()) {
        at = 0; // the topology changed: from the start
      } else if (Snapshot.failed(last)) {
        at++;
      } else if (completes(last)) {
        return Optional.empty();
      } else {
        pos = Integer.parseInt(last.getSpec().meta.get(STEP)) + 1;
      }
      li = at;
    }
    for (int tried = 0; tried <= levels.size(); tried++, li++, pos = 0) {
      FencingTopology.Level level = levels.get(li % levels.size());
      List<Step> steps = steps(level, action);
      // a level is started only if all its devices can be run; one that cannot go on has failed
      if (pos < steps.size() && (pos == 0 ? level.devices().stream().allMatch(runnable)
          : runnable.test(steps.get(pos).device()))) {
        return Optional.of(steps.get(pos));
      }
    }
    return Optional.empty();
  }
}
