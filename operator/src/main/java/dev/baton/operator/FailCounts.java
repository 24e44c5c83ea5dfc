package dev.baton.operator;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.scheduler.Score;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Pacemaker's fail-count per primitive and node, kept in the Primitive's status: each failure the
 * agents report is counted once; a failed start counts INFINITY when start-failure-is-fatal; the
 * baton.dev/cleanup annotation (crm_resource --cleanup) resets the counts and forgets older failures.
 */
final class FailCounts {
  static final String CLEANUP = "baton.dev/cleanup";

  private FailCounts() {
  }

  /** Updates the ledger in {@code status} from the history; returns the failures newly counted. */
  static List<OperationHistory.Op> update(Primitive p, PrimitiveStatus status, OperationHistory history,
      boolean startFailureIsFatal, Instant now) {
    String rsc = p.getMetadata().getName();
    String cleanup = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(CLEANUP);
    if (cleanup != null && !cleanup.equals(status.lastCleanup)) {
      status.failCounts = null;
      status.failuresCountedUntil = null;
      status.lastFailure = null;
      status.lastCleanup = cleanup;
      status.cleanedAt = now.toString();
    }
    Instant since = status.cleanedAt == null ? Instant.EPOCH : parseOr(status.cleanedAt, Instant.EPOCH);
    List<OperationHistory.Op> counted = new java.util.ArrayList<>();
    for (String node : history.nodesOf(rsc)) {
      String until = status.failuresCountedUntil == null ? null : status.failuresCountedUntil.get(node);
      Instant after = until == null ? since : later(parseOr(until, since), since);
      for (OperationHistory.Op f : history.failuresAfter(rsc, node, after)) {
        if (f.probe()) {
          continue;
        }
        if (status.failCounts == null) {
          status.failCounts = new LinkedHashMap<>();
        }
        if (status.failuresCountedUntil == null) {
          status.failuresCountedUntil = new LinkedHashMap<>();
        }
        int add = f.operation().equals("start") && startFailureIsFatal ? Score.INFINITY : 1;
        status.failCounts.merge(node, add, Score::add);
        status.failuresCountedUntil.put(node, f.time().toString());
        PrimitiveStatus.FailureRecord r = new PrimitiveStatus.FailureRecord();
        r.node = node;
        r.operation = f.label();
        r.rc = f.rc();
        r.rcText = f.rcText();
        r.exitReason = f.exitReason();
        r.time = f.time().toString();
        status.lastFailure = r;
        counted.add(f);
      }
    }
    return counted;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant parseOr(String s, Instant fallback) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
