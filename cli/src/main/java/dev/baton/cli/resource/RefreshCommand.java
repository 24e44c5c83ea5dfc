package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.Primitive;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** crm_resource -R. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Have the nodes re-check a resource's state and history (crm_resource -R).",
                "Without RESOURCE: every resource."})
class RefreshCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE", arity = "0..1")
    String resource;

    @Override
    protected int execute() {
        List<Primitive> targets = resource == null ? config().primitives() : ref(resource).primitives();
        annotate(targets, Map.of(annotation(), now()));
        targets.forEach(p -> out().println(p.getMetadata().getName() + ": " + spec.name() + " requested"));
        return 0;
    }

    String annotation() {
        return Requests.REFRESH;
    }
}
