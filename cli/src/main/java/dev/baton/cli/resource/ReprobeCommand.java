package dev.baton.cli.resource;

import picocli.CommandLine.Command;

/** crm_resource -P. */
@Command(name = "reprobe", mixinStandardHelpOptions = true,
        description = {"Probe every node again for a resource, to find copies started outside the cluster",
                "(crm_resource -P). Without RESOURCE: every resource."})
final class ReprobeCommand extends RefreshCommand {
    @Override
    String annotation() {
        return Requests.REPROBE;
    }
}
