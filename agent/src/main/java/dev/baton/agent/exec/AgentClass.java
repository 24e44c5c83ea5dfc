package dev.baton.agent.exec;

import java.util.Locale;

/** Resource agent standards the executor speaks. */
public enum AgentClass {
    OCF, LSB, SYSTEMD, STONITH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentClass parse(String s) {
        for (AgentClass c : values()) {
            if (c.wireName().equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown resource class '" + s + "' (expected ocf, lsb, systemd or stonith)");
    }
}
