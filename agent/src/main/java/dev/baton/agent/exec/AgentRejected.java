package dev.baton.agent.exec;

/** The request was refused before anything ran (bad name, path escaping a root, bad parameter name...). */
public class AgentRejected extends Exception {
    private final int rc;

    public AgentRejected(int rc, String reason) {
        super(reason);
        this.rc = rc;
    }

    public int rc() {
        return rc;
    }
}
