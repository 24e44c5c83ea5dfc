package dev.baton.operator.e2e;

import java.time.Duration;

/**
 * One kind of fault of the chaos matrix (hack/chaos.sh, ChaosIT): what it breaks, what must follow,
 * and how it is undone. A round is: the cluster converged → {@link #inject} → the harness waits
 * until {@link #expected} holds (the recovery, timed from when inject returns) → {@link #verify}
 * → {@link #heal} → converged again (every node online) → the audit ({@link ChaosAudit}).
 * Kinds are listed in {@link Faults}; a new kind is one class implementing this and one line there.
 */
interface Fault {
  /** What must be true again once the cluster has recovered, besides converged and served. */
  enum Outcome {
    /** The VIP group runs on another controller than the victim (the victim is out). */
    MOVES,
    /** Served again, anywhere (a failed service may restart in place or move). */
    RECOVERS,
    /** Nothing moved: every primitive runs where it ran before (inject held the fault long enough to see). */
    STAYS
  }

  /** The row of the table, e.g. {@code service-kill}. */
  String kind();

  /**
   * Does the damage on the running lab; may wait (a fault with a duration). Returns the
   * controller it hit (c1..c3), or null when it hit none in particular.
   */
  String inject(ChaosLab lab) throws Exception;

  Outcome expected();

  /** How long recovery may take, from when inject returned. */
  default Duration recoveryLimit() {
    return Duration.ofSeconds(60);
  }

  /**
   * Part of the recovery: what the fault asked for has taken effect (a request acted on). Without it, a status
   * read before the operator saw the request (a move reconciled after the quiet period) passed for the recovery.
   */
  default boolean effectSeen(ChaosLab lab) {
    return true;
  }

  /** Checks of this kind once recovery was seen (throw AssertionError); the round records when inject returned. */
  default void verify(ChaosLab lab, ChaosRound round) throws Exception {
  }

  /** Puts back what the fault took away (a link, a killed agent) after recovery. */
  default void heal(ChaosLab lab) throws Exception {
  }
}
