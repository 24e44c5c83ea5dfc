package dev.baton.agent.daemon;

import dev.baton.agent.check.MetaData;
import dev.baton.agent.exec.Action;
import dev.baton.agent.exec.ActionRequest;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.AgentClass;
import dev.baton.agent.exec.AgentRef;
import dev.baton.agent.exec.Durations;
import dev.baton.agent.exec.Executor;
import dev.baton.agent.exec.FenceAgents;
import dev.baton.agent.exec.Ocf;
import dev.baton.agent.net.NativeIPaddr2;
import dev.baton.agent.net.NetlinkException;
import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.Operation;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent of one node: runs the ResourceActions addressed to it and writes their status, runs
 * recurring monitors and reports every change of result in its HANode status, probes the configured
 * primitives at start-up, and keeps its lease; cut off from the API it applies no-quorum-policy
 * unless the failsafe peer check shows a global outage (then it freezes).
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());
    static final String VERSION = versionOf();

    /** How this node stands with the API server. */
    public enum Link { CONNECTED, OUTAGE_FROZEN, ISOLATED }

    private final AgentConfig cfg;
    private final KubernetesClient client;
    private final LeaseKeeper lease;
    private final NativeIPaddr2 vips;
    private final Executor executor;
    private final AgentMetrics metrics;
    private final NodeStatus status;
    private final Failsafe failsafe;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(3, daemon("agent-timer"));
    /**
     * Actions and recurring monitors each get a few threads that go away when idle: a burst of actions
     * or monitors due at once queues (as Pacemaker's node-action-limit does) instead of growing threads.
     */
    private final ExecutorService workers = boundedPool("agent-action", 2 * Runtime.getRuntime().availableProcessors() + 2);
    private final ExecutorService monitorWorkers = boundedPool("agent-monitor", 4);
    private final Map<String, CompletableFuture<Void>> perResource = new ConcurrentHashMap<>();
    /** Resources running here, in the order they were started (or found by a probe). */
    private final Map<String, ActionRequest> running = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Of those, the ones in the promoted role (promoted here, or a monitor answered 8): demoted before a stop. */
    private final Set<String> promoted = ConcurrentHashMap.newKeySet();
    private final Map<String, Recurring> monitors = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastMonitorRc = new ConcurrentHashMap<>();
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private volatile Link link = Link.CONNECTED;
    private volatile String policy;
    private volatile long lastAskNanos;
    /** Frozen by a global outage: when a peer was first seen reaching the API again (-1: not yet). */
    private volatile long peerBackNanos = -1;
    /** HACluster spec.lease (the config's until the HACluster is read): announced from the next renewal on. */
    private volatile LeaseTiming wantedTiming;
    /** The VIPs' kernel lifetime in seconds: never longer than the lease the operator last saw. */
    private volatile long vipLifetime;
    /** The renewals, at the renew interval of the timing in force (touched by the renewal thread only). */
    private ScheduledFuture<?> renewals;
    private long renewPeriodMs;
    /** Serialises changes of link between the renewal and the watchdog threads. */
    private final Object linkLock = new Object();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile SharedIndexInformer<ResourceAction> actions;
    /** HANode spec.maintenance / HACluster maintenanceMode: neither monitor nor stop anything. */
    private volatile boolean nodeMaintenance;
    private volatile boolean clusterMaintenance;
    private volatile boolean nodeStandby;
    /** The watchdog fed while this agent is not isolated (watchdog-device), or null. */
    private final Watchdog watchdog;

    public NodeAgent(AgentConfig cfg, KubernetesClient client, KubernetesClient leaseClient) throws IOException {
        this.cfg = cfg;
        this.client = client;
        this.wantedTiming = cfg.leaseTiming();
        this.vipLifetime = wantedTiming.seconds();
        this.vips = new NativeIPaddr2(() -> vipLifetime);
        this.executor = new Executor(cfg.roots(), new FenceAgents(cfg.fenceRoots()), Map.of(NativeIPaddr2.AGENT, vips));
        this.metrics = new AgentMetrics(cfg.node());
        if (cfg.metricsListen() != null) {
            metrics.serve(cfg.metricsListen());
        }
        this.status = new NodeStatus(client, cfg.namespace(), cfg.node(), VERSION, AvailableAgents.list(cfg.roots()));
        this.policy = cfg.noQuorumPolicy() == null ? "stop" : cfg.noQuorumPolicy();
        this.lease = new LeaseKeeper(leaseClient, cfg.namespace(), cfg.node(), wantedTiming);
        // healthy while not isolated: a global outage (every peer cut off too) freezes, and keeps feeding, as it keeps
        // what runs here; the operator fences by watchdog only while another node is online
        this.watchdog = cfg.watchdogDevice() == null ? null
                : new Watchdog(cfg.watchdogDevice(), cfg.watchdogTimeoutMs(), () -> link != Link.ISOLATED);
        // 0 when none, never absent: the status is merge-patched, and a field left out would keep what an earlier
        // agent with a watchdog wrote there (the operator would wait for a reset that never comes)
        status.watchdog(watchdog == null ? 0L : watchdog.timeoutMs());
        this.failsafe = cfg.failsafeListen() == null ? null
                : new Failsafe(cfg.node(), Files.readAllBytes(cfg.secretFile()), cfg.failsafeListen(),
                        // A peer reaches the API if it renewed within 1.5 renew intervals: a connected
                        // peer always has (margin: half an interval of latency), while one cut at the
                        // same moment as the asker is at least lease duration minus two intervals past
                        // its last renewal when asked (2 intervals would leave a margin of a few ms).
                        () -> lease.millisSinceRenewal() < lease.timing().renewIntervalMs() * 3 / 2);
    }

    public Link link() {
        return link;
    }

    /** Frozen by a global outage, a peer has answered that it reaches the API again: the renewal is being retried. */
    boolean heardAPeerBack() {
        return peerBackNanos >= 0;
    }

    /** Resources this agent believes run here, in start order. */
    public List<String> running() {
        synchronized (running) {
            return List.copyOf(running.keySet());
        }
    }

    /**
     * Joins: the first lease renewal must get through before anything else, so isolation is never judged
     * from a renewal that did not happen (a cold JVM on a busy machine can take seconds for its first
     * request). Then renewals and the watchdog run, the primitives are probed, and actions are watched.
     */
    public void start() throws InterruptedException {
        while (!renewLease(wantedTiming)) {
            LOG.warning("cannot renew the lease yet; waiting for the API server");
            Thread.sleep(wantedTiming.renewIntervalMs());
        }
        scheduleRenewals(lease.timing().renewIntervalMs());
        if (watchdog != null) {
            watchdog.start(); // armed only once joined: an agent that never joined never fed it
        }
        timers.scheduleAtFixedRate(this::watchdog, 50, 50, TimeUnit.MILLISECONDS);
        informers.add(client.resources(HACluster.class).inNamespace(cfg.namespace()).inform(handler(this::clusterChanged), 30_000));
        informers.add(client.resources(HANode.class).inNamespace(cfg.namespace()).withName(cfg.node())
                .inform(handler(this::nodeChanged), 30_000));
        probeConfiguredPrimitives();
        actions = client.resources(ResourceAction.class).inNamespace(cfg.namespace()).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ResourceAction ra) {
                dispatch(ra);
            }

            @Override
            public void onUpdate(ResourceAction old, ResourceAction ra) {
                dispatch(ra);
            }

            @Override
            public void onDelete(ResourceAction ra, boolean unknown) {
                String uid = ra.getMetadata().getUid() + "/";
                handled.removeIf(k -> k.startsWith(uid));
            }
        }, 30_000);
        informers.add(actions);
        LOG.info(() -> "agent " + VERSION + " for " + cfg.node() + " in " + cfg.namespace() + " started; no-quorum-policy=" + policy);
    }

    /** The HACluster's lease timing, no-quorum-policy (else the configured one) and maintenance-mode, kept current. */
    private void clusterChanged(HACluster c) {
        HAClusterSpec.LeaseSettings l = c.getSpec() == null ? null : c.getSpec().lease;
        try {
            LeaseTiming t = LeaseTiming.of(l);
            if (!t.equals(wantedTiming)) {
                LOG.info(() -> "HACluster " + c.getMetadata().getName() + " spec.lease: " + t + ", from the next renewal on");
                wantedTiming = t;
            }
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "HACluster " + c.getMetadata().getName() + " spec.lease ignored, keeping " + wantedTiming + ": " + e.getMessage());
        }
        HAClusterSpec.ClusterProperties p = c.getSpec() == null ? null : c.getSpec().properties;
        policy = p != null && p.noQuorumPolicy != null ? p.noQuorumPolicy.name()
                : cfg.noQuorumPolicy() == null ? "stop" : cfg.noQuorumPolicy();
        clusterMaintenance = p != null && Boolean.TRUE.equals(p.maintenanceMode);
        publishState();
    }

    private void nodeChanged(HANode n) {
        nodeMaintenance = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().maintenance);
        nodeStandby = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().standby);
        publishState();
    }

    /** HANode status.state as crm_mon would show the node; Ready while the lease is being renewed. */
    private void publishState() {
        boolean connected = link == Link.CONNECTED;
        status.state(!connected ? "isolated" : maintenance() ? "maintenance" : nodeStandby ? "standby" : "online", connected);
    }

    public boolean maintenance() {
        return nodeMaintenance || clusterMaintenance;
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T t) {
                onChange.accept(t);
            }

            @Override
            public void onUpdate(T old, T t) {
                onChange.accept(t);
            }

            @Override
            public void onDelete(T t, boolean unknown) {
            }
        };
    }

    // ---- lease, isolation, failsafe ----

    private void scheduleRenewals(long periodMs) {
        renewPeriodMs = periodMs;
        renewals = timers.scheduleAtFixedRate(this::renewTick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void renewTick() {
        LeaseTiming next = wantedTiming;
        if (next.seconds() < vipLifetime) {
            // a shorter lease: the VIPs get the shorter lifetime before the operator is told, so a node that
            // dies right after the renewal still loses them before the operator may start them elsewhere
            vipLifetime = next.seconds();
            refreshVips();
        }
        if (!renewLease(next)) {
            return;
        }
        vipLifetime = next.seconds();
        if (next.renewIntervalMs() != renewPeriodMs) {
            renewals.cancel(false);
            scheduleRenewals(next.renewIntervalMs());
        }
        synchronized (linkLock) {
            if (link != Link.CONNECTED) {
                LOG.info("API reachable again; lease renewed");
                link = Link.CONNECTED;
                publishState();
                // the actions that arrived meanwhile were left for now: run them now, not at the next resync
                if (actions != null) {
                    workers.execute(() -> actions.getStore().list().forEach(this::dispatch));
                }
            }
        }
        refreshVips();
        status.flush();
    }

    private boolean renewLease(LeaseTiming timing) {
        long sent = System.nanoTime();
        boolean ok = lease.renew(timing);
        metrics.leaseRenewal(System.nanoTime() - sent, ok);
        return ok;
    }

    /** Every operation goes through here, so each one is measured once. */
    private ActionResult run(ActionRequest req) {
        ActionResult res = executor.run(req);
        metrics.operation(req, res);
        return res;
    }

    private void watchdog() {
        try {
            if (!lease.overdue()) {
                return;
            }
            if (link == Link.ISOLATED) {
                if (!policy.equals("stop") || maintenance()) {
                    refreshVips();
                } else if (!running.isEmpty() && System.nanoTime() - lastAskNanos >= lease.timing().renewIntervalMs() * 1_000_000) {
                    // a stop that failed is tried again, every renew interval, until it succeeds
                    lastAskNanos = System.nanoTime();
                    synchronized (linkLock) {
                        if (link == Link.ISOLATED) {
                            stopAll();
                        }
                    }
                }
                return;
            }
            if (link == Link.OUTAGE_FROZEN && System.nanoTime() - lastAskNanos < lease.timing().renewIntervalMs() * 1_000_000) {
                refreshVips();
                return;
            }
            lastAskNanos = System.nanoTime();
            Failsafe.Verdict v = policy.equals("ignore") || failsafe == null ? Failsafe.Verdict.ISOLATED
                    : failsafe.ask(cfg.peers(), cfg.failsafeTimeoutMs());
            synchronized (linkLock) {
                // the peers were asked without the lock: a renewal may have got through meanwhile
                if (lease.overdue()) {
                    apply(v);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "watchdog failed", e);
        }
    }

    private void apply(Failsafe.Verdict v) {
        if (v == Failsafe.Verdict.GLOBAL_OUTAGE) {
            if (link != Link.OUTAGE_FROZEN) {
                LOG.warning("lease not renewed and every peer is cut off too: global API outage, freezing");
                peerBackNanos = -1; // first: whoever sees the link frozen sees no peer back from an earlier outage
                link = Link.OUTAGE_FROZEN;
            }
            // alive and frozen: keep the VIPs' kernel lifetimes from running out
            refreshVips();
            return;
        }
        if (link == Link.OUTAGE_FROZEN && stillRetryingAfterOutage()) {
            refreshVips();
            return;
        }
        LOG.warning(() -> "lease not renewed for " + lease.millisSinceRenewal() + " ms and a peer reaches the API"
                + " or cannot be reached: isolated, applying no-quorum-policy=" + policy);
        link = Link.ISOLATED;
        publishState();
        if (policy.equals("stop") && !maintenance()) {
            stopAll();
        } else {
            // freeze, ignore, or maintenance (which stops nothing): keep the VIPs while alive
            refreshVips();
        }
    }

    /**
     * At the end of a global outage the peers' renewals get through one by one: the first peer back must not make
     * a node still frozen by the same outage isolate itself (and stop what it runs) a moment before its own renewal
     * gets through. The operator counts every lease afresh from the first renewal after such an outage (Membership),
     * so the frozen node keeps retrying for a lease duration less what it cannot know: up to one renew interval
     * and one failsafe round between the peer's renewal and this node hearing of it.
     */
    private boolean stillRetryingAfterOutage() {
        long now = System.nanoTime();
        if (peerBackNanos < 0) {
            peerBackNanos = now;
            LOG.warning("a peer reaches the API again after the global outage: retrying the renewal before isolating");
        }
        long graceMs = lease.timing().durationMs() - lease.timing().renewIntervalMs() - cfg.failsafeTimeoutMs();
        return now - peerBackNanos < graceMs * 1_000_000;
    }

    private void refreshVips() {
        try {
            for (String gone : vips.refreshAll()) {
                stoppedWithLifetime(gone, new ActionResult(ActionResult.Status.DONE, Ocf.NOT_RUNNING, Ocf.NOT_RUNNING,
                        NativeIPaddr2.LAPSED_REASON, "", "", Instant.now(), 0));
            }
        } catch (NetlinkException e) {
            LOG.log(Level.WARNING, "VIP lifetime refresh failed", e);
        }
    }

    /**
     * A VIP whose kernel lifetime ran out (this node's lease was not renewed in time) is stopped, not failed: the
     * operator has judged the node lost and placed the VIP elsewhere. Its monitors end, and the result is recorded
     * as a probe's (monitor/0), which counts no failure; a recurring monitor's rc 7 would count one on a node the
     * resource had already left.
     */
    private void stoppedWithLifetime(String resource, ActionResult res) {
        cancelMonitors(resource);
        running.remove(resource);
        LOG.warning(() -> "VIP " + resource + " stopped: " + res.exitReason());
        status.record(resource, "monitor", 0, res);
    }

    /** no-quorum-policy=stop: VIPs first (netlink, milliseconds), then the rest in reverse start order. */
    void stopAll() {
        monitors.values().forEach(Recurring::cancel);
        monitors.clear();
        List<ActionRequest> order;
        synchronized (running) {
            order = new ArrayList<>(running.values());
        }
        Collections.reverse(order);
        List<ActionRequest> vipsFirst = new ArrayList<>(order.stream().filter(r -> r.agent().toString().equals(NativeIPaddr2.AGENT)).toList());
        order.stream().filter(r -> !r.agent().toString().equals(NativeIPaddr2.AGENT)).forEach(vipsFirst::add);
        for (ActionRequest r : vipsFirst) {
            if (promoted.contains(r.resource())) {
                // as Pacemaker does: a promoted resource is demoted before it is stopped (Stateful refuses
                // to stop while promoted, rc 8, and the isolated node would keep it promoted for ever)
                ActionResult demoted = run(r.withAction(Action.DEMOTE, 0));
                status.record(r.resource(), "demote", 0, demoted);
                if (demoted.succeeded(Action.DEMOTE)) {
                    promoted.remove(r.resource());
                }
                LOG.warning(() -> "isolated: demoted " + r.resource() + ": " + demoted.rcText());
            }
            ActionRequest stop = r.withAction(Action.STOP, 0);
            ActionResult res = run(stop);
            if (res.succeeded(Action.STOP)) {
                running.remove(r.resource());
                promoted.remove(r.resource());
            }
            status.record(r.resource(), "stop", 0, res);
            LOG.warning(() -> "isolated: stopped " + r.resource() + ": " + res.rcText());
        }
    }

    // ---- actions ----

    private void dispatch(ResourceAction ra) {
        ResourceActionSpec spec = ra.getSpec();
        if (spec == null || !cfg.node().equals(spec.node)) {
            return;
        }
        Long gen = ra.getMetadata().getGeneration();
        ResourceActionStatus st = ra.getStatus();
        if (st != null && st.observedGeneration != null && gen != null && st.observedGeneration >= gen) {
            return;
        }
        if (link != Link.CONNECTED) {
            // frozen or isolated: start nothing now; dispatched again when the link is back
            return;
        }
        if (!handled.add(ra.getMetadata().getUid() + "/" + gen)) {
            return;
        }
        if (spec.action == ResourceActionSpec.Action.fence && spec.meta != null
                && cfg.node().equals(spec.meta.get(FenceAgents.TARGET))) {
            selfFence(ra);
            return;
        }
        perResource.compute(spec.resource, (k, prev) ->
                (prev == null ? CompletableFuture.<Void>completedFuture(null) : prev)
                        .thenRunAsync(() -> execute(ra), workers)
                        .exceptionally(e -> {
                            LOG.log(Level.SEVERE, "action " + ra.getMetadata().getName() + " failed to run", e);
                            return null;
                        }));
    }

    private void execute(ResourceAction ra) {
        ResourceActionSpec spec = ra.getSpec();
        String name = ra.getMetadata().getName();
        Action action = Action.parse(spec.action == ResourceActionSpec.Action.meta_data ? "meta-data"
                : spec.action == ResourceActionSpec.Action.validate_all ? "validate-all" : spec.action.name());
        ResourceActionStatus running = new ResourceActionStatus();
        running.phase = "Running";
        running.startTime = now();
        writeActionStatus(name, running);
        ActionResult res;
        ActionRequest req;
        try {
            req = new ActionRequest(spec.resource, agentRef(spec.resourceClass, spec.provider, spec.type), action, spec.params,
                    spec.meta, Durations.toMillis(spec.interval), timeout(spec.timeout));
            if (action == Action.STOP) {
                cancelMonitors(spec.resource);
            }
            res = run(req);
        } catch (IllegalArgumentException e) {
            req = null;
            res = new ActionResult(ActionResult.Status.REJECTED, Ocf.ERR_CONFIGURED, -1, e.getMessage(), "", "", Instant.now(), 0);
        }
        ResourceActionStatus st = new ResourceActionStatus();
        st.observedGeneration = ra.getMetadata().getGeneration();
        st.phase = res.status() == ActionResult.Status.TIMED_OUT ? "TimedOut" : res.succeeded(action) ? "Succeeded" : "Failed";
        st.rc = res.rc();
        st.rcText = res.rcText();
        st.exitReason = res.exitReason().isEmpty() ? null : res.exitReason();
        st.outputTail = action == Action.META_DATA ? res.stdout() : res.outputTail();
        st.startTime = res.startTime().truncatedTo(ChronoUnit.MILLIS).toString();
        st.completionTime = now();
        st.durationMs = res.durationMs();
        st.setCondition(new Condition(Condition.READY, st.phase.equals("Succeeded") ? Condition.TRUE : Condition.FALSE,
                st.phase, action.wireName() + " " + spec.resource + ": " + res.rcText()
                        + (st.exitReason == null ? "" : " (" + st.exitReason + ")"), st.observedGeneration, st.completionTime));
        if (req != null) {
            track(req, res);
        }
        writeActionStatus(name, st);
        // a fence is no operation of the device's resource: its result is the ResourceAction's status alone
        if (action != Action.META_DATA && action != Action.FENCE) {
            status.record(spec.resource, action.wireName(), req == null ? 0 : req.intervalMs(), res);
        } else if (req != null && res.succeeded(action)) {
            status.describe(req.agent().toString(), MetaData.parse(res.stdout()));
        }
    }

    /**
     * A fence of this very node (the operator's watchdog fence: no device can fence it): it stops feeding its
     * watchdog, which resets the machine within watchdog-timeout; the operator takes the fence as done once
     * stonith-watchdog-timeout has passed. Without a watchdog it cannot, and says so: the fence fails.
     */
    private void selfFence(ResourceAction ra) {
        ResourceActionStatus st = new ResourceActionStatus();
        st.startTime = now();
        if (watchdog == null) {
            st.observedGeneration = ra.getMetadata().getGeneration();
            st.phase = "Failed";
            st.rc = 1;
            st.rcText = "error";
            st.exitReason = "asked to self-fence, but this agent feeds no watchdog (watchdog-device in agent.conf)";
            st.completionTime = st.startTime;
            LOG.severe(() -> ra.getMetadata().getName() + ": " + st.exitReason);
        } else {
            watchdog.selfFence("asked to by " + ra.getMetadata().getName());
            st.phase = "Running"; // completed by the operator: this node will not be there to
        }
        if (ra.getStatus() == null || ra.getStatus().phase == null) {
            writeActionStatus(ra.getMetadata().getName(), st);
        }
    }

    /** Keeps the local picture (what runs here, which monitors recur) in line with a result. */
    private void track(ActionRequest req, ActionResult res) {
        String r = req.resource();
        trackRole(req, res);
        switch (req.action()) {
            case START, PROMOTE, DEMOTE -> {
                if (res.succeeded(req.action())) {
                    running.putIfAbsent(r, req);
                }
            }
            case STOP -> {
                if (res.succeeded(Action.STOP)) {
                    running.remove(r);
                }
            }
            case MONITOR, PROBE -> {
                if (res.rc() == Ocf.SUCCESS || res.rc() == Ocf.RUNNING_PROMOTED || res.rc() == Ocf.DEGRADED
                        || res.rc() == Ocf.DEGRADED_PROMOTED) {
                    running.putIfAbsent(r, req);
                }
                if (req.action() == Action.MONITOR && req.intervalMs() > 0) {
                    recur(req, res.rc());
                }
            }
            default -> { }
        }
    }

    /** Whether a resource is promoted here, from what its actions (and monitors) answered. */
    private void trackRole(ActionRequest req, ActionResult res) {
        String r = req.resource();
        switch (req.action()) {
            case PROMOTE -> {
                if (res.succeeded(Action.PROMOTE)) {
                    promoted.add(r);
                }
            }
            case DEMOTE, STOP -> {
                if (res.succeeded(req.action())) {
                    promoted.remove(r);
                }
            }
            case MONITOR, PROBE -> {
                if (res.rc() == Ocf.RUNNING_PROMOTED || res.rc() == Ocf.DEGRADED_PROMOTED) {
                    promoted.add(r);
                } else if (res.rc() == Ocf.SUCCESS || res.rc() == Ocf.DEGRADED || res.rc() == Ocf.NOT_RUNNING) {
                    promoted.remove(r);
                }
            }
            default -> { }
        }
    }

    /**
     * Cancels a resource's recurring monitors before its stop, as Pacemaker's executor does: a monitor still running
     * when the stop begins would otherwise report the stop's own effect ("not running") as a failure.
     */
    private void cancelMonitors(String resource) {
        monitors.entrySet().removeIf(e -> {
            boolean mine = e.getKey().startsWith(resource + "/");
            if (mine) {
                e.getValue().cancel();
                status.forgetMonitor(resource, Long.parseLong(e.getKey().substring(resource.length() + 1)));
            }
            return mine;
        });
    }

    /**
     * A recurring monitor: any change of rc is written to HANode status at once. As in Pacemaker's executor, the
     * next run starts an interval after the previous one ended, so two runs never overlap: a run that hangs until its
     * timeout is not overtaken by the next one (whose pass would follow the timeout's failure in the same second).
     */
    private void recur(ActionRequest req, int firstRc) {
        String key = req.resource() + "/" + req.intervalMs();
        lastMonitorRc.put(key, firstRc);
        Recurring r = new Recurring(req, key);
        Recurring old = monitors.put(key, r);
        if (old != null) {
            old.cancel();
        }
        r.scheduleNext();
    }

    /** One recurring monitor; cancelled, its run in progress (if any) is void and no next run is scheduled. */
    private final class Recurring {
        private final ActionRequest req;
        private final String key;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        Recurring(ActionRequest req, String key) {
            this.req = req;
            this.key = key;
        }

        void scheduleNext() {
            if (!cancelled) {
                next = timers.schedule(() -> monitorWorkers.execute(this::runOnce), req.intervalMs(), TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }

        private void runOnce() {
            try {
                if (!cancelled && !maintenance()) { // (a run scheduled as it was cancelled does not run)
                    report(run(req));
                }
            } finally {
                scheduleNext();
            }
        }

        private void report(ActionResult res) {
            if (cancelled || monitors.get(key) != this) {
                return; // cancelled while it ran (a stop began, or the monitor was replaced): its result is void
            }
            if (NativeIPaddr2.lapsed(res)) {
                stoppedWithLifetime(req.resource(), res);
                return;
            }
            trackRole(req, res);
            Integer before = lastMonitorRc.put(key, res.rc());
            if (before == null || before != res.rc()) {
                LOG.info(() -> "monitor " + req.resource() + " changed: rc " + before + " -> " + res.rc() + " " + res.rcText());
                status.record(req.resource(), "monitor", req.intervalMs(), res);
            }
        }
    }

    private void writeActionStatus(String name, ResourceActionStatus st) {
        try {
            client.resources(ResourceAction.class).inNamespace(cfg.namespace()).withName(name).editStatus(ra -> {
                ra.setStatus(st);
                return ra;
            });
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "cannot write status of ResourceAction " + name, e);
        }
    }

    /** A restarted agent must not start a second copy: ask every configured primitive whether it runs here. */
    private void probeConfiguredPrimitives() {
        List<Primitive> prims;
        try {
            prims = client.resources(Primitive.class).inNamespace(cfg.namespace()).list().getItems();
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "cannot list primitives to probe", e);
            return;
        }
        for (Primitive p : prims) {
            PrimitiveSpec s = p.getSpec();
            if (s == null) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            if (s.params != null) {
                s.params.forEach((k, v) -> params.put(k, v.getStrVal() != null ? v.getStrVal() : String.valueOf(v.getIntVal())));
            }
            String name = p.getMetadata().getName();
            ActionRequest probe;
            try {
                probe = new ActionRequest(name, agentRef(s.resourceClass, s.provider, s.type), Action.PROBE, params, Map.of(),
                        0, timeout(monitorTimeout(s)));
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "cannot probe " + name + ": " + e.getMessage());
                continue;
            }
            ActionResult res = run(probe);
            track(probe, res);
            status.record(name, "probe", 0, res);
        }
    }

    private static String monitorTimeout(PrimitiveSpec s) {
        if (s.operations != null) {
            for (Operation o : s.operations) {
                if (o.name == Operation.Name.monitor && o.timeout != null) {
                    IntOrString t = o.timeout;
                    return t.getStrVal() != null ? t.getStrVal() : String.valueOf(t.getIntVal());
                }
            }
        }
        return null;
    }

    private long timeout(String t) {
        long ms = Durations.toMillis(t);
        return ms > 0 ? ms : cfg.defaultTimeoutMs();
    }

    private static AgentRef agentRef(PrimitiveSpec.ResourceClass c, String provider, String type) {
        return new AgentRef(AgentClass.parse(c.name()), provider, type);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static ExecutorService boundedPool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static String versionOf() {
        String v = NodeAgent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.close();
        }
        timers.shutdownNow();
        workers.shutdownNow();
        monitorWorkers.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
        if (failsafe != null) {
            failsafe.close();
        }
        status.close();
        metrics.close();
    }
}
