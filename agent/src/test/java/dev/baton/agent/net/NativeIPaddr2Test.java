package dev.baton.agent.net;

import dev.baton.agent.NetLab;
import dev.baton.agent.check.MetaData;
import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Ocf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The native IPaddr2 in real network namespaces: c1, c2 (controllers) and a client on one bridge. */
class NativeIPaddr2Test {
    static final String VIP = "198.51.100.100";
    static NetLab lab;
    static ExecutorService c1;
    static ExecutorService c2;

    @BeforeAll
    static void network() throws IOException {
        lab = new NetLab();
        lab.host("c1", 11);
        lab.host("c2", 12);
        lab.host("client", 50);
        c1 = lab.thread("c1");
        c2 = lab.thread("c2");
    }

    @AfterAll
    static void teardown() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    static <T> T in(ExecutorService ns, Callable<T> work) throws Exception {
        return ns.submit(work).get(10, TimeUnit.SECONDS);
    }

    static ActionRequest vip(String resource, String ip, Action a, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("ip", ip, "nic", "eth0", "cidr_netmask", "24"));
        p.putAll(extra);
        return new ActionRequest(resource, AgentRef.parse(NativeIPaddr2.AGENT), a, p, Map.of(), 0, 20_000);
    }

    @Test
    void vipMovesToTheOtherControllerAndTheClientFollowsWithoutTwoHolders() throws Exception {
        NativeIPaddr2 agent1 = new NativeIPaddr2(() -> Ipv4Addresses.INFINITY);
        NativeIPaddr2 agent2 = new NativeIPaddr2(() -> Ipv4Addresses.INFINITY);
        ActionRequest start = vip("vip", VIP, Action.START, Map.of("arp_count", "1"));
        assertThat(in(c1, () -> agent1.run(start)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(in(c1, () -> agent1.run(start.withAction(Action.MONITOR, 3000))).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(in(c2, () -> agent2.run(start.withAction(Action.PROBE, 0))).rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(lab.ping("client", VIP)).isTrue();
        assertThat(lab.neighbour("client", VIP)).isEqualTo(lab.mac("c1"));

        // Sample the new holder first, then the old: since the move deletes before it adds, a correct
        // move can never show both in one sample, and an overlap that spans the pair is caught.
        AtomicBoolean sampling = new AtomicBoolean(true);
        List<boolean[]> samples = new ArrayList<>();
        ExecutorService s1 = lab.thread("c1");
        ExecutorService s2 = lab.thread("c2");
        Thread sampler = new Thread(() -> {
            try {
                while (sampling.get()) {
                    boolean on2 = in(s2, () -> holds(VIP));
                    boolean on1 = in(s1, () -> holds(VIP));
                    samples.add(new boolean[] {on1, on2});
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sampler.start();
        Thread.sleep(50);
        ActionResult stopped = in(c1, () -> agent1.run(start.withAction(Action.STOP, 0)));
        ActionResult started = in(c2, () -> agent2.run(start));
        Thread.sleep(50);
        sampling.set(false);
        sampler.join();

        assertThat(stopped.rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(started.rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(samples).hasSizeGreaterThan(20);
        assertThat(samples).noneMatch(s -> s[0] && s[1]);
        assertThat(samples.get(0)).containsExactly(true, false);
        assertThat(samples.get(samples.size() - 1)).containsExactly(false, true);
        // arp_count=1: the only ARP is the one sent inside start; the client learns the new MAC from it
        // without sending anything itself
        assertThat(lab.neighbour("client", VIP)).isEqualTo(lab.mac("c2"));
        assertThat(lab.ping("client", VIP)).isTrue();
        assertThat(in(c2, () -> agent2.run(start.withAction(Action.STOP, 0))).rc()).isEqualTo(Ocf.SUCCESS);
    }

    static boolean holds(String ip) throws NetlinkException {
        return Ipv4Addresses.list().stream().anyMatch(e -> e.address().getHostAddress().equals(ip));
    }

    @Test
    void gratuitousArpsGoOutAsConfiguredFirstOneImmediately() throws Exception {
        Process dump = new ProcessBuilder("ip", "netns", "exec", lab.ns("client"), "tcpdump", "-l", "-n", "-tt",
                "-i", "eth0", "arp and host 198.51.100.101").redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(dump.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = r.readLine();
            } while (line != null && !line.contains("listening on eth0"));
            assertThat(line).as("tcpdump started").isNotNull();
            NativeIPaddr2 agent = new NativeIPaddr2(() -> Ipv4Addresses.INFINITY);
            ActionRequest start = vip("vip-arp", "198.51.100.101", Action.START, Map.of("arp_count", "3", "arp_interval", "150"));
            long before = System.currentTimeMillis();
            assertThat(in(c1, () -> agent.run(start)).rc()).isEqualTo(Ocf.SUCCESS);
            long returned = System.currentTimeMillis();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                lines.add(r.readLine());
            }
            String mac = lab.mac("c1");
            assertThat(lines).filteredOn(l -> l.contains("Request who-has 198.51.100.101 tell 198.51.100.101")).hasSize(3);
            assertThat(lines).filteredOn(l -> l.contains("Reply 198.51.100.101 is-at " + mac)).hasSize(3);
            double first = Double.parseDouble(lines.get(0).split(" ")[0]) * 1000;
            double third = Double.parseDouble(lines.get(4).split(" ")[0]) * 1000;
            assertThat(first).as("first ARP on the wire before start returned").isBetween(before - 5.0, returned + 5.0);
            assertThat(third - first).isBetween(290.0, 500.0);
            assertThat(in(c1, () -> agent.run(start.withAction(Action.STOP, 0))).rc()).isEqualTo(Ocf.SUCCESS);
        } finally {
            dump.destroyForcibly().waitFor();
        }
    }

    @Test
    void kernelLifetimeRemovesTheVipOfAnAgentThatStopsRefreshing() throws Exception {
        NativeIPaddr2 alive = new NativeIPaddr2(() -> 2);
        NativeIPaddr2 dead = new NativeIPaddr2(() -> 2);
        ActionRequest a = vip("vip-alive", "198.51.100.102", Action.START, Map.of("arp_count", "1"));
        ActionRequest d = vip("vip-dead", "198.51.100.103", Action.START, Map.of("arp_count", "1"));
        assertThat(in(c1, () -> alive.run(a)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(in(c1, () -> dead.run(d)).rc()).isEqualTo(Ocf.SUCCESS);
        Ipv4Addresses.Entry entry = in(c1, () -> Ipv4Addresses.list().stream()
                .filter(e -> e.address().getHostAddress().equals("198.51.100.103")).findFirst().orElseThrow());
        assertThat(entry.validLifetime()).isBetween(1L, 2L);
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(3200)) {
            assertThat(in(c1, alive::refreshAll)).isEmpty();
            Thread.sleep(500);
        }
        assertThat(in(c1, () -> holds("198.51.100.102"))).as("refreshed VIP").isTrue();
        assertThat(in(c1, () -> holds("198.51.100.103"))).as("VIP of the agent that stopped refreshing").isFalse();
        assertThat(in(c1, dead::refreshAll)).containsExactly("vip-dead");
        assertThat(in(c1, () -> dead.run(d.withAction(Action.MONITOR, 1000))).rc()).isEqualTo(Ocf.NOT_RUNNING);
        // a restarted agent adopts a VIP its probe finds, and keeps it alive from then on
        NativeIPaddr2 restarted = new NativeIPaddr2(() -> 2);
        assertThat(restarted.active()).isEmpty();
        assertThat(in(c1, () -> restarted.run(a.withAction(Action.PROBE, 0))).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(restarted.active()).containsOnlyKeys("vip-alive");
        assertThat(in(c1, () -> alive.run(a.withAction(Action.STOP, 0))).rc()).isEqualTo(Ocf.SUCCESS);
    }

    /**
     * A renewal that comes after the lifetime the agent gave the kernel ran out (the agent frozen or cut off for
     * longer than its lease): the operator may already have started the VIP elsewhere, so the address is deleted and
     * reported not running, not refreshed. The agent's clock is stepped past the lifetime while the kernel, on its
     * own, still has the address (it would remove it up to a second after): the window in which a refresh revived it.
     */
    @Test
    void aVipWhoseLifetimeRanOutBeforeItsRefreshIsStoppedNotRefreshed() throws Exception {
        AtomicLong clock = new AtomicLong(System.nanoTime());
        NativeIPaddr2 agent = new NativeIPaddr2(() -> 30, clock::get);
        ActionRequest refreshed = vip("vip-late", "198.51.100.106", Action.START, Map.of("arp_count", "1"));
        ActionRequest monitored = vip("vip-late-mon", "198.51.100.107", Action.START, Map.of("arp_count", "1"));
        assertThat(in(c1, () -> agent.run(refreshed)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(in(c1, () -> agent.run(monitored)).rc()).isEqualTo(Ocf.SUCCESS);

        // in time (20 s of its 30): refreshed, both still held
        clock.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertThat(in(c1, agent::refreshAll)).isEmpty();
        assertThat(in(c1, () -> agent.run(monitored.withAction(Action.MONITOR, 1000))).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(agent.active()).containsOnlyKeys("vip-late", "vip-late-mon");

        // 31 s after that refresh: run out by the agent's clock; the kernel's 30 s have barely started
        clock.addAndGet(TimeUnit.SECONDS.toNanos(31));
        assertThat(in(c1, () -> validLifetime("198.51.100.106"))).isBetween(25L, 30L);
        assertThat(in(c1, () -> validLifetime("198.51.100.107"))).isBetween(25L, 30L);
        ActionResult lapsed = in(c1, () -> agent.run(monitored.withAction(Action.MONITOR, 1000)));
        assertThat(lapsed.rc()).as("monitor of a VIP whose lifetime ran out").isEqualTo(Ocf.NOT_RUNNING);
        assertThat(NativeIPaddr2.lapsed(lapsed)).as(lapsed.exitReason()).isTrue();
        assertThat(in(c1, () -> holds("198.51.100.107"))).as("deleted by the monitor").isFalse();
        assertThat(in(c1, agent::refreshAll)).as("reported stopped by the refresh").containsExactly("vip-late");
        assertThat(in(c1, () -> holds("198.51.100.106"))).as("deleted, not refreshed").isFalse();
        assertThat(agent.active()).isEmpty();

        // stopped until a new start: later refreshes and monitors bring nothing back
        assertThat(in(c1, agent::refreshAll)).isEmpty();
        assertThat(in(c1, () -> agent.run(refreshed.withAction(Action.MONITOR, 1000))).rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(in(c1, () -> holds("198.51.100.106"))).isFalse();
        assertThat(in(c1, () -> agent.run(refreshed)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(in(c1, agent::refreshAll)).isEmpty();
        assertThat(in(c1, () -> holds("198.51.100.106"))).as("started again").isTrue();
        assertThat(in(c1, () -> agent.run(refreshed.withAction(Action.STOP, 0))).rc()).isEqualTo(Ocf.SUCCESS);
    }

    /**
     * A VIP removed by hand while its lifetime runs is a failure the monitor reports (rc 7, not lapsed), as
     * Pacemaker's IPaddr2 would; the refresh does not report it as run out, nor bring it back.
     */
    @Test
    void aVipRemovedByHandIsAFailureNotALapse() throws Exception {
        NativeIPaddr2 agent = new NativeIPaddr2(() -> 30);
        ActionRequest start = vip("vip-hand", "198.51.100.108", Action.START, Map.of("arp_count", "1"));
        assertThat(in(c1, () -> agent.run(start)).rc()).isEqualTo(Ocf.SUCCESS);
        NetLab.sh("ip", "-n", lab.ns("c1"), "addr", "del", "198.51.100.108/24", "dev", "eth0");
        assertThat(in(c1, agent::refreshAll)).isEmpty();
        assertThat(in(c1, () -> holds("198.51.100.108"))).as("not brought back by the refresh").isFalse();
        ActionResult removed = in(c1, () -> agent.run(start.withAction(Action.MONITOR, 1000)));
        assertThat(removed.rc()).isEqualTo(Ocf.NOT_RUNNING);
        assertThat(NativeIPaddr2.lapsed(removed)).as(removed.exitReason()).isFalse();
    }

    static long validLifetime(String ip) throws NetlinkException {
        return Ipv4Addresses.list().stream().filter(e -> e.address().getHostAddress().equals(ip))
                .findFirst().orElseThrow().validLifetime();
    }

    @Test
    void scriptParametersAreAcceptedOrRefusedWithAReason() throws Exception {
        NativeIPaddr2 agent = new NativeIPaddr2(() -> Ipv4Addresses.INFINITY);
        // no nic, no netmask: found from eth0's 198.51.100.11/24, as the script's findif does
        ActionRequest auto = new ActionRequest("vip-auto", AgentRef.parse(NativeIPaddr2.AGENT), Action.START,
                Map.of("ip", "198.51.100.104", "iflabel", "vip", "arp_count", "1", "arp_bg", "true", "flush_routes", "false"),
                Map.of(), 0, 20_000);
        assertThat(in(c1, () -> agent.run(auto)).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(NetLab.sh("ip", "-n", lab.ns("c1"), "-4", "addr", "show", "dev", "eth0"))
                .contains("inet 198.51.100.104/24 brd 198.51.100.255 scope global secondary eth0:vip");
        assertThat(in(c1, () -> agent.run(auto)).rc()).as("start when running").isEqualTo(Ocf.SUCCESS);
        assertThat(in(c1, () -> agent.run(auto.withAction(Action.STOP, 0))).rc()).isEqualTo(Ocf.SUCCESS);
        assertThat(in(c1, () -> agent.run(auto.withAction(Action.STOP, 0))).rc()).as("stop when stopped").isEqualTo(Ocf.SUCCESS);

        Map<Map<String, String>, String> refused = Map.of(
                Map.of("bogus", "1"), "unknown parameter 'bogus'",
                Map.of("lvs_support", "true"), "not supported by the native IPaddr2",
                Map.of("ip", "2001:db8::1"), "IPv6 is not supported",
                Map.of("nic", "nosuch0"), "interface 'nosuch0' does not exist",
                Map.of("cidr_netmask", "255.0.255.0"), "not a contiguous mask",
                Map.of("arp_count", "many"), "arp_count 'many' must be an integer");
        for (Map.Entry<Map<String, String>, String> c : refused.entrySet()) {
            ActionResult r = in(c1, () -> agent.run(vip("vip-bad", "198.51.100.105", Action.VALIDATE_ALL, c.getKey())));
            assertThat(r.rc()).as(c.getKey().toString()).isEqualTo(Ocf.ERR_CONFIGURED);
            assertThat(r.exitReason()).contains(c.getValue());
        }
        ActionResult md = agent.run(vip("vip", VIP, Action.META_DATA, Map.of()));
        MetaData parsed = MetaData.parse(md.stdout());
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.parameterNames()).contains("ip", "nic", "cidr_netmask", "broadcast", "iflabel", "arp_interval", "arp_count");
    }
}
