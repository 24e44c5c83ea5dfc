package dev.baton.cli;

import dev.baton.cib.Injections;
import dev.baton.cib.LiveState;
import dev.baton.cib.Simulation;
import dev.baton.cib.Snapshot;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.CliException;
import dev.baton.cli.kube.KubeOptions;
import dev.baton.cib.ClusterStatus.NodeInfo;
import dev.baton.cib.ClusterStatus.ResourceInfo;
import dev.baton.cli.status.StatusText;
import dev.baton.scheduler.Action;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.Score;
import dev.baton.scheduler.TransitionGraph;
import dev.baton.scheduler.model.Clone;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.ResourceHistory;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kubectl baton simulate} (crm_simulate): what the scheduler would do with a cluster, without
 * doing it. The cluster is the live namespace (read as the operator reads it), a GitSource's
 * revision of it, or files; the state can be modified first (a node lost, an operation failed).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Show where resources would run and the transition that gets them there (crm_simulate).",
            "Without --cib, --crm or --from: the live cluster of the namespace, with its reported state."})
final class SimulateCommand extends BatonCommand {
    enum Format { text, json }

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    ModelSource files;

    @Mixin
    KubeOptions kube;

    @Option(names = "--git-source", paramLabel = "NAME",
            description = "Simulate the configuration GitSource NAME would apply (in place of what it manages now).")
    String gitSource;

    @Option(names = "--revision", paramLabel = "REV",
            description = "With --git-source: a commit, tag or branch of the source (default: the head of its ref).")
    String revision;

    @Option(names = "--node-fail", paramLabel = "NODE", description = "The node is lost (what it ran is stopped). Repeatable.")
    List<String> nodeFails = new ArrayList<>();

    @Option(names = "--op-fail", paramLabel = "RSC:OP:NODE:RC",
            description = "A failed result of OP (start, stop, monitor, promote, demote, probe) of RSC on NODE with "
                    + "exit code RC is in the history (fail-count and migration-threshold apply). Repeatable.")
    List<String> opFails = new ArrayList<>();

    @Option(names = {"-g", "--ticket-grant"}, paramLabel = "TICKET",
            description = "The ticket is granted (crm_ticket --grant). Repeatable.")
    List<String> ticketGrants = new ArrayList<>();

    @Option(names = {"-r", "--ticket-revoke"}, paramLabel = "TICKET",
            description = "The ticket is revoked: what depends on it goes as its loss-policy says. Repeatable.")
    List<String> ticketRevokes = new ArrayList<>();

    @Option(names = {"-b", "--ticket-standby"}, paramLabel = "TICKET",
            description = "The ticket is put in standby (crm_ticket --standby). Repeatable.")
    List<String> ticketStandbys = new ArrayList<>();

    @Option(names = {"-e", "--ticket-activate"}, paramLabel = "TICKET",
            description = "The ticket leaves standby (crm_ticket --activate). Repeatable.")
    List<String> ticketActivates = new ArrayList<>();

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (expected.json's form).")
    Format output;

    @Option(names = {"-s", "--show-scores"}, description = "Print allocation scores with every contribution.")
    boolean showScores;

    @Override
    protected int execute() throws Exception {
        Injections injections;
        try {
            injections = Injections.parse(nodeFails, opFails).withTickets(Map.of(
                    Injections.TicketChange.GRANT, ticketGrants, Injections.TicketChange.REVOKE, ticketRevokes,
                    Injections.TicketChange.STANDBY, ticketStandbys, Injections.TicketChange.ACTIVATE, ticketActivates));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        ClusterModel current = load();
        ClusterModel model;
        try {
            model = injections.apply(current);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Decision d = Scheduler.schedule(model);
        PrintWriter out = out();
        if (output == Format.json) {
            Map<String, Object> root = Simulation.json(d, showScores);
            if (!injections.isEmpty()) {
                root.put("modifications", injections.describe(current));
            }
            out.print(Json.write(root));
        } else {
            out.print("Current cluster status:\n" + status(current) + "\n");
            if (!injections.isEmpty()) {
                out.print("Performing Requested Modifications:\n");
                injections.describe(current).forEach(m -> out.print("  * " + m + "\n"));
                out.print("\n");
            }
            if (showScores) {
                out.print(scores(d));
            }
            out.print(summary(d.graph()));
        }
        return 0;
    }

    private ClusterModel load() throws java.io.IOException {
        if (files != null) {
            if (gitSource != null) {
                throw CliException.usage("--git-source reads the live cluster: it cannot be combined with --cib, --crm or --from");
            }
            return files.load(err());
        }
        if (revision != null && gitSource == null) {
            throw CliException.usage("--revision " + revision + " needs --git-source NAME");
        }
        Instant now = Instant.now();
        Snapshot s = LiveState.read(kube.client(), kube.namespace());
        if (gitSource != null) {
            LiveCluster.Revision r = LiveCluster.revision(kube.client(), kube.namespace(), gitSource, revision);
            err().println("simulating revision " + r.commit() + " of GitSource " + gitSource + " (" + r.objects().size()
                    + " objects); nothing is applied");
            err().flush();
            s = LiveCluster.withRevision(s, r);
        }
        return LiveState.model(s, now);
    }

    /** The cluster before the modifications, in crm_mon's short form (what the history says runs where). */
    static String status(ClusterModel m) {
        List<NodeInfo> nodes = m.nodes().stream().map(n -> new NodeInfo(n.name(), !n.online() ? "offline"
                : n.maintenance() ? "maintenance" : n.standby() ? "standby" : "online", n.online(), null, null)).toList();
        List<ResourceInfo> resources = m.resources().stream().map(r -> info(m, r, true)).toList();
        return "  * Node List:\n" + StatusText.nodes(nodes, "    ") + "  * Full List of Resources:\n"
                + StatusText.resources(resources, "    ");
    }

    private static ResourceInfo info(ClusterModel m, Resource r, boolean managedAbove) {
        boolean managed = managedAbove && ClusterProperties.bool(meta(r).getOrDefault("is-managed",
                m.resourceDefaults().get("is-managed")), true);
        if (r instanceof Primitive p) {
            List<String> activeOn = new ArrayList<>();
            boolean failed = false;
            for (ResourceHistory h : m.history()) {
                if ((h.resource().equals(p.id()) || h.resource().startsWith(p.id() + ":")) && h.role().active()) {
                    activeOn.add(h.role().label() + "@" + h.node());
                    failed |= h.failed();
                }
            }
            String first = activeOn.isEmpty() ? null : activeOn.get(0);
            String role = first == null ? null : first.substring(0, first.indexOf('@'));
            return new ResourceInfo(p.id(), "primitive", p.agent(), failed ? "FAILED" : first == null ? "Stopped"
                    : "Started", first == null ? null : first.substring(first.indexOf('@') + 1), role, activeOn,
                    managed, false, List.of());
        }
        if (r instanceof Group g) {
            List<ResourceInfo> members = g.members().stream().map(x -> info(m, x, managed)).toList();
            ResourceInfo firstMember = members.isEmpty() ? null : members.get(0);
            return new ResourceInfo(g.id(), "group", null, firstMember == null ? "Stopped" : firstMember.state(),
                    firstMember == null ? null : firstMember.node(), null, List.of(), managed, false, members);
        }
        Clone c = (Clone) r;
        ResourceInfo child = info(m, c.child(), managed);
        List<String> activeOn = child.kind().equals("group") ? child.members().isEmpty() ? List.of()
                : child.members().get(0).activeOn() : child.activeOn();
        return new ResourceInfo(c.id(), "clone", null, activeOn.isEmpty() ? "Stopped" : "Started", null, null,
                activeOn, managed, c.promotable(), List.of(child));
    }

    private static Map<String, String> meta(Resource r) {
        return r instanceof Primitive p ? p.meta() : r instanceof Group g ? g.meta() : ((Clone) r).meta();
    }

    static String scores(Decision d) {
        StringBuilder b = new StringBuilder("Allocation scores:\n");
        d.placement().scores().forEach((rsc, perNode) -> perNode.forEach((node, e) -> {
            b.append(rsc).append(" allocation score on ").append(node).append(": ")
                    .append(Score.format(e.total())).append('\n');
            e.contributions().forEach(c -> b.append("    ").append(c).append('\n'));
        }));
        return b.append('\n').toString();
    }

    /** The transition summary in crm_simulate's layout. */
    static String summary(TransitionGraph g) {
        StringBuilder b = new StringBuilder("Transition Summary:\n");
        int width = g.summary().stream().filter(a -> a.resource() != null).mapToInt(a -> a.resource().length())
                .max().orElse(0);
        for (Action a : g.summary()) {
            if (a.task() != null) {
                // a node action: "* Fence (reboot) node3 'peer is no longer part of the cluster'"
                b.append("  * ").append(a.task()).append(' ').append(a.node()).append(" '").append(a.reason())
                        .append("'\n");
                continue;
            }
            String verb = Character.toUpperCase(a.action().charAt(0)) + a.action().substring(1);
            String where;
            if (a.node() != null) {
                where = a.role() != null && a.nextRole() != null ? a.role() + " -> " + a.nextRole() + " " + a.node()
                        : a.node();
            } else {
                String from = a.role() != null ? a.role() + " " + a.from() : a.from();
                String to = a.nextRole() != null ? a.nextRole() + " " + a.to() : a.to();
                where = from + " -> " + to;
            }
            b.append(String.format("  * %-10s %-" + width + "s ( %s )", verb, a.resource(), where));
            if (a.reason() != null) {
                b.append("  due to ").append(a.reason());
            }
            if (a.blocked()) {
                b.append(" blocked");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
