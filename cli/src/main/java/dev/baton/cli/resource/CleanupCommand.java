package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.Primitive;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -C [-r RSC] [-N NODE]. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Clear a resource's fail-counts and failed operations, so it may run again where it failed",
                "(crm_resource -C; crm resource cleanup). Without RESOURCE: every resource."})
final class CleanupCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE", arity = "0..1")
    String resource;

    @Option(names = {"-N", "--node"}, paramLabel = "NODE", description = "Only on this node.")
    String node;

    @Override
    protected int execute() {
        if (node != null) {
            ResourceRef.requireNode(config(), node, kube.namespace());
        }
        List<Primitive> targets = resource == null ? config().primitives() : ref(resource).primitives();
        writes().cleanup(targets, node);
        targets.forEach(p -> out().println(p.getMetadata().getName() + ": cleanup requested" + (node == null ? "" : " on " + node)));
        return 0;
    }
}
