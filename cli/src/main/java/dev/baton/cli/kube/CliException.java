package dev.baton.cli.kube;

/** A failure the user can act on: printed as one line ("error: ..."), never as a stack trace. */
public final class CliException extends RuntimeException {
    /** Exit code of a usage error (bad argument, unknown object), as picocli uses for usage errors. */
    public static final int USAGE = 2;
    /** Exit code of a failure of the cluster or the environment (API unreachable, forbidden). */
    public static final int FAILED = 1;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
