package dev.baton.agent.exec;

/** An agent implemented inside the daemon instead of as a script (ocf:heartbeat:IPaddr2). */
public interface NativeAgent {
    /** Runs the action; never throws for agent-level failures, which are rc values. */
    ActionResult run(ActionRequest request);
}
