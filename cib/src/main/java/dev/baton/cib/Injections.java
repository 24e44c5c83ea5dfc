package dev.baton.cib;

import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Role;
import dev.baton.scheduler.model.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * crm_simulate's modifications of the cluster state before scheduling: {@code --node-fail NODE} (the
 * node is lost, as the operator treats a lost node: with fencing on and a device that may fence it, unclean — it is
 * fenced before what ran there starts elsewhere —, otherwise what it ran counts as stopped) and
 * {@code --op-fail RSC:OP:NODE:RC} (a failed result of that operation is in the history: the
 * resource is failed there, its fail-count grows, migration-threshold applies), and
 * {@code --ticket-grant/--ticket-revoke/--ticket-standby/--ticket-activate TICKET} (the ticket's state changed, as
 * crm_ticket would change it; a ticket need not exist yet, as crm_simulate makes one). Shared by {@code kubectl baton
 * simulate} and the console's what-if; a bad name or value is an IllegalArgumentException naming the option.
 */
public final class Injections {
    /** The operations an injected result may be of; probe is the one-time monitor (interval 0). */
    static final Set<String> OPERATIONS = Set.of("start", "stop", "monitor", "promote", "demote", "probe");

    record OpFail(String resource, String operation, String node, int rc) {
        /** crm_simulate's name of the result: rsc_op_intervalms@node=rc. */
        String describe(long intervalMs) {
            return resource + "_" + (operation.equals("probe") ? "monitor" : operation) + "_" + intervalMs + "@" + node
                    + "=" + rc;
        }
    }

    /** A change of a ticket's state, in crm_simulate's order: grants, revokes, standbys, activations. */
    public enum TicketChange {
        GRANT("Granting ticket %s"), REVOKE("Revoking ticket %s"), STANDBY("Making ticket %s standby"),
        ACTIVATE("Activating ticket %s");

        private final String words;

        TicketChange(String words) {
            this.words = words;
        }

        Ticket apply(Ticket t) {
            return switch (this) {
                case GRANT -> new Ticket(t.id(), true, t.standby());
                case REVOKE -> new Ticket(t.id(), false, t.standby());
                case STANDBY -> new Ticket(t.id(), t.granted(), true);
                case ACTIVATE -> new Ticket(t.id(), t.granted(), false);
            };
        }
    }

    record TicketOp(TicketChange change, String ticket) {
    }

    private final List<String> nodeFails;
    private final List<OpFail> opFails;
    private final List<TicketOp> tickets;

    private Injections(List<String> nodeFails, List<OpFail> opFails, List<TicketOp> tickets) {
        this.nodeFails = nodeFails;
        this.opFails = opFails;
        this.tickets = tickets;
    }

    /** Parses the options; the names are checked against the model in {@link #apply}. */
    public static Injections parse(List<String> nodeFails, List<String> opFails) {
        return new Injections(List.copyOf(nodeFails), opFails.stream().map(Injections::opFail).toList(), List.of());
    }

    /** These injections and ticket changes: each map's key is the change, its value the tickets (in order). */
    public Injections withTickets(Map<TicketChange, List<String>> changes) {
        List<TicketOp> out = new ArrayList<>(tickets);
        for (TicketChange c : TicketChange.values()) {
            for (String t : changes.getOrDefault(c, List.of())) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("--ticket-" + c.name().toLowerCase(java.util.Locale.ROOT)
                            + ": a ticket name is required");
                }
                out.add(new TicketOp(c, t));
            }
        }
        return new Injections(nodeFails, opFails, List.copyOf(out));
    }

    public boolean isEmpty() {
        return nodeFails.isEmpty() && opFails.isEmpty() && tickets.isEmpty();
    }

    /** RSC:OP:NODE:RC, split from the right (a clone instance's history is named rsc:N). */
    static OpFail opFail(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length < 4) {
            throw new IllegalArgumentException("--op-fail " + spec + ": expected RSC:OP:NODE:RC, e.g. www:monitor:compute-1:7");
        }
        String rc = p[p.length - 1];
        String node = p[p.length - 2];
        String op = p[p.length - 3];
        String rsc = String.join(":", java.util.Arrays.copyOf(p, p.length - 3));
        if (rsc.isEmpty() || node.isEmpty()) {
            throw new IllegalArgumentException("--op-fail " + spec + ": expected RSC:OP:NODE:RC, e.g. www:monitor:compute-1:7");
        }
        if (!OPERATIONS.contains(op)) {
            throw new IllegalArgumentException("--op-fail " + spec + ": operation '" + op + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(OPERATIONS)));
        }
        int code;
        try {
            code = Integer.parseInt(rc);
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("--op-fail " + spec + ": rc '" + rc + "' is not an exit code 0-255 (OCF: 1 generic"
                    + " error, 5 not installed, 7 not running, ...)");
        }
        return new OpFail(rsc, op, node, code);
    }

    /** Lines for "Performing Requested Modifications", in crm_simulate's words. */
    public List<String> describe(ClusterModel model) {
        List<String> out = new ArrayList<>();
        nodeFails.forEach(n -> out.add("Failing node " + n));
        tickets.forEach(t -> out.add(String.format(t.change().words, t.ticket())));
        opFails.forEach(f -> out.add("Injecting " + f.describe(interval(primitive(model, f.resource()), f))));
        return out;
    }

    /** The model with the injections applied; an unknown node or resource is a usage error naming it. */
    public ClusterModel apply(ClusterModel model) {
        Set<String> nodes = new java.util.HashSet<>(model.nodes().stream().map(Node::name).toList());
        for (String n : nodeFails) {
            if (!nodes.contains(n)) {
                throw new IllegalArgumentException("--node-fail " + n + ": no such node (nodes: "
                        + String.join(", ", model.nodes().stream().map(Node::name).sorted().toList()) + ")");
            }
        }
        // as SchedulerInput takes a LOST node: unclean where fencing is on and some device may fence it, or its
        // watchdog (have-watchdog, from stonith-watchdog-timeout: every node is taken to feed one, as each should)
        Set<String> toFence = new java.util.HashSet<>();
        if (model.properties().stonithEnabled()) {
            nodeFails.stream().filter(n -> model.properties().haveWatchdog() || model.resources().stream()
                    .anyMatch(r -> r instanceof Primitive p
                    && "stonith".equals(p.resourceClass()) && FenceDevices.mayFence(p.params(), n)))
                    .forEach(toFence::add);
        }
        List<Node> newNodes = model.nodes().stream().map(n -> !nodeFails.contains(n.name()) ? n
                : new Node(n.name(), false, n.standby(), n.maintenance(), n.shutdown(), n.attributes(),
                        n.utilization(), toFence.contains(n.name()) ? SchedulerInput.LEFT_MEMBERSHIP : null)).toList();
        Map<String, ResourceHistory> history = new LinkedHashMap<>();
        for (ResourceHistory h : model.history()) {
            history.put(h.resource() + "@" + h.node(), nodeFails.contains(h.node()) && !toFence.contains(h.node())
                    ? SchedulerInput.stoppedOnLostNode(h) : h);
        }
        for (OpFail f : opFails) {
            String arg = "--op-fail " + f.resource() + ":" + f.operation() + ":" + f.node() + ":" + f.rc();
            Primitive p = primitive(model, f.resource());
            if (p == null) {
                throw new IllegalArgumentException(arg + ": no primitive " + f.resource() + " in the configuration");
            }
            if (!nodes.contains(f.node())) {
                throw new IllegalArgumentException(arg + ": no such node " + f.node());
            }
            long interval = interval(p, f);
            if (f.operation().equals("monitor") && interval == 0) {
                throw new IllegalArgumentException(arg + ": " + p.id() + " has no recurring monitor (inject a probe result instead)");
            }
            OperationHistory.Op op = new OperationHistory.Op(f.resource(), f.node(),
                    f.operation().equals("probe") ? "monitor" : f.operation(), interval, f.rc(), null, null,
                    Instant.ofEpochSecond(model.now()));
            if (!op.failed()) {
                throw new IllegalArgumentException(arg + ": rc " + f.rc() + " is not a failure of " + f.operation());
            }
            String key = f.resource() + "@" + f.node();
            ResourceHistory was = history.getOrDefault(key, new ResourceHistory(f.resource(), f.node(), Role.STOPPED,
                    false, null, 0, 0, false, ResourceHistory.HardError.NONE, p.agent()));
            // a failed start may have left something running (it needs a stop); other failures keep the role
            Role role = op.operation().equals("start") ? Role.STARTED : was.role();
            int add = op.probe() ? 0 : op.operation().equals("start") && model.properties().startFailureIsFatal()
                    ? Score.INFINITY : 1;
            history.put(key, new ResourceHistory(f.resource(), f.node(), role, true, op.operation(),
                    Score.add(was.failCount(), add), model.now(), false, OperationHistory.hardError(op), was.agent()));
        }
        Map<String, Ticket> states = new LinkedHashMap<>(model.tickets());
        // a ticket no one has granted yet starts as Pacemaker's absent ticket: not granted, not in standby
        tickets.forEach(t -> states.put(t.ticket(), t.change().apply(states.getOrDefault(t.ticket(),
                new Ticket(t.ticket(), false, false)))));
        return new ClusterModel(newNodes, model.resources(), model.locations(), model.colocations(), model.orders(),
                model.properties(), model.resourceDefaults(), model.operationDefaults(),
                new ArrayList<>(history.values()), model.haveQuorum(), model.now(), model.ticketConstraints(),
                states);
    }

    /** The primitive a history name stands for (rsc, or the clone instance rsc:N). */
    static Primitive primitive(ClusterModel model, String name) {
        String id = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        for (Resource r : model.resources()) {
            Primitive p = find(r, id);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Primitive find(Resource r, String id) {
        if (r instanceof Primitive p) {
            return p.id().equals(id) ? p : null;
        }
        if (r instanceof Group g) {
            return g.members().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
        }
        return find(((Clone) r).child(), id);
    }

    /** The interval of the operation: the primitive's first recurring monitor for a monitor, else 0. */
    private static long interval(Primitive p, OpFail f) {
        if (p == null || !f.operation().equals("monitor")) {
            return 0;
        }
        return p.operations().stream().filter(o -> o.name().equals("monitor") && o.intervalMs() > 0)
                .mapToLong(dev.baton.scheduler.model.Operation::intervalMs).findFirst().orElse(0);
    }
}
