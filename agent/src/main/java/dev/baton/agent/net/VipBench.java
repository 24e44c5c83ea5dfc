package dev.baton.agent.net;

import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Executor;
import dev.baton.agent.exec.Ocf;
import dev.baton.agent.exec.Roots;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves a VIP back and forth between two network namespaces and prints the start latency of the
 * native IPaddr2 (address added and first gratuitous ARP sent) against the script agent's start
 * (until its process exits), run through the same executor. Used by hack/bench-agent.sh:
 * {@code java -cp baton-agent.jar dev.baton.agent.net.VipBench NS_A NS_B IP/PREFIX NIC MOVES}.
 */
public final class VipBench {
    /** Moves before measuring: class loading and the first JNA calls are not what is measured. */
    private static final int WARMUP = 5;
    private VipBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] ipPrefix = args[2].split("/");
        Map<String, String> params = Map.of("ip", ipPrefix[0], "cidr_netmask", ipPrefix[1], "nic", args[3]);
        int moves = Integer.parseInt(args[4]);
        ExecutorService a = NetNamespace.thread(args[0]);
        ExecutorService b = NetNamespace.thread(args[1]);
        try {
            NativeIPaddr2 nat = new NativeIPaddr2(() -> Ipv4Addresses.INFINITY);
            Executor natives = new Executor(Roots.DEFAULT, new dev.baton.agent.exec.FenceAgents(dev.baton.agent.exec.FenceAgents.DEFAULT_ROOTS), Map.of(NativeIPaddr2.AGENT, nat));
            Executor scripts = new Executor(Roots.DEFAULT);
            print("native IPaddr2 start (add + first GARP)", measured(moves(natives, a, b, params, WARMUP + moves)));
            print("script IPaddr2 start (until exit)", measured(moves(scripts, a, b, params, WARMUP + moves)));
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    /** Alternates the holder; stops are not timed, each start is (inside its namespace's thread). */
    static double[] moves(Executor ex, ExecutorService a, ExecutorService b, Map<String, String> params, int n) throws Exception {
        ActionRequest start = new ActionRequest("bench-vip", AgentRef.parse(NativeIPaddr2.AGENT), Action.START, params, Map.of(), 0, 20_000);
        ActionRequest stop = start.withAction(Action.STOP, 0);
        double[] ms = new double[n];
        ExecutorService holder = null;
        for (int i = 0; i < n; i++) {
            ExecutorService next = i % 2 == 0 ? a : b;
            if (holder != null) {
                check(holder.submit(() -> ex.run(stop)).get(30, TimeUnit.SECONDS), "stop");
            }
            int k = i;
            ms[i] = next.submit(() -> {
                long t0 = System.nanoTime();
                ActionResult r = ex.run(start);
                double took = (System.nanoTime() - t0) / 1e6;
                check(r, "start #" + k);
                return took;
            }).get(30, TimeUnit.SECONDS);
            holder = next;
        }
        check(holder.submit(() -> ex.run(stop)).get(30, TimeUnit.SECONDS), "stop");
        return ms;
    }

    private static double[] measured(double[] all) {
        return Arrays.copyOfRange(all, WARMUP, all.length);
    }

    private static void check(ActionResult r, String what) {
        if (r.rc() != Ocf.SUCCESS) {
            throw new IllegalStateException(what + " failed: " + r.rcText() + " " + r.exitReason() + " " + r.outputTail());
        }
    }

    private static void print(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%-42s n=%d  p50 %7.2f ms  p99 %7.2f ms  min %7.2f  max %7.2f%n", what, s.length,
                s[(int) Math.floor((s.length - 1) * 0.50)], s[(int) Math.ceil((s.length - 1) * 0.99)], s[0], s[s.length - 1]);
    }
}
