package dev.baton.agent.exec;

/** Resource actions, named as Pacemaker and the ResourceAction CRD name them. */
public enum Action {
    START("start"), STOP("stop"), MONITOR("monitor"), PROMOTE("promote"), DEMOTE("demote"),
    PROBE("probe"), META_DATA("meta-data"), VALIDATE_ALL("validate-all"),
    /** Fence a node with a stonith device (the request's meta names the target and the fence action). */
    FENCE("fence");

    private final String wire;

    Action(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    /** Monitor-like actions ask a question; "not running" is an answer, not a failure. */
    public boolean isQuery() {
        return this == MONITOR || this == PROBE;
    }

    public static Action parse(String s) {
        for (Action a : values()) {
            if (a.wire.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + s + "'");
    }
}
