package dev.baton.cib;

import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.scheduler.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pacemaker's fail-count per primitive and node, kept in the Primitive's status (the operator is
 * its only writer): each failure the agents report is counted once; a failed start counts
 * INFINITY when start-failure-is-fatal. The requests of crm_resource arrive as annotations:
 * baton.dev/cleanup (and refresh) reset the counts and forget older failures, on one node with
 * baton.dev/cleanup-node; baton.dev/fail (NODE@time) records a failure as if a monitor failed.
 */
public final class FailCounts {
  public static final String CLEANUP = "baton.dev/cleanup";
  public static final String CLEANUP_NODE = "baton.dev/cleanup-node";
  public static final String REFRESH = "baton.dev/refresh";
  public static final String FAIL = "baton.dev/fail";
  static final String ALL_NODES = "*";

  private FailCounts() {
  }

  /** Acts on new cleanup/refresh/fail requests; call before reading the history. */
  public static void requests(Primitive p, PrimitiveStatus status, Instant now) {
    Map<String, String> a = p.getMetadata().getAnnotations() == null ? Map.of() : p.getMetadata().getAnnotations();
    String cleanup = a.containsKey(REFRESH) ? a.get(REFRESH) + "/" + a.getOrDefault(CLEANUP, "") : a.get(CLEANUP);
    if (cleanup != null && !cleanup.equals(status.lastCleanup)) {
      String node = a.containsKey(REFRESH) ? null : a.get(CLEANUP_NODE);
      status.lastCleanup = cleanup;
      if (status.cleanedAt == null) {
        status.cleanedAt = new LinkedHashMap<>();
      }
      status.cleanedAt.put(node == null ? ALL_NODES : node, now.toString());
      if (node == null) {
        status.failCounts = null;
        status.failuresCountedUntil = null;
        status.lastFailure = null;
      } else {
        forget(status, node);
      }
    }
    String fail = a.get(FAIL);
    if (fail != null && !fail.equals(status.lastFailRequest)) {
      status.lastFailRequest = fail;
      int at = fail.indexOf('@');
      String node = at < 0 ? fail : fail.substring(0, at);
      PrimitiveStatus.FailureRecord r = new PrimitiveStatus.FailureRecord();
      r.node = node;
      r.operation = "monitor";
      r.rc = 1;
      r.rcText = "generic error";
      r.exitReason = "failed by request (kubectl baton resource fail)";
      r.time = now.toString();
      count(status, node, 1, r);
    }
  }

  private static void forget(PrimitiveStatus status, String node) {
    if (status.failCounts != null) {
      status.failCounts.remove(node);
    }
    if (status.failuresCountedUntil != null) {
      status.failuresCountedUntil.remove(node);
    }
    if (status.lastFailure != null && node.equals(status.lastFailure.node)) {
      status.lastFailure = null;
    }
  }

  /** The Primitive's failure-timeout (its own, else the cluster's resource defaults) in ms; 0: failures never expire. */
  public static long failureTimeoutMs(Primitive p, HAClusterSpec cs) {
    var own = p.getSpec().meta == null ? null : p.getSpec().meta.failureTimeout;
    var timeout = own != null ? own : cs.resourceDefaults == null ? null : cs.resourceDefaults.failureTimeout;
    return timeout == null ? 0 : Durations.millis(timeout, 0);
  }

  /**
   * Pacemaker's rule, in whole seconds: a fail-count has expired once now is past its last failure + failure-timeout
   * (the scheduler applies the same rule to the model it is given, for counts not cleared yet).
   */
  private static Instant expiry(String lastFailure, long timeoutMs) {
    return Instant.ofEpochSecond(Instant.parse(lastFailure).getEpochSecond() + timeoutMs / 1000 + 1);
  }

  /**
   * Drops the fail-counts that have expired, as Pacemaker clears them: a later failure counts from 1 again. The
   * failures themselves stay counted (failuresCountedUntil), so they are never counted twice.
   */
  public static void expire(PrimitiveStatus status, long timeoutMs, Instant now) {
    if (timeoutMs <= 0 || status.failCounts == null || status.failuresCountedUntil == null) {
      return;
    }
    status.failCounts.keySet().removeIf(node -> status.failuresCountedUntil.containsKey(node)
        && !now.isBefore(expiry(status.failuresCountedUntil.get(node), timeoutMs)));
    if (status.failCounts.isEmpty()) {
      status.failCounts = null;
    }
  }

  /** Milliseconds until the next of these fail-counts expires, or -1 when none will. */
  public static long nextExpiryMs(PrimitiveStatus status, long timeoutMs, Instant now) {
    if (timeoutMs <= 0 || status.failCounts == null || status.failuresCountedUntil == null) {
      return -1;
    }
    return status.failCounts.keySet().stream().map(status.failuresCountedUntil::get).filter(java.util.Objects::nonNull)
        .mapToLong(t -> expiry(t, timeoutMs).toEpochMilli() - now.toEpochMilli()).filter(ms -> ms > 0).min()
        .orElse(-1);
  }

  /** Failures on {@code node} from before this time are forgotten. */
  public static Instant cleanedAt(PrimitiveStatus status, String node) {
    if (status == null || status.cleanedAt == null) {
      return Instant.EPOCH;
    }
    Instant all = parseOr(status.cleanedAt.get(ALL_NODES), Instant.EPOCH);
    Instant one = parseOr(status.cleanedAt.get(node), Instant.EPOCH);
    return all.isAfter(one) ? all : one;
  }

  /**
   * A node back after being lost: its failures from before {@code at} are forgotten (its fail-count stays). Kept in
   * the ledger, so that an operator started later does not count them either.
   */
  public static void forgetBefore(PrimitiveStatus status, String node, Instant at) {
    if (cleanedAt(status, node).isBefore(at)) {
      if (status.cleanedAt == null) {
        status.cleanedAt = new LinkedHashMap<>();
      }
      status.cleanedAt.put(node, at.toString());
    }
  }

  /**
   * Counts the failures the history shows that the ledger in {@code status} has not; returns them. Nothing is
   * counted on the nodes of {@code lost}: not members, their reports are not taken.
   */
  public static List<OperationHistory.Op> update(Primitive p, PrimitiveStatus status, OperationHistory history,
      boolean startFailureIsFatal, java.util.Set<String> lost) {
    String rsc = p.getMetadata().getName();
    List<OperationHistory.Op> counted = new ArrayList<>();
    for (String node : history.nodesOf(rsc)) {
      if (lost.contains(node)) {
        continue;
      }
      Instant since = cleanedAt(status, node);
      String until = status.failuresCountedUntil == null ? null : status.failuresCountedUntil.get(node);
      Instant after = until == null ? since : later(parseOr(until, since), since);
      for (OperationHistory.Op f : history.failuresAfter(rsc, node, after)) {
        if (f.probe()) {
          continue;
        }
        PrimitiveStatus.FailureRecord r = new PrimitiveStatus.FailureRecord();
        r.node = node;
        r.operation = f.label();
        r.rc = f.rc();
        r.rcText = f.rcText();
        r.exitReason = f.exitReason();
        r.time = f.time().toString();
        count(status, node, f.operation().equals("start") && startFailureIsFatal ? Score.INFINITY : 1, r);
        counted.add(f);
      }
    }
    return counted;
  }

  private static void count(PrimitiveStatus status, String node, int add, PrimitiveStatus.FailureRecord r) {
    if (status.failCounts == null) {
      status.failCounts = new LinkedHashMap<>();
    }
    if (status.failuresCountedUntil == null) {
      status.failuresCountedUntil = new LinkedHashMap<>();
    }
    status.failCounts.merge(node, add, Score::add);
    status.failuresCountedUntil.put(node, r.time);
    status.lastFailure = r;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant parseOr(String s, Instant fallback) {
    if (s == null) {
      return fallback;
    }
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
