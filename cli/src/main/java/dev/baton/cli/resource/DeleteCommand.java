package dev.baton.cli.resource;

import dev.baton.cli.kube.CliException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -D [-t TYPE]. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a resource (crm_resource -D -t TYPE). Refuses while it runs: stop it first",
                "(resource param RSC set target-role Stopped --meta) or pass --force."})
final class DeleteCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE")
    String resource;

    @Option(names = {"-t", "--type"}, paramLabel = "primitive|group|clone", description = "Which kind, if the name is ambiguous.")
    ResourceRef.Kind type;

    @Option(names = "--force", description = "Delete even while it runs: its agent stops it without ordering.")
    boolean force;

    @Override
    protected int execute() {
        ResourceRef r = ResourceRef.find(config(), resource, type, kube.namespace());
        if (!r.activeNodes().isEmpty() && !force) {
            throw CliException.failed(resource + " is running on " + String.join(", ", r.activeNodes())
                    + "; stop it first ('kubectl baton resource param " + resource
                    + " set target-role Stopped --meta') or pass --force");
        }
        kube.client().resources(r.kind().type).withName(resource).delete();
        out().println("deleted " + r.object().getKind() + " " + resource);
        List<String> refs = references();
        if (!refs.isEmpty()) {
            err().println("warning: still referring to " + resource + " (now Ready=False): " + String.join(", ", refs));
        }
        return 0;
    }

    private List<String> references() {
        List<String> refs = new ArrayList<>();
        config().groups().stream().filter(g -> g.getSpec().members.contains(resource))
                .forEach(g -> refs.add("ResourceGroup/" + g.getMetadata().getName()));
        config().clones().stream().filter(c -> resource.equals(c.getSpec().resource))
                .forEach(c -> refs.add("Clone/" + c.getMetadata().getName()));
        config().locations().stream().filter(l -> resource.equals(l.getSpec().resource))
                .forEach(l -> refs.add("LocationConstraint/" + l.getMetadata().getName()));
        config().colocations().stream().filter(c -> resource.equals(c.getSpec().resource) || resource.equals(c.getSpec().withResource))
                .forEach(c -> refs.add("ColocationConstraint/" + c.getMetadata().getName()));
        config().orders().stream().filter(o -> resource.equals(o.getSpec().first) || resource.equals(o.getSpec().then))
                .forEach(o -> refs.add("OrderConstraint/" + o.getMetadata().getName()));
        return refs;
    }
}
