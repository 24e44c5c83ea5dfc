package dev.baton.scheduler.model;

/**
 * rsc_order: {@code firstAction} of {@code first} before {@code thenAction} of {@code then}. With
 * {@code requireAll=false} one active instance of a cloned {@code first} is enough.
 */
public record OrderConstraint(String id, String first, String then, Kind kind, String firstAction,
                              String thenAction, boolean symmetrical, boolean requireAll) {
    public enum Kind { MANDATORY, OPTIONAL, SERIALIZE }

    /** Pacemaker's legacy score form: 0 = Optional, anything else = Mandatory. */
    public static Kind kindOf(String kind, String score) {
        if (kind != null && !kind.isBlank()) {
            return Kind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (score != null && !score.isBlank() && dev.baton.scheduler.Score.parse(score) == 0) {
            return Kind.OPTIONAL;
        }
        return Kind.MANDATORY;
    }
}
