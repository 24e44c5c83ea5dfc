package dev.baton.agent;

import dev.baton.agent.net.NetNamespace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away L2 segment of network namespaces: a bridge in its own namespace and one namespace per host,
 * each with eth0 plugged into the bridge. Addresses are from TEST-NET-2 (198.51.100.0/24) only; IPv6 is off,
 * so nothing leaves the segment. Namespace names carry the JVM's pid so parallel runs do not collide.
 */
public final class NetLab implements AutoCloseable {
    private final String prefix = "bt" + ProcessHandle.current().pid() % 100000 + "-";
    private final String sw = prefix + "sw";
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final List<ExecutorService> threads = new ArrayList<>();

    public NetLab() throws IOException {
        try {
            sh("ip", "netns", "add", sw);
            sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
            sh("ip", "-n", sw, "link", "set", "br0", "up");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Adds a host namespace with eth0 at 198.51.100.&lt;octet&gt;/24 and returns the namespace's name. */
    public String host(String name, int octet) throws IOException {
        String ns = prefix + name;
        hosts.put(name, ns);
        String port = "p" + octet;
        sh("ip", "netns", "add", ns);
        sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        sh("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns", sw);
        sh("ip", "-n", sw, "link", "set", port, "master", "br0", "up");
        sh("ip", "-n", ns, "addr", "add", "198.51.100." + octet + "/24", "dev", "eth0");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    public String ns(String name) {
        return hosts.get(name);
    }

    public String mac(String name) throws IOException {
        String out = sh("ip", "-n", ns(name), "-o", "link", "show", "eth0");
        return out.replaceAll("(?s).*link/ether ([0-9a-f:]+).*", "$1");
    }

    /** The MAC the host's neighbour table holds for ip, or "" if none. */
    public String neighbour(String name, String ip) throws IOException {
        String out = sh("ip", "-n", ns(name), "neigh", "show", ip, "dev", "eth0");
        return out.contains("lladdr") ? out.replaceAll("(?s).*lladdr ([0-9a-f:]+).*", "$1") : "";
    }

    /** Whether name gets an ICMP echo reply from ip. */
    public boolean ping(String name, String ip) throws IOException {
        // up to three echoes: one lost to a busy machine must not decide the answer
        return run(List.of("ip", "netns", "exec", ns(name), "ping", "-c", "3", "-i", "0.2", "-W", "1", ip)).exit == 0;
    }

    /** A thread in the host's network namespace (see {@link NetNamespace}); shut down with the lab. */
    public ExecutorService thread(String name) {
        ExecutorService ex = NetNamespace.thread(ns(name));
        threads.add(ex);
        return ex;
    }

    public record Result(int exit, String out) {
    }

    public static String sh(String... argv) throws IOException {
        Result r = run(List.of(argv));
        if (r.exit != 0) {
            throw new IOException(String.join(" ", argv) + " failed (" + r.exit + "): " + r.out);
        }
        return r.out;
    }

    public static Result run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv + " hung");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        threads.forEach(ExecutorService::shutdownNow);
        List<String> all = new ArrayList<>(hosts.values());
        all.add(sw);
        for (String ns : all) {
            run(List.of("ip", "netns", "del", ns));
        }
    }
}
