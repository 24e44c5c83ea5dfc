package dev.baton.cli.resource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** crm_resource -W. */
@Command(name = "locate", mixinStandardHelpOptions = true, description = "Show where a resource runs (crm_resource -W).")
final class LocateCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE")
    String resource;

    @Override
    protected int execute() {
        var active = ref(resource).activeOn();
        if (active.isEmpty()) {
            out().println("resource " + resource + " is NOT running");
        }
        for (String a : active) {
            int at = a.indexOf('@');
            out().println("resource " + resource + " is running on: "
                    + (at < 0 ? a : a.substring(at + 1) + " " + a.substring(0, at)));
        }
        return 0;
    }
}
