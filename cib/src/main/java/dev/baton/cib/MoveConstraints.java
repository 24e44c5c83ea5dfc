package dev.baton.cib;

import dev.baton.api.v1alpha1.LocationConstraint;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The location constraints crm_resource --move/--ban create and --clear removes, under Pacemaker's names:
 * {@code cli-prefer-RSC} (INFINITY on the target node) and {@code cli-ban-RSC-on-NODE} (-INFINITY).
 */
public final class MoveConstraints {
    public static final String PREFER = "cli-prefer-";
    public static final String BAN = "cli-ban-";
    /** Marks the objects this CLI created, so an operator can list them with a label selector. */
    public static final String CREATED_BY = "baton.dev/created-by";

    private MoveConstraints() {
    }

    public static String preferName(String resource) {
        return PREFER + resource;
    }

    public static String banName(String resource, String node) {
        return BAN + resource + "-on-" + node;
    }

    public static boolean isMoveConstraint(LocationConstraint l) {
        String n = l.getMetadata().getName();
        return n.startsWith(PREFER) || n.startsWith(BAN);
    }

    /** Whether this resource's move constraint: by name, and by the resource it names (names may contain '-'). */
    public static boolean belongsTo(LocationConstraint l, String resource) {
        String n = l.getMetadata().getName();
        return resource.equals(l.getSpec().resource)
                && (n.equals(preferName(resource)) || n.equals(banName(resource, l.getSpec().node)));
    }

    /** Past its lifetime: it no longer counts, but the object is still there. */
    public static boolean expired(LocationConstraint l, Instant now) {
        String e = l.getSpec().expires;
        if (e == null) {
            return false;
        }
        try {
            return !Instant.parse(e).isAfter(now);
        } catch (DateTimeParseException ex) {
            return !java.time.OffsetDateTime.parse(e).toInstant().isAfter(now);
        }
    }
}
