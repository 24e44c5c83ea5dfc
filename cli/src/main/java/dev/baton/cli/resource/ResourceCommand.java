package dev.baton.cli.resource;

import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.CliException;
import dev.baton.cli.kube.KubeOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kubectl baton resource}: crm_resource. Each operation is a subcommand; crm_resource's own short
 * flags work too ({@code resource -r www -W}) and are translated into the subcommand.
 */
@Command(name = "resource", mixinStandardHelpOptions = true,
        description = {"Resource operations, as crm_resource: a subcommand, or crm_resource's own flags,",
                "e.g. 'resource -r www -W' (locate), 'resource -r vip -M -N compute-2 -u 1h' (move).",
                "docs/crm_resource.md maps every flag."},
        subcommands = {ListCommand.class, OperationsCommand.class, DefinitionCommand.class, LocateCommand.class,
                ConstraintsCommand.class, ParamCommand.class, MoveCommand.class, BanCommand.class, ClearCommand.class,
                DeleteCommand.class, FailCommand.class, RefreshCommand.class, CleanupCommand.class, ReprobeCommand.class})
public final class ResourceCommand extends BatonCommand {
    @Mixin
    KubeOptions kube;

    @Option(names = {"-r", "--resource"}, paramLabel = "RSC", description = "The resource the flag acts on.")
    String resource;
    @Option(names = "-L", description = "List resources with their state (= list).")
    boolean listState;
    @Option(names = "-l", description = "List resource names (= list --raw).")
    boolean listRaw;
    @Option(names = "-O", description = "Operations of active resources (= operations).")
    boolean operations;
    @Option(names = "-o", description = "All operations (= operations --all).")
    boolean allOperations;
    @Option(names = "-q", description = "Definition (= definition).")
    boolean query;
    @Option(names = "-w", description = "Definition as stored (= definition --raw).")
    boolean queryRaw;
    @Option(names = "-W", description = "Where it runs (= locate).")
    boolean locate;
    @Option(names = "-a", description = "Its constraints (= constraints).")
    boolean constraints;
    @Option(names = "-A", description = "Its constraints, recursively (= constraints --recursive).")
    boolean stack;
    @Option(names = "-g", paramLabel = "NAME", description = "Get a parameter (= param RSC get NAME).")
    String getParam;
    @Option(names = "-p", paramLabel = "NAME", description = "Set a parameter to -v VALUE (= param RSC set NAME VALUE).")
    String setParam;
    @Option(names = "-d", paramLabel = "NAME", description = "Delete a parameter (= param RSC delete NAME).")
    String deleteParam;
    @Option(names = "-v", paramLabel = "VALUE", description = "The value for -p.")
    String value;
    @Option(names = "-m", description = "-g/-p/-d act on a meta attribute.")
    boolean meta;
    @Option(names = "-z", description = "-g/-p/-d act on a utilization value.")
    boolean utilization;
    @Option(names = "-M", description = "Move (= move).")
    boolean move;
    @Option(names = "-B", description = "Ban (= ban).")
    boolean ban;
    @Option(names = "-U", description = "Remove move/ban constraints (= clear).")
    boolean clear;
    @Option(names = "-D", description = "Delete the resource (= delete).")
    boolean delete;
    @Option(names = "-F", description = "Mark it failed (= fail).")
    boolean fail;
    @Option(names = "-R", description = "Refresh (= refresh).")
    boolean refresh;
    @Option(names = "-C", description = "Clean up (= cleanup).")
    boolean cleanup;
    @Option(names = "-P", description = "Re-probe (= reprobe).")
    boolean reprobe;
    @Option(names = "-N", paramLabel = "NODE", description = "The node for -M, -B, -U, -F, -C.")
    String node;
    @Option(names = "-u", paramLabel = "LIFETIME", description = "Lifetime of the -M/-B constraint.")
    String lifetime;
    @Option(names = "-t", paramLabel = "TYPE", description = "primitive, group or clone, for -D.")
    String type;
    @Option(names = "--force", description = "For -D: delete even while it runs.")
    boolean force;

    @Override
    protected int execute() {
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        choose(chosen, listState, "-L", "list");
        choose(chosen, listRaw, "-l", "list", "--raw");
        choose(chosen, operations, "-O", "operations", resource);
        choose(chosen, allOperations, "-o", "operations", "--all", resource);
        choose(chosen, query, "-q", "definition", rsc("-q"));
        choose(chosen, queryRaw, "-w", "definition", "--raw", rsc("-w"));
        choose(chosen, locate, "-W", "locate", rsc("-W"));
        choose(chosen, constraints, "-a", "constraints", rsc("-a"));
        choose(chosen, stack, "-A", "constraints", "--recursive", rsc("-A"));
        choose(chosen, getParam != null, "-g", "param", rsc("-g"), "get", getParam, where());
        choose(chosen, setParam != null, "-p", "param", rsc("-p"), "set", setParam, where(), "--", valueFor());
        choose(chosen, deleteParam != null, "-d", "param", rsc("-d"), "delete", deleteParam, where());
        choose(chosen, move, "-M", "move", rsc("-M"), nodeOpt(), lifetimeOpt());
        choose(chosen, ban, "-B", "ban", rsc("-B"), nodeOpt(), lifetimeOpt());
        choose(chosen, clear, "-U", "clear", rsc("-U"), nodeOpt());
        choose(chosen, delete, "-D", "delete", rsc("-D"), type == null ? null : "--type=" + type, force ? "--force" : null);
        choose(chosen, fail, "-F", "fail", rsc("-F"), nodeOpt());
        choose(chosen, refresh, "-R", "refresh", resource);
        choose(chosen, cleanup, "-C", "cleanup", resource, nodeOpt());
        choose(chosen, reprobe, "-P", "reprobe", resource);
        if (chosen.isEmpty()) {
            spec.commandLine().usage(out());
            return resource == null ? 0 : CliException.USAGE;
        }
        if (chosen.size() > 1) {
            throw CliException.usage("give one operation at a time, not " + String.join(" and ", chosen.keySet()));
        }
        List<String> argv = chosen.values().iterator().next();
        String verb = argv.get(0);
        // connection flags first: a parameter value may follow "--"
        List<String> rest = new ArrayList<>(kube.args());
        rest.addAll(argv.subList(1, argv.size()));
        return spec.subcommands().get(verb).execute(rest.toArray(String[]::new));
    }

    private static void choose(Map<String, List<String>> chosen, boolean given, String flag, String... argv) {
        if (given) {
            List<String> a = new ArrayList<>();
            for (String s : argv) {
                if (s != null) {
                    a.add(s);
                }
            }
            chosen.put(flag, a);
        }
    }

    /** Evaluated only when the flag was given (choose ignores the rest), so the error names the right flag. */
    private String rsc(String flag) {
        if (resource == null && isGiven(flag)) {
            throw CliException.usage(flag + " needs a resource: -r RSC");
        }
        return resource;
    }

    private boolean isGiven(String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    private String nodeOpt() {
        return node == null ? null : "--node=" + node;
    }

    private String lifetimeOpt() {
        return lifetime == null ? null : "--lifetime=" + lifetime;
    }

    private String where() {
        return meta ? "--meta" : utilization ? "--utilization" : null;
    }

    private String valueFor() {
        if (value == null && setParam != null) {
            throw CliException.usage("-p " + setParam + " needs a value: -v VALUE");
        }
        return value;
    }
}
