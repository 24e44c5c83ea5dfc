package dev.baton.cli.resource;

/**
 * Annotations on a Primitive by which the CLI asks the operator for a one-off action (the operator acts
 * on them; the CLI never runs an agent itself; cleanup's are {@link dev.baton.cib.FailCounts#CLEANUP}). Time values are RFC 3339, so each request is a new value.
 */
public final class Requests {
    /** Re-read the resource's state from the nodes (crm_resource -R). */
    public static final String REFRESH = "baton.dev/refresh";
    /** Probe every node again for the resource (crm_resource -P). */
    public static final String REPROBE = "baton.dev/reprobe";
    /** Record a failure on a node, as if its monitor failed (crm_resource -F): NODE@RFC3339-time. */
    public static final String FAIL = "baton.dev/fail";

    private Requests() {
    }
}
