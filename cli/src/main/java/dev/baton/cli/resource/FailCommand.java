package dev.baton.cli.resource;

import java.util.Map;
import picocli.CommandLine.Command;

/** crm_resource -F -N NODE. */
@Command(name = "fail", mixinStandardHelpOptions = true,
        description = {"Tell the cluster the resource failed on NODE (default: where it runs), so recovery",
                "happens as after a real failure (crm_resource -F)."})
final class FailCommand extends MoveCommand {
    @Override
    protected int execute() {
        ResourceRef r = ref(resource);
        String on = node != null ? node : runningNode(r);
        ResourceRef.requireNode(config(), on, kube.namespace());
        // node@time: each request is a new value, so failing the same node twice counts twice
        annotate(r.primitives(), Map.of(Requests.FAIL, on + "@" + now()));
        r.primitives().forEach(p -> out().println(p.getMetadata().getName() + ": failure on " + on + " requested"));
        return 0;
    }
}
