package dev.baton.agent.exec;

/** Names one resource agent: {@code ocf:PROVIDER:TYPE}, {@code lsb:NAME} or {@code systemd:UNIT}. */
public record AgentRef(AgentClass agentClass, String provider, String type) {

    public AgentRef {
        if (agentClass == AgentClass.OCF && (provider == null || provider.isEmpty())) {
            throw new IllegalArgumentException("ocf agent needs a provider: ocf:PROVIDER:TYPE");
        }
        if (agentClass != AgentClass.OCF) {
            provider = null;
        }
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("agent type is empty");
        }
    }

    public static AgentRef parse(String spec) {
        String[] p = spec.split(":", -1);
        AgentClass c = AgentClass.parse(p[0]);
        if (c == AgentClass.OCF) {
            if (p.length != 3) {
                throw new IllegalArgumentException("expected ocf:PROVIDER:TYPE, got '" + spec + "'");
            }
            return new AgentRef(c, p[1], p[2]);
        }
        if (p.length != 2) {
            throw new IllegalArgumentException("expected " + c.wireName() + ":NAME, got '" + spec + "'");
        }
        return new AgentRef(c, null, p[1]);
    }

    @Override
    public String toString() {
        return agentClass.wireName() + ":" + (provider == null ? "" : provider + ":") + type;
    }
}
