package dev.baton.agent.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where agents may come from. An agent name is one path element; whatever it resolves to (after symlinks)
 * must still lie inside its root, be a regular file and be executable. Anything else is refused with a
 * reason and nothing runs.
 */
public record Roots(Path ocfRoot, Path lsbRoot, Path systemctl) {
    public static final Roots DEFAULT = new Roots(Path.of("/usr/lib/ocf"), Path.of("/etc/init.d"), Path.of("/usr/bin/systemctl"));

    /** Unit names as systemd allows them; never starting with '-', so a name cannot become an option. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_:.@\\\\][A-Za-z0-9_:.@\\\\-]*");

    public Path ocfAgents() {
        return ocfRoot.resolve("resource.d");
    }

    /** The executable for an OCF or LSB agent; for systemd the unit name checked and completed. */
    public Path resolve(AgentRef ref) throws AgentRejected {
        return switch (ref.agentClass()) {
            case OCF -> confined(ocfAgents(), ref.provider(), ref.type());
            case LSB -> confined(lsbRoot, ref.type());
            case SYSTEMD -> throw new IllegalArgumentException("systemd units are not files; use unitName()");
            case STONITH -> throw new IllegalArgumentException("fence agents have roots of their own; use FenceAgents");
        };
    }

    public static String unitName(AgentRef ref) throws AgentRejected {
        String u = ref.type();
        if (!UNIT.matcher(u).matches() || u.contains("..")) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "invalid systemd unit name '" + u + "'");
        }
        return u.contains(".") ? u : u + ".service";
    }

    static Path confined(Path root, String... elements) throws AgentRejected {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new AgentRejected(Ocf.ERR_INSTALLED, "agent root " + root + " does not exist");
        }
        Path p = realRoot;
        for (String e : elements) {
            if (e.isEmpty() || e.equals(".") || e.equals("..") || e.contains("/") || e.indexOf('\0') >= 0) {
                throw new AgentRejected(Ocf.ERR_CONFIGURED,
                        "agent name element '" + e + "' is not a plain name (no '/', '..', '.' or empty) - refusing to leave " + root);
            }
            p = p.resolve(e);
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new AgentRejected(Ocf.ERR_INSTALLED, "agent " + p + " not found");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new AgentRejected(Ocf.ERR_INSTALLED, "agent " + p + " cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(realRoot)) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "agent " + p + " resolves to " + real + ", outside its root " + realRoot);
        }
        if (!Files.isRegularFile(real) || !Files.isExecutable(real)) {
            throw new AgentRejected(Ocf.ERR_INSTALLED, "agent " + real + " is not an executable file");
        }
        return real;
    }
}
