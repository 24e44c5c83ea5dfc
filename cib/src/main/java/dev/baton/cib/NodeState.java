package dev.baton.cib;

/**
 * A node's membership. {@code UNCLEAN}: its lease stopped being renewed, but its agent may still be
 * stopping its resources, so they count as running; {@code LOST}: safely down, what it ran is stopped.
 */
public enum NodeState { ONLINE, UNCLEAN, LOST }
