package dev.baton.scheduler.model;

import java.util.Map;

/** crm_config cluster properties under Pacemaker's names, with Pacemaker's defaults. */
public record ClusterProperties(Map<String, String> values) {
    public ClusterProperties {
        values = Map.copyOf(values);
    }

    public String get(String name, String fallback) {
        String v = values.get(name);
        if (v == null) {
            v = values.get(name.replace('-', '_'));
        }
        return v == null ? fallback : v;
    }

    public boolean flag(String name, boolean fallback) {
        return truthy(get(name, Boolean.toString(fallback)));
    }

    /** Pacemaker's boolean for an optional value: unset means {@code fallback}. */
    public static boolean bool(String v, boolean fallback) {
        return v == null ? fallback : truthy(v);
    }

    public static boolean truthy(String v) {
        return v != null && switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y", "1" -> true;
            default -> false;
        };
    }

    public boolean stonithEnabled() {
        return flag("stonith-enabled", true);
    }

    /**
     * have-watchdog: the nodes run a watchdog for self-fencing (sbd; Baton's agents feed one when
     * stonith-watchdog-timeout is set). Pacemaker 2.1.5 counts it as a fencing device (unpack_config sets
     * pe_flag_have_stonith_resource): resources are managed and unclean nodes fenced without any stonith primitive.
     */
    public boolean haveWatchdog() {
        return flag("have-watchdog", false);
    }

    /**
     * Baton's HACluster properties as the scheduler reads them: its agents feed a watchdog wherever
     * stonith-watchdog-timeout is above 0 (docs/fencing.md), so have-watchdog follows it (Pacemaker's controller sets
     * it when sbd runs). Used where an HACluster becomes a model (the operator, {@code simulate --from}); a CIB's
     * own have-watchdog is kept as it is.
     */
    public static Map<String, String> ofHACluster(Map<String, String> values) {
        Map<String, String> out = new java.util.LinkedHashMap<>(values);
        String swt = values.get("stonith-watchdog-timeout");
        long ms;
        try {
            ms = swt == null ? 0 : dev.baton.scheduler.importer.Durations.toMillis(swt);
        } catch (IllegalArgumentException e) {
            ms = 0; // refused by the schema; never a watchdog
        }
        if (ms > 0) {
            out.put("have-watchdog", "true");
        }
        return out;
    }

    public boolean symmetricCluster() {
        return flag("symmetric-cluster", true);
    }

    public boolean startFailureIsFatal() {
        return flag("start-failure-is-fatal", true);
    }

    public boolean maintenanceMode() {
        return flag("maintenance-mode", false);
    }

    public boolean stopAllResources() {
        return flag("stop-all-resources", false);
    }

    public String noQuorumPolicy() {
        return get("no-quorum-policy", "stop");
    }

    public String placementStrategy() {
        return get("placement-strategy", "default");
    }
}
