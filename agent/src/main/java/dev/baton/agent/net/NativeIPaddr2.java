package dev.baton.agent.net;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.AgentRejected;
import dev.baton.agent.exec.Libc;
import dev.baton.agent.exec.NativeAgent;
import dev.baton.agent.exec.Ocf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * {@code ocf:heartbeat:IPaddr2} without the script: the address is added and removed over rtnetlink
 * with a kernel lifetime (valid = preferred = the lease duration while the daemon holds a lease), and
 * announced by gratuitous ARP over AF_PACKET. Parameters are the script agent's; see docs/ipaddr2-native.md.
 */
public final class NativeIPaddr2 implements NativeAgent {
    public static final String AGENT = "ocf:heartbeat:IPaddr2";
    private static final int EADDRNOTAVAIL = 99;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;

    /** Parameters the script agent defines that only make sense at their default here. */
    private static final Map<String, String> DEFAULT_ONLY = Map.of(
            "lvs_support", "false", "lvs_ipv6_addrlabel", "false", "unique_clone_address", "false",
            "run_arping", "false", "mac", "", "send_arp_opts", "", "network_namespace", "");
    /** Parameters accepted with no effect, and why, in docs/ipaddr2-native.md. */
    private static final Set<String> NO_EFFECT = Set.of(
            "arp_bg", "arp_sender", "flush_routes", "nodad", "lvs_ipv6_addrlabel_value", "clusterip_hash");

    /** A VIP as configured on this node. */
    public record Vip(String resource, String nic, int ifindex, Inet4Address ip, int prefix, Inet4Address broadcast,
                      String label, int arpCount, long arpIntervalMs, int arpCountRefresh, boolean noPrefixRoute,
                      long preferredLifetime) {
    }

    /**
     * A VIP this agent holds, until when (its clock) the lifetime it last gave the kernel runs: read before the
     * RTM_NEWADDR, so never later than the kernel's own expiry.
     */
    /** What a monitor finds. */
    private enum Found { RUNNING, NOT_RUNNING, LAPSED }

    public static final String LAPSED_REASON = "its kernel lifetime ran out: the node's lease was not renewed in time";

    private record Held(Vip vip, long expiresNanos) {
    }

    /**
     * A held VIP this close to its expiry counts as expired: the kernel removes an address up to 20 ms early
     * (devinet.c check_lifetime, ADDRCONF_TIMER_FUZZ_MINUS), and a refresh sent later could reach the kernel just
     * after it did, when Linux re-creates it (see {@link #lock}). A live agent refreshes every renew interval, far
     * earlier.
     */
    private static final long EXPIRY_MARGIN_NANOS = 250_000_000L;

    private final LongSupplier lifetimeSeconds;
    private final LongSupplier nanoTime;
    private final Map<String, Held> active = new ConcurrentHashMap<>();
    /**
     * VIPs whose lifetime ran out, until their next start or stop: a monitor that runs after the refresh deleted
     * one (it waited for the lock) must say LAPSED too, not report the deletion as a failure.
     */
    private final Set<String> lapsed = ConcurrentHashMap.newKeySet();
    /**
     * Serialises start/stop/monitor with the lifetime refresh. Linux re-creates a missing IPv4 address
     * on RTM_NEWADDR even without NLM_F_CREATE (devinet.c: "userspace already relies on not having to
     * provide this"), so a refresh that listed the VIP just before a stop deleted it would add it back,
     * with a fresh lifetime, after the stop was reported done: two holders for up to a lifetime.
     */
    private final Object lock = new Object();

    /** @param lifetimeSeconds kernel valid lifetime of added addresses; {@link Ipv4Addresses#INFINITY} for none */
    public NativeIPaddr2(LongSupplier lifetimeSeconds) {
        this(lifetimeSeconds, System::nanoTime);
    }

    /** @param nanoTime the agent's monotonic clock, against which lifetimes run out */
    NativeIPaddr2(LongSupplier lifetimeSeconds, LongSupplier nanoTime) {
        this.lifetimeSeconds = lifetimeSeconds;
        this.nanoTime = nanoTime;
    }

    @Override
    public ActionResult run(ActionRequest req) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        int rc;
        String reason = "";
        try {
            if (req.action() == Action.META_DATA) {
                return done(metaData(), Ocf.SUCCESS, "", start, t0);
            }
            Vip vip = configure(req.resource(), req.params());
            synchronized (lock) {
                switch (req.action()) {
                    case START -> {
                        lapsed.remove(vip.resource());
                        start(vip);
                        rc = Ocf.SUCCESS;
                    }
                    case STOP -> {
                        lapsed.remove(vip.resource());
                        stop(vip);
                        rc = Ocf.SUCCESS;
                    }
                    case MONITOR, PROBE -> {
                        Found found = running(vip);
                        rc = found == Found.RUNNING ? Ocf.SUCCESS : Ocf.NOT_RUNNING;
                        reason = found == Found.LAPSED ? LAPSED_REASON : "";
                        if (rc == Ocf.SUCCESS && vip.arpCountRefresh() > 0 && req.action() == Action.MONITOR) {
                            GratuitousArp.announce(vip.nic(), vip.ifindex(), vip.ip(), vip.arpCountRefresh(), vip.arpIntervalMs());
                        }
                    }
                    case VALIDATE_ALL -> rc = Ocf.SUCCESS;
                    default -> {
                        rc = Ocf.ERR_UNIMPLEMENTED;
                        reason = "IPaddr2 has no " + req.action().wireName() + " action";
                    }
                }
            }
        } catch (AgentRejected e) {
            return new ActionResult(ActionResult.Status.DONE, e.rc(), e.rc(), e.getMessage(), "", "", start, ms(t0));
        } catch (NetlinkException e) {
            rc = Ocf.ERR_GENERIC;
            reason = e.getMessage();
        }
        return done("", rc, reason, start, t0);
    }

    /** Adds the address (or refreshes it when already there) and announces it; ARP first, bookkeeping after. */
    private void start(Vip vip) throws NetlinkException {
        long expires = addWithLifetime(vip, true);
        GratuitousArp.announce(vip.nic(), vip.ifindex(), vip.ip(), vip.arpCount(), vip.arpIntervalMs());
        active.put(vip.resource(), new Held(vip, expires));
    }

    /** RTM_NEWADDR with the current lifetime; returns when, on the agent's clock, that lifetime runs out. */
    private long addWithLifetime(Vip vip, boolean create) throws NetlinkException {
        long life = lifetimeSeconds.getAsLong();
        long now = nanoTime.getAsLong();
        Ipv4Addresses.add(vip.ifindex(), vip.ip(), vip.prefix(), vip.broadcast(), vip.label(), life,
                Math.min(life, vip.preferredLifetime()), vip.noPrefixRoute(), create);
        return expiry(now, life);
    }

    private static long expiry(long now, long lifetimeSeconds) {
        return lifetimeSeconds >= Ipv4Addresses.INFINITY ? Long.MAX_VALUE : now + lifetimeSeconds * 1_000_000_000L;
    }

    private void stop(Vip vip) throws NetlinkException {
        active.remove(vip.resource());
        try {
            Ipv4Addresses.delete(vip.ifindex(), vip.ip(), vip.prefix());
        } catch (NetlinkException e) {
            // already gone (expired, or never added): stop on a stopped resource succeeds
            if (e.errno() != EADDRNOTAVAIL && e.errno() != ENOENT && e.errno() != ESRCH) {
                throw e;
            }
        }
    }

    /**
     * Monitor and probe: the address is on the interface and its lifetime has not run out. One whose lifetime ran
     * out (by the agent's clock, or the kernel's: listed with 0 s left, or already removed while held) has
     * {@link Found#LAPSED}: it is stopped, and stays stopped until a new start. One found running that this agent
     * does not hold (a restarted agent's probe) is held from now on: its lifetime is ours to refresh, from what the
     * kernel has left of it.
     */
    private Found running(Vip vip) throws NetlinkException {
        Ipv4Addresses.Entry entry = entryOf(vip, Ipv4Addresses.list());
        Held held = active.get(vip.resource());
        long now = nanoTime.getAsLong();
        boolean ranOut = held != null && expired(held, now);
        if (entry == null) {
            active.remove(vip.resource());
            if (ranOut) {
                lapsed.add(vip.resource());
            }
            return lapsed.contains(vip.resource()) ? Found.LAPSED : Found.NOT_RUNNING;
        }
        if (entry.validLifetime() == 0 || ranOut) {
            stop(vip);
            lapsed.add(vip.resource());
            return Found.LAPSED;
        }
        if (held == null) {
            active.put(vip.resource(), new Held(vip, expiry(now, entry.validLifetime())));
        }
        return Found.RUNNING;
    }

    /**
     * Whether a monitor found the address gone because its lifetime ran out: the node's lease was not renewed in
     * time, which is the node's fault (frozen, cut off) and already the operator's to handle, not a failure of the
     * resource; one removed by anything else while its lifetime ran is {@code NOT_RUNNING}, a failure as in Pacemaker.
     */
    public static boolean lapsed(ActionResult r) {
        return r.rc() == Ocf.NOT_RUNNING && LAPSED_REASON.equals(r.exitReason());
    }

    private boolean expired(Held h, long now) {
        return h.expiresNanos() != Long.MAX_VALUE && now - (h.expiresNanos() - EXPIRY_MARGIN_NANOS) >= 0;
    }

    private static Ipv4Addresses.Entry entryOf(Vip vip, List<Ipv4Addresses.Entry> entries) {
        return entries.stream().filter(e -> e.ifindex() == vip.ifindex() && e.address().equals(vip.ip()))
                .findFirst().orElse(null);
    }

    /** The VIPs this agent started and has not stopped, for the daemon (refresh, stop VIPs first). */
    public Map<String, Vip> active() {
        return active.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().vip()));
    }

    /**
     * Pushes every held address's kernel lifetime forward (called on each lease renewal). Returns the resources whose
     * lifetime ran out before this refresh (the renewal came too late: the agent frozen or cut off for longer than the
     * lease): they are deleted, not refreshed, for the operator may already have started them elsewhere, and not
     * re-added until a new start. One removed by hand while its lifetime ran is no longer held either, but left to
     * the monitor to report as the failure it is.
     */
    public List<String> refreshAll() throws NetlinkException {
        synchronized (lock) {
            return refreshHeld();
        }
    }

    private List<String> refreshHeld() throws NetlinkException {
        List<Ipv4Addresses.Entry> listed = Ipv4Addresses.list();
        List<String> lapsedNow = new ArrayList<>();
        for (Held h : active.values()) {
            Vip v = h.vip();
            Ipv4Addresses.Entry entry = entryOf(v, listed);
            boolean ranOut = expired(h, nanoTime.getAsLong()) || entry != null && entry.validLifetime() == 0;
            if (entry == null || ranOut) {
                if (ranOut) {
                    lapsedNow.add(v.resource());
                    lapsed.add(v.resource());
                }
                stop(v);
                continue;
            }
            active.put(v.resource(), new Held(v, addWithLifetime(v, false)));
        }
        return lapsedNow;
    }

    /** Parses and checks the script agent's parameters; unknown ones are an error, as in Pacemaker's validation. */
    public static Vip configure(String resource, Map<String, String> params) throws AgentRejected, NetlinkException {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String k = p.getKey();
            if (DEFAULT_ONLY.containsKey(k)) {
                String def = DEFAULT_ONLY.get(k);
                String v = p.getValue().strip();
                boolean isDefault = def.isEmpty() ? v.isEmpty() : !bool(k, v);
                if (!isDefault) {
                    throw new AgentRejected(Ocf.ERR_CONFIGURED, "parameter " + k + "=" + v
                            + " is not supported by the native IPaddr2 (only " + (def.isEmpty() ? "empty" : def) + ")");
                }
            } else if (!NO_EFFECT.contains(k) && !Set.of("ip", "nic", "cidr_netmask", "broadcast", "iflabel", "arp_interval",
                    "arp_count", "arp_count_refresh", "noprefixroute", "preferred_lft").contains(k)) {
                throw new AgentRejected(Ocf.ERR_CONFIGURED, "unknown parameter '" + k + "' for " + AGENT);
            }
        }
        String ipText = params.getOrDefault("ip", "").strip();
        if (ipText.isEmpty()) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "parameter ip is required");
        }
        Inet4Address ip = parseIpv4("ip", ipText);
        Integer given = params.containsKey("cidr_netmask") && !params.get("cidr_netmask").isBlank()
                ? prefix(params.get("cidr_netmask").strip()) : null;
        Integer prefix = given;
        String nic = params.getOrDefault("nic", "").strip();
        int ifindex;
        if (nic.isEmpty()) {
            // as the script's findif: the interface that already has an address in the VIP's subnet
            Ipv4Addresses.Entry on = Ipv4Addresses.list().stream()
                    .filter(e -> !e.address().equals(ip) && e.prefix() < 32)
                    .filter(e -> Ipv4Addresses.sameNetwork(e.address(), ip, given == null ? e.prefix() : given))
                    .findFirst()
                    .orElseThrow(() -> new AgentRejected(Ocf.ERR_CONFIGURED,
                            "no interface has an address in the subnet of " + ipText + "; set nic"));
            ifindex = on.ifindex();
            nic = nameOf(ifindex);
            if (prefix == null) {
                prefix = on.prefix();
            }
        } else {
            if (nic.contains(":")) {
                throw new AgentRejected(Ocf.ERR_CONFIGURED, "nic '" + nic + "' must be an interface name; use iflabel for a label");
            }
            ifindex = Libc.INSTANCE.if_nametoindex(nic);
            if (ifindex == 0) {
                throw new AgentRejected(Ocf.ERR_CONFIGURED, "interface '" + nic + "' does not exist");
            }
            if (prefix == null) {
                int idx = ifindex;
                prefix = Ipv4Addresses.list().stream()
                        .filter(e -> e.ifindex() == idx && !e.address().equals(ip) && e.contains(ip))
                        .map(Ipv4Addresses.Entry::prefix).findFirst().orElse(32);
            }
        }
        String bc = params.getOrDefault("broadcast", "").strip();
        Inet4Address broadcast = bc.isEmpty() || bc.equals("+")
                ? (prefix < 31 ? Ipv4Addresses.broadcastOf(ip, prefix) : null)
                : bc.equals("-") ? null : parseIpv4("broadcast", bc);
        String label = null;
        String iflabel = params.getOrDefault("iflabel", "").strip();
        if (!iflabel.isEmpty()) {
            label = nic + ":" + iflabel;
            if (label.length() > 15) {
                throw new AgentRejected(Ocf.ERR_CONFIGURED, "label '" + label + "' is longer than 15 characters");
            }
        }
        long preferred = Ipv4Addresses.INFINITY;
        String lft = params.getOrDefault("preferred_lft", "forever").strip();
        if (!lft.equals("forever") && !lft.isEmpty()) {
            preferred = integer("preferred_lft", lft.replaceAll("(sec|s)$", ""), 0, Integer.MAX_VALUE);
        }
        return new Vip(resource, nic, ifindex, ip, prefix, broadcast, label,
                integer("arp_count", params.getOrDefault("arp_count", "5"), 0, 1000),
                integer("arp_interval", params.getOrDefault("arp_interval", "200"), 0, 60_000),
                integer("arp_count_refresh", params.getOrDefault("arp_count_refresh", "0"), 0, 1000),
                bool("noprefixroute", params.getOrDefault("noprefixroute", "false")), preferred);
    }

    private static String nameOf(int ifindex) throws AgentRejected {
        byte[] buf = new byte[16];
        Pointer p = Libc.INSTANCE.if_indextoname(ifindex, buf);
        if (p == null) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, "interface " + ifindex + " vanished: " + Libc.error(Native.getLastError()));
        }
        return Native.toString(buf);
    }

    private static Inet4Address parseIpv4(String name, String s) throws AgentRejected {
        if (s.contains(":")) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, name + " " + s + ": IPv6 is not supported by the native IPaddr2 yet");
        }
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, name + " '" + s + "' is not an IPv4 address");
        }
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException | ClassCastException e) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, name + " '" + s + "' is not an IPv4 address");
        }
    }

    /** cidr_netmask: a prefix length (24), or a dotted mask (255.255.255.0) as findif also takes. */
    private static int prefix(String s) throws AgentRejected {
        if (s.contains(".")) {
            int m = Ipv4Addresses.toInt(parseIpv4("cidr_netmask", s));
            int len = Integer.bitCount(m);
            if (m != (len == 0 ? 0 : -1 << (32 - len))) {
                throw new AgentRejected(Ocf.ERR_CONFIGURED, "cidr_netmask " + s + " is not a contiguous mask");
            }
            return len;
        }
        return integer("cidr_netmask", s, 0, 32);
    }

    private static int integer(String name, String s, int min, int max) throws AgentRejected {
        try {
            int v = Integer.parseInt(s.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new AgentRejected(Ocf.ERR_CONFIGURED, name + " '" + s + "' must be an integer in " + min + ".." + max);
        }
    }

    private static boolean bool(String name, String s) throws AgentRejected {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1", "y" -> true;
            case "false", "no", "off", "0", "n", "" -> false;
            default -> throw new AgentRejected(Ocf.ERR_CONFIGURED, name + " '" + s + "' is not a boolean");
        };
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static ActionResult done(String stdout, int rc, String reason, Instant start, long t0) {
        return new ActionResult(ActionResult.Status.DONE, rc, rc, reason, stdout, reason, start, ms(t0));
    }

    private static String metaData() {
        StringBuilder b = new StringBuilder("""
                <?xml version="1.0"?>
                <resource-agent name="IPaddr2" version="baton-native">
                  <version>1.1</version>
                  <longdesc lang="en">Baton's native IPaddr2: the address is managed over rtnetlink with a kernel lifetime tied to the node's lease, and announced by gratuitous ARP over AF_PACKET. IPv4 only.</longdesc>
                  <shortdesc lang="en">Manages a virtual IPv4 address (native)</shortdesc>
                  <parameters>
                """);
        String[][] ps = {
            {"ip", "string", "", "1", "The IPv4 address"},
            {"nic", "string", "", "0", "Interface; found from the subnet when empty"},
            {"cidr_netmask", "string", "", "0", "Prefix length (or dotted mask); from the interface when empty"},
            {"broadcast", "string", "", "0", "Broadcast address; computed when empty"},
            {"iflabel", "string", "", "0", "Label suffix: the address is labelled nic:iflabel"},
            {"arp_interval", "integer", "200", "0", "Milliseconds between gratuitous ARPs"},
            {"arp_count", "integer", "5", "0", "Gratuitous ARP rounds on start (each a request and a reply)"},
            {"arp_count_refresh", "integer", "0", "0", "Gratuitous ARP rounds on each monitor"},
            {"noprefixroute", "boolean", "false", "0", "Add no prefix route for the address"},
            {"preferred_lft", "string", "forever", "0", "Preferred lifetime in seconds, or forever"},
        };
        for (String[] p : ps) {
            b.append("    <parameter name=\"").append(p[0]).append("\" required=\"").append(p[3]).append("\">\n")
             .append("      <shortdesc lang=\"en\">").append(p[4]).append("</shortdesc>\n")
             .append("      <content type=\"").append(p[1]).append("\" default=\"").append(p[2]).append("\"/>\n")
             .append("    </parameter>\n");
        }
        return b.append("""
                  </parameters>
                  <actions>
                    <action name="start" timeout="20s"/>
                    <action name="stop" timeout="20s"/>
                    <action name="monitor" timeout="20s" interval="10s" depth="0"/>
                    <action name="meta-data" timeout="5s"/>
                    <action name="validate-all" timeout="20s"/>
                  </actions>
                </resource-agent>
                """).toString();
    }
}
