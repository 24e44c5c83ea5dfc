package dev.baton.cli.resource;

import dev.baton.cib.MoveConstraints;
import dev.baton.cli.kube.CliException;
import dev.baton.scheduler.importer.Durations;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * crm_resource -M [-N NODE] [-u LIFETIME] and -B: a move is a location constraint, as in Pacemaker;
 * it stays until cleared (or its lifetime ends), so the resource does not come back on its own.
 */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = {"Move a resource to NODE (constraint cli-prefer-RSC, score INFINITY), or, without --node,",
                "away from the node it runs on (cli-ban-RSC-on-NODE, -INFINITY) (crm_resource -M, -N, -u).",
                "The constraint stays until 'kubectl baton resource clear RSC' or the end of --lifetime."})
class MoveCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE")
    String resource;

    @Option(names = {"-N", "--node"}, paramLabel = "NODE", description = "The node to move to.")
    String node;

    @Option(names = {"-u", "--lifetime"}, paramLabel = "DURATION",
            description = "How long the constraint counts: 1h, 30min, PT1H (ISO 8601, as crm_resource -u).")
    String lifetime;

    @Override
    protected int execute() {
        ResourceRef r = ref(resource);
        r.requireTopLevel();
        String expires = expires();
        if (node == null) {
            return ban(r, runningNode(r), expires);
        }
        ResourceRef.requireNode(config(), node, kube.namespace());
        if (r.activeNodes().equals(Set.of(node))) {
            throw CliException.failed(resource + " already runs on " + node);
        }
        // a ban on the target node would make the move impossible: crm_resource --move clears it too
        String ban = MoveConstraints.banName(resource, node);
        if (config().locations().stream().anyMatch(l -> l.getMetadata().getName().equals(ban))) {
            writes().deleteConstraint(ban);
            out().println("deleted LocationConstraint " + ban);
        }
        write(MoveConstraints.preferName(resource), node, "INFINITY", expires);
        out().println("created LocationConstraint " + MoveConstraints.preferName(resource) + ": " + resource
                + " prefers " + node + " (INFINITY)" + until(expires));
        out().println("it stays until 'kubectl baton resource clear " + resource + "'" + (expires == null ? "" : " or " + expires));
        return 0;
    }

    int ban(ResourceRef r, String from, String expires) {
        ResourceRef.requireNode(config(), from, kube.namespace());
        String name = MoveConstraints.banName(resource, from);
        write(name, from, "-INFINITY", expires);
        out().println("created LocationConstraint " + name + ": " + resource + " banned from " + from + " (-INFINITY)"
                + until(expires));
        out().println("it stays until 'kubectl baton resource clear " + resource + "'" + (expires == null ? "" : " or " + expires));
        return 0;
    }

    String runningNode(ResourceRef r) {
        Set<String> active = r.activeNodes();
        if (active.isEmpty()) {
            throw CliException.failed(resource + " is not running anywhere; name a node with --node");
        }
        if (active.size() > 1) {
            throw CliException.usage(resource + " is active on " + String.join(", ", active) + "; name one with --node");
        }
        return active.iterator().next();
    }

    String expires() {
        if (lifetime == null) {
            return null;
        }
        long ms;
        try {
            ms = Durations.toMillis(lifetime);
        } catch (RuntimeException e) {
            ms = 0;
        }
        if (ms <= 0) {
            throw CliException.usage("--lifetime " + lifetime + " is not a positive duration (e.g. 1h, 30min, PT1H)");
        }
        return Instant.now().plusMillis(ms).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String until(String expires) {
        return expires == null ? "" : " until " + expires;
    }

    private void write(String name, String onNode, String score, String expires) {
        writes().constraint(name, resource, onNode, score, expires, CREATED_BY);
    }
}
