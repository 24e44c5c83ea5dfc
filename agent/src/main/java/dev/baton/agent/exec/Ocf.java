package dev.baton.agent.exec;

/** OCF exit codes (the OCF resource agent API, Pacemaker Explained "OCF return codes"). */
public final class Ocf {
    public static final int SUCCESS = 0;
    public static final int ERR_GENERIC = 1;
    public static final int ERR_ARGS = 2;
    public static final int ERR_UNIMPLEMENTED = 3;
    public static final int ERR_PERM = 4;
    public static final int ERR_INSTALLED = 5;
    public static final int ERR_CONFIGURED = 6;
    public static final int NOT_RUNNING = 7;
    public static final int RUNNING_PROMOTED = 8;
    public static final int FAILED_PROMOTED = 9;
    public static final int DEGRADED = 190;
    public static final int DEGRADED_PROMOTED = 191;

    private Ocf() {
    }

    public static boolean isDefined(int rc) {
        return (rc >= 0 && rc <= 9) || rc == DEGRADED || rc == DEGRADED_PROMOTED;
    }

    public static String text(int rc) {
        return switch (rc) {
            case SUCCESS -> "ok";
            case ERR_GENERIC -> "error";
            case ERR_ARGS -> "invalid parameter";
            case ERR_UNIMPLEMENTED -> "unimplemented feature";
            case ERR_PERM -> "insufficient privileges";
            case ERR_INSTALLED -> "not installed";
            case ERR_CONFIGURED -> "not configured";
            case NOT_RUNNING -> "not running";
            case RUNNING_PROMOTED -> "promoted";
            case FAILED_PROMOTED -> "promoted (failed)";
            case DEGRADED -> "OCF_DEGRADED";
            case DEGRADED_PROMOTED -> "promoted (degraded)";
            default -> "unknown exit code " + rc;
        };
    }
}
