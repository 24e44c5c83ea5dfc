package dev.baton.cib;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Pacemaker durations of the API ("10", "10s", "500ms", "1min") in milliseconds; normalised here, at the edge. */
public final class Durations {
  private Durations() {
  }

  public static long millis(IntOrString v, long fallback) {
    if (v == null) {
      return fallback;
    }
    if (v.getIntVal() != null) {
      return v.getIntVal() * 1000L;
    }
    return dev.baton.scheduler.importer.Durations.toMillis(v.getStrVal());
  }

  public static String text(IntOrString v) {
    return v == null ? null : v.getIntVal() != null ? v.getIntVal().toString() : v.getStrVal();
  }
}
