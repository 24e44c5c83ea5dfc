package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.cib.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -a / -A. */
@Command(name = "constraints", mixinStandardHelpOptions = true,
        description = {"Show a resource's constraints: locations, what it depends on (prerequisites) and what depends",
                "on it (dependents) through colocations, orders and groups (crm_resource -a);",
                "--recursive: follow prerequisites and dependents all the way (crm_resource -A)."})
final class ConstraintsCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE")
    String resource;

    @Option(names = {"-r", "--recursive"}, description = "The whole stack of prerequisites and dependents (-A).")
    boolean recursive;

    /** dependent runs with or after prerequisite, because of what {@code via} says. */
    record Link(String dependent, String prerequisite, String via) {
    }

    @Override
    protected int execute() {
        ref(resource);
        List<Link> links = links();
        out().println("Locations:");
        List<LocationConstraint> locs = config().locations().stream().filter(l -> resource.equals(l.getSpec().resource)).toList();
        if (locs.isEmpty()) {
            out().println("  * none");
        }
        for (LocationConstraint l : locs) {
            out().println("  * " + l.getMetadata().getName() + ": node " + l.getSpec().node + " score="
                    + Values.text(l.getSpec().score) + (l.getSpec().role == null ? "" : " role=" + l.getSpec().role)
                    + (l.getSpec().expires == null ? "" : " expires=" + l.getSpec().expires));
        }
        out().println("Prerequisites (" + resource + " runs with or after them):");
        tree(links, resource, true, "  ", new HashSet<>(Set.of(resource)));
        out().println("Dependents (they run with or after " + resource + "):");
        tree(links, resource, false, "  ", new HashSet<>(Set.of(resource)));
        return 0;
    }

    private void tree(List<Link> links, String from, boolean prerequisites, String indent, Set<String> seen) {
        List<Link> next = links.stream()
                .filter(l -> from.equals(prerequisites ? l.dependent() : l.prerequisite())).toList();
        if (next.isEmpty() && indent.equals("  ")) {
            out().println("  * none");
        }
        for (Link l : next) {
            String other = prerequisites ? l.prerequisite() : l.dependent();
            out().println(indent + "* " + other + ": " + l.via());
            if (recursive && seen.add(other)) {
                tree(links, other, prerequisites, indent + "  ", seen);
            }
        }
    }

    private List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (ColocationConstraint c : config().colocations()) {
            var s = c.getSpec();
            links.add(new Link(s.resource, s.withResource, "colocation " + c.getMetadata().getName() + " ("
                    + s.resource + " with " + s.withResource + ", score=" + Values.text(s.score) + ")"));
        }
        for (OrderConstraint o : config().orders()) {
            var s = o.getSpec();
            String first = s.firstAction == null ? "start" : s.firstAction.name();
            String then = s.thenAction == null ? first : s.thenAction.name();
            links.add(new Link(s.then, s.first, "order " + o.getMetadata().getName() + " (" + first + " " + s.first
                    + " then " + then + " " + s.then + ", " + (s.kind == null ? "Mandatory" : s.kind) + ")"));
        }
        for (ResourceGroup g : config().groups()) {
            List<String> m = g.getSpec().members;
            for (int i = 1; i < m.size(); i++) {
                links.add(new Link(m.get(i), m.get(i - 1), "group " + g.getMetadata().getName()
                        + " (" + m.get(i) + " with and after " + m.get(i - 1) + ")"));
            }
        }
        return links;
    }
}
