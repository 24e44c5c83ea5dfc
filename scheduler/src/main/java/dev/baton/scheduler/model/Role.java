package dev.baton.scheduler.model;

/** A resource's role on a node, in Pacemaker's 2.1 vocabulary. */
public enum Role {
    STOPPED("Stopped"), STARTED("Started"), UNPROMOTED("Unpromoted"), PROMOTED("Promoted");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean active() {
        return this != STOPPED;
    }

    /** A role as Pacemaker reads one from a CIB: one it does not know is ignored (null), never an error. */
    public static Role pacemaker(String s) {
        try {
            return parse(s);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** Parses Pacemaker role names, old and new ("Master", "Slave" included). */
    public static Role parse(String s) {
        if (s == null || s.isBlank() || s.equals("#default")) {
            return null;
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "stopped" -> STOPPED;
            case "started" -> STARTED;
            case "unpromoted", "slave" -> UNPROMOTED;
            case "promoted", "master" -> PROMOTED;
            default -> throw new IllegalArgumentException("unknown role: " + s);
        };
    }
}
