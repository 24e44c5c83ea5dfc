package dev.baton.cli.resource;

import picocli.CommandLine.Command;

/** crm_resource -B: keep a resource off a node (default: the one it runs on). */
@Command(name = "ban", mixinStandardHelpOptions = true,
        description = {"Keep a resource off NODE, default the node it runs on (crm_resource -B):",
                "constraint cli-ban-RSC-on-NODE, score -INFINITY, until cleared or --lifetime ends."})
final class BanCommand extends MoveCommand {
    @Override
    protected int execute() {
        ResourceRef r = ref(resource);
        r.requireTopLevel();
        String expires = expires();
        return ban(r, node != null ? node : runningNode(r), expires);
    }
}
