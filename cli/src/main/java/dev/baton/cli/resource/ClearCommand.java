package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.cib.MoveConstraints;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -U. */
@Command(name = "clear", aliases = "unmove", mixinStandardHelpOptions = true,
        description = "Remove the constraints move and ban created for a resource (crm_resource -U).")
final class ClearCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE")
    String resource;

    @Option(names = {"-N", "--node"}, paramLabel = "NODE", description = "Only the constraints on this node.")
    String node;

    @Override
    protected int execute() {
        ref(resource);
        List<LocationConstraint> mine = config().locations().stream()
                .filter(l -> MoveConstraints.belongsTo(l, resource))
                .filter(l -> node == null || node.equals(l.getSpec().node)).toList();
        if (mine.isEmpty()) {
            out().println("no move constraints for " + resource + (node == null ? "" : " on " + node));
        }
        for (LocationConstraint l : mine) {
            writes().deleteConstraint(l.getMetadata().getName());
            out().println("deleted LocationConstraint " + l.getMetadata().getName());
        }
        return 0;
    }
}
