package dev.baton.operator;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cib.Durations;
import dev.baton.scheduler.PriorityFencing;
import dev.baton.scheduler.model.ClusterModel;
import java.util.SplittableRandom;

/**
 * How long the operator waits before it asks for the first fence of a node in a transition, as Pacemaker's fencer
 * waits before running the device: the cluster's priority-fencing-delay for that node ({@link PriorityFencing}:
 * a lost node running the most important resources is fenced later), plus the device's pcmk_delay_base and a
 * random part up to pcmk_delay_max (the fixed delay of a two-node cluster's device, or a random one, so that two
 * sides of a split do not fence each other at once). The random part is drawn once per transition and target, the
 * same at every look.
 */
final class FenceDelays {
  private FenceDelays() {
  }

  static long delayMs(ClusterModel model, Primitive device, String target, String transition) {
    long base = baseMs(param(device, "pcmk_delay_base"), target);
    long max = Math.max(base, millis(param(device, "pcmk_delay_max")));
    long random = max > base ? new SplittableRandom((transition + "/" + target).hashCode()).nextLong(max - base) : 0;
    return PriorityFencing.delayMs(model, target) + base + random;
  }

  /** pcmk_delay_base: a duration, or per node ("node1:5s;node2:0s"; a node not listed: 0). */
  static long baseMs(String value, String target) {
    if (value == null || !value.contains(":")) {
      return millis(value);
    }
    for (String entry : value.split("[;\\s]+")) {
      int colon = entry.indexOf(':');
      if (colon > 0 && entry.substring(0, colon).strip().equals(target)) {
        return millis(entry.substring(colon + 1));
      }
    }
    return 0;
  }

  private static String param(Primitive device, String name) {
    return device.getSpec().params == null || device.getSpec().params.get(name) == null ? null
        : Durations.text(device.getSpec().params.get(name));
  }

  private static long millis(String value) {
    try {
      return value == null ? 0 : Math.max(0, dev.baton.scheduler.importer.Durations.toMillis(value.strip()));
    } catch (IllegalArgumentException e) {
      return 0; // not a duration: no delay (Pacemaker ignores it too)
    }
  }
}
