package dev.baton.cli.resource;

import dev.baton.cib.ClusterStatus;
import dev.baton.cli.status.StatusCommand;
import dev.baton.cli.status.StatusText;
import java.time.Instant;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** crm_resource -L / -l. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the resources with their state (crm_resource -L); --raw: only their names (-l).")
final class ListCommand extends ResourceVerb {
    @Option(names = "--raw", description = "Only the resource names, one per line (crm_resource -l).")
    boolean raw;

    @Override
    protected int execute() {
        if (raw) {
            TreeSet<String> names = new TreeSet<>();
            config().primitives().forEach(p -> names.add(p.getMetadata().getName()));
            config().groups().forEach(g -> names.add(g.getMetadata().getName()));
            config().clones().forEach(c -> names.add(c.getMetadata().getName()));
            names.forEach(out()::println);
            return 0;
        }
        ClusterStatus s = StatusCommand.collect(kube.client(), kube.namespace(), Instant.now());
        out().print(StatusText.resources(s));
        return 0;
    }
}
