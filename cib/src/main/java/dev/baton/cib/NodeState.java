package dev.baton.cib;

/**
 * A node's membership. {@code UNCLEAN}: its lease stopped being renewed, but its agent may still be
 * stopping its resources, so they count as running; {@code LOST}: its lease ran out (past the stop grace), it is
 * no member — down as far as its lease tells: with fencing it is still to be fenced ({@link SchedulerInput});
 * {@code FENCED}: a fence of it was confirmed and it has not renewed its lease since, safely down.
 */
public enum NodeState {
  ONLINE, UNCLEAN, LOST, FENCED;

  /** Whether the node is no member: what it reports is not taken, what was sent to it will never report. */
  public boolean down() {
    return this == LOST || this == FENCED;
  }
}
