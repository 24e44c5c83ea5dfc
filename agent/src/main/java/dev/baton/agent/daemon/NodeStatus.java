package dev.baton.agent.daemon;

import dev.baton.agent.check.MetaData;
import dev.baton.agent.exec.ActionResult;
import dev.baton.agent.exec.Ocf;
import dev.baton.agent.net.Ipv4Addresses;
import dev.baton.agent.net.NetlinkException;
import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's HANode status, of which the agent is the only writer: per resource, the last result of
 * each operation (keyed by operation and interval, like Pacemaker's lrm history) and the last failure. Every recorded change
 * is written at once, on one writer thread; a write that fails (API unreachable) is retried at the next
 * {@link #flush()}.
 */
final class NodeStatus {
    private static final Logger LOG = Logger.getLogger(NodeStatus.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final String node;
    private final String version;
    private final List<String> availableAgents;
    private final Map<String, Map<String, HANodeStatus.OperationRecord>> history = new LinkedHashMap<>();
    /** Per resource, its last failed result (kept apart, as Pacemaker's last_failure: a later success replaces none). */
    private final Map<String, HANodeStatus.OperationRecord> lastFailures = new LinkedHashMap<>();
    private final Map<String, HANodeStatus.AgentParameters> agentParameters = new TreeMap<>();
    private final AtomicLong callIds = new AtomicLong();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "hanode-status"));
    private String state = "online";
    private boolean ready = true;
    private boolean dirty = true;
    private Long watchdogTimeoutMs;

    NodeStatus(KubernetesClient client, String namespace, String node, String version, List<String> availableAgents) {
        this.client = client;
        this.namespace = namespace;
        this.node = node;
        this.version = version;
        this.availableAgents = List.copyOf(availableAgents);
    }

    /** Records one result and writes the status now. */
    void record(String resource, String operation, long intervalMs, ActionResult r) {
        HANodeStatus.OperationRecord op = new HANodeStatus.OperationRecord();
        op.operation = operation;
        op.interval = interval(intervalMs);
        op.rc = r.rc();
        op.rcText = r.rcText();
        op.exitReason = r.exitReason().isEmpty() ? null : r.exitReason();
        op.callId = callIds.incrementAndGet();
        op.lastRun = r.startTime().truncatedTo(ChronoUnit.MILLIS).toString();
        op.durationMs = r.durationMs();
        op.status = switch (r.status()) {
            case DONE -> "done";
            case TIMED_OUT -> "timeout";
            case REJECTED, EXEC_ERROR -> "error";
        };
        synchronized (this) {
            history.computeIfAbsent(resource, k -> new LinkedHashMap<>()).put(operation + "/" + op.interval, op);
            if (op.failed()) {
                lastFailures.put(resource, op);
            }
            dirty = true;
        }
        flush();
    }

    /**
     * Removes a cancelled recurring monitor's result, as Pacemaker's controller deletes a cancelled recurring
     * operation from the node's history: the operator then knows the monitor no longer runs, and asks for it again
     * where the resource is still active (a stop that failed after the monitor was cancelled, then a cleanup). A
     * failed result stays: it is this node's record of the failure (Pacemaker keeps it apart, as last_failure),
     * shown in the failed actions until a cleanup. Written now.
     */
    void forgetMonitor(String resource, long intervalMs) {
        synchronized (this) {
            Map<String, HANodeStatus.OperationRecord> ops = history.get(resource);
            String key = "monitor/" + interval(intervalMs);
            HANodeStatus.OperationRecord op = ops == null ? null : ops.get(key);
            if (op == null || !"done".equals(op.status) || op.rc == null || op.rc != Ocf.SUCCESS && op.rc != Ocf.RUNNING_PROMOTED) {
                return;
            }
            ops.remove(key);
            dirty = true;
        }
        flush();
    }

    private static String interval(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Records what an agent's meta-data says it accepts (the operator checks Primitives against it). */
    void describe(String agent, MetaData md) {
        HANodeStatus.AgentParameters p = new HANodeStatus.AgentParameters();
        p.parameters = md.parameterNames();
        p.required = md.parameters().stream().filter(MetaData.Parameter::required).map(MetaData.Parameter::name).toList();
        synchronized (this) {
            agentParameters.put(agent, p);
            dirty = true;
        }
        flush();
    }

    /** The timeout of the watchdog this agent feeds (null: none), published for the operator's watchdog fencing. */
    synchronized void watchdog(Long timeoutMs) {
        watchdogTimeoutMs = timeoutMs;
        dirty = true;
    }

    void state(String s, boolean ready) {
        synchronized (this) {
            if (s.equals(state) && ready == this.ready) {
                return;
            }
            state = s;
            this.ready = ready;
            dirty = true;
        }
        flush();
    }

    /** Writes the status if anything changed since the last successful write. */
    void flush() {
        writer.execute(this::write);
    }

    private void write() {
        HANodeStatus st;
        boolean isReady;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            st = snapshot();
            isReady = ready;
        }
        try {
            var nodes = client.resources(HANode.class).inNamespace(namespace);
            HANode current = nodes.withName(node).get();
            if (current == null) {
                HANode n = new HANode();
                n.setMetadata(new ObjectMetaBuilder().withName(node).withNamespace(namespace).build());
                current = nodes.resource(n).create();
            }
            st.observedGeneration = current.getMetadata().getGeneration();
            Condition readyCondition = new Condition(Condition.READY, isReady ? Condition.TRUE : Condition.FALSE,
                    isReady ? "AgentRunning" : "AgentIsolated",
                    "agent " + version + " on " + node + " is " + st.state, st.observedGeneration,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            if (current.getStatus() != null) {
                st.conditions = current.getStatus().conditions == null ? null : new ArrayList<>(current.getStatus().conditions);
                if (current.getStatus().agentParameters != null) {
                    // what the installed agents accept outlives an agent restart: the operator asked once
                    Map<String, HANodeStatus.AgentParameters> all = new TreeMap<>(current.getStatus().agentParameters);
                    if (st.agentParameters != null) {
                        all.putAll(st.agentParameters);
                    }
                    st.agentParameters = all;
                }
            }
            st.setCondition(readyCondition);
            current.setStatus(st);
            current.getMetadata().setResourceVersion(null);
            nodes.resource(current).patchStatus();
        } catch (KubernetesClientException e) {
            synchronized (this) {
                dirty = true;
            }
            LOG.log(Level.FINE, "HANode status write failed, kept for the next flush", e);
        }
    }

    private HANodeStatus snapshot() {
        HANodeStatus st = new HANodeStatus();
        st.agentVersion = version;
        st.state = state;
        st.watchdogTimeoutMs = watchdogTimeoutMs;
        st.availableAgents = availableAgents;
        st.agentParameters = agentParameters.isEmpty() ? null : new TreeMap<>(agentParameters);
        st.networks = networks();
        st.resources = new ArrayList<>();
        history.forEach((res, ops) -> {
            HANodeStatus.ResourceHistory h = new HANodeStatus.ResourceHistory();
            h.resource = res;
            h.operations = new ArrayList<>(ops.values());
            h.lastFailure = lastFailures.get(res);
            st.resources.add(h);
        });
        return st;
    }

    /** The node's IPv4 addresses by interface (a label eth0:vip counts as eth0); null if netlink cannot say. */
    static Map<String, List<String>> networks() {
        try {
            Map<String, List<String>> out = new TreeMap<>();
            for (Ipv4Addresses.Entry e : Ipv4Addresses.list()) {
                String nic = e.label() == null || e.label().isEmpty() ? "if" + e.ifindex() : e.label().split(":", 2)[0];
                out.computeIfAbsent(nic, k -> new ArrayList<>()).add(e.address().getHostAddress() + "/" + e.prefix());
            }
            return out;
        } catch (NetlinkException e) {
            LOG.log(Level.FINE, "addresses not readable, not published", e);
            return null;
        }
    }

    void close() {
        writer.shutdown();
    }
}
