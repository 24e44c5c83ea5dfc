package dev.baton.cli.lint;

/** One problem: the object at fault (Kind/name), why it is a problem, and how to fix it. */
public record Finding(Severity severity, String object, String reason, String fix) {
    public enum Severity { warning, error }

    @Override
    public String toString() {
        return severity + ": " + object + ": " + reason + "\n  fix: " + fix;
    }
}
