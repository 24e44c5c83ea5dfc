package dev.baton.agent.daemon;

import dev.baton.agent.exec.Durations;
import dev.baton.agent.exec.FenceAgents;
import dev.baton.agent.exec.Roots;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The daemon's settings. Each key can come from the config file (key=value), the environment
 * (BATON_ + key upper-cased with '-' as '_') or the command line (--key value); later wins.
 */
public record AgentConfig(String node, String namespace, Path kubeconfig, Roots roots, List<Path> fenceRoots,
                          long leaseDurationMs,
                          long renewIntervalMs, String noQuorumPolicy, InetSocketAddress failsafeListen,
                          Map<String, InetSocketAddress> peers, Path secretFile, long failsafeTimeoutMs,
                          long defaultTimeoutMs, InetSocketAddress metricsListen, Path watchdogDevice,
                          long watchdogTimeoutMs) {

    static final Set<String> KEYS = Set.of("node", "namespace", "kubeconfig", "ocf-root", "lsb-root", "systemctl",
            "fence-root",
            "lease-duration", "renew-interval", "no-quorum-policy", "failsafe-listen", "failsafe-peers",
            "failsafe-secret-file", "failsafe-timeout", "default-timeout", "metrics-listen", "watchdog-device",
            "watchdog-timeout");

    public static AgentConfig load(String[] args, Map<String, String> env) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        String file = env.get("BATON_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[i + 1];
            }
        }
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                v.put(known(k, "in " + file), p.getProperty(k).strip());
            }
        }
        for (String k : KEYS) {
            String e = env.get("BATON_" + k.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (e != null) {
                v.put(k, e);
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value, got '" + args[i] + "'");
            }
            String k = args[i].substring(2);
            if (!k.equals("config")) {
                v.put(known(k, "on the command line"), args[i + 1]);
            }
            i++;
        }
        return from(v);
    }

    private static String known(String k, String where) {
        if (!KEYS.contains(k)) {
            throw new IllegalArgumentException("unknown setting '" + k + "' " + where + "; known: " + KEYS);
        }
        return k;
    }

    static AgentConfig from(Map<String, String> v) {
        String node = required(v, "node");
        String ns = required(v, "namespace");
        Roots d = Roots.DEFAULT;
        Roots roots = new Roots(Path.of(v.getOrDefault("ocf-root", d.ocfRoot().toString())),
                Path.of(v.getOrDefault("lsb-root", d.lsbRoot().toString())),
                Path.of(v.getOrDefault("systemctl", d.systemctl().toString())));
        // fence agents (the stonith class): where fence_* may come from, comma-separated, first match wins
        List<Path> fenceRoots = new ArrayList<>();
        for (String r : v.getOrDefault("fence-root", "").split(",")) {
            if (!r.isBlank()) {
                fenceRoots.add(Path.of(r.strip()));
            }
        }
        Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
        for (String p : v.getOrDefault("failsafe-peers", "").split(",")) {
            if (p.isBlank()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("failsafe-peers wants NODE=HOST:PORT,..., got '" + p + "'");
            }
            peers.put(p.substring(0, eq).strip(), address(p.substring(eq + 1).strip()));
        }
        String listen = v.get("failsafe-listen");
        String policy = v.get("no-quorum-policy");
        if (policy != null && !Set.of("stop", "freeze", "ignore").contains(policy)) {
            throw new IllegalArgumentException("no-quorum-policy must be stop, freeze or ignore, got '" + policy + "'");
        }
        AgentConfig c = new AgentConfig(node, ns, v.containsKey("kubeconfig") ? Path.of(v.get("kubeconfig")) : null, roots,
                fenceRoots.isEmpty() ? FenceAgents.DEFAULT_ROOTS : List.copyOf(fenceRoots),
                Durations.toMillis(v.getOrDefault("lease-duration", "2s")),
                Durations.toMillis(v.getOrDefault("renew-interval", "500ms")),
                policy, listen == null ? null : address(listen), peers,
                v.containsKey("failsafe-secret-file") ? Path.of(v.get("failsafe-secret-file")) : null,
                Durations.toMillis(v.getOrDefault("failsafe-timeout", "300ms")),
                Durations.toMillis(v.getOrDefault("default-timeout", "20s")),
                v.containsKey("metrics-listen") ? address(v.get("metrics-listen")) : null,
                v.containsKey("watchdog-device") ? Path.of(v.get("watchdog-device")) : null,
                Durations.toMillis(v.getOrDefault("watchdog-timeout", "5s")));
        if (c.renewIntervalMs() <= 0 || c.renewIntervalMs() * 2 > c.leaseDurationMs()) {
            throw new IllegalArgumentException("renew-interval must be positive and at most half of lease-duration");
        }
        // fed every quarter of its timeout, the watchdog must outlast a few missed feeds (sbd's minimum is 1 s too)
        if (c.watchdogDevice() != null && c.watchdogTimeoutMs() < 1000) {
            throw new IllegalArgumentException("watchdog-timeout must be at least 1s, got " + c.watchdogTimeoutMs() + " ms");
        }
        if ((listen != null || !peers.isEmpty()) && c.secretFile() == null) {
            throw new IllegalArgumentException("the failsafe peer check needs failsafe-secret-file");
        }
        return c;
    }

    /** The lease timing until the HACluster's spec.lease has been read. */
    LeaseTiming leaseTiming() {
        return new LeaseTiming(leaseDurationMs, renewIntervalMs);
    }

    private static String required(Map<String, String> v, String k) {
        String s = v.get(k);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("--" + k + " is required (or BATON_" + k.toUpperCase(Locale.ROOT) + ", or " + k + "= in the config file)");
        }
        return s;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + hostPort + "'");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
