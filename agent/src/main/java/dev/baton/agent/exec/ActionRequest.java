package dev.baton.agent.exec;

import java.util.Map;

/**
 * One action to run. Params become OCF_RESKEY_*; meta attributes become OCF_RESKEY_CRM_meta_*.
 * Interval and timeout are milliseconds (already normalised from Pacemaker durations).
 */
public record ActionRequest(String resource, AgentRef agent, Action action, Map<String, String> params,
                            Map<String, String> meta, long intervalMs, long timeoutMs) {
    public ActionRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public ActionRequest withAction(Action a, long interval) {
        return new ActionRequest(resource, agent, a, params, meta, interval, timeoutMs);
    }
}
