package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.cib.OperationHistory;
import dev.baton.scheduler.importer.Durations;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -O / -o: the nodes' operation history (what each agent reports in its HANode status). */
@Command(name = "operations", aliases = "ops", mixinStandardHelpOptions = true,
        description = {"Show the operations of active resources where they run (crm_resource -O);",
                "--all: every operation the nodes remember, active or not (-o)."})
final class OperationsCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE", arity = "0..1", description = "Only this resource (default: all).")
    String resource;

    @Option(names = {"-N", "--node"}, paramLabel = "NODE", description = "Only operations on this node.")
    String node;

    @Option(names = "--all", description = "Also resources that are not active (crm_resource -o).")
    boolean all;

    @Override
    protected int execute() {
        if (resource != null) {
            ref(resource);
        }
        if (node != null) {
            ResourceRef.requireNode(config(), node, kube.namespace());
        }
        List<String> lines = new ArrayList<>();
        for (HANode n : config().nodes()) {
            String nodeName = n.getMetadata().getName();
            if (n.getStatus() == null || n.getStatus().resources == null || (node != null && !node.equals(nodeName))) {
                continue;
            }
            for (HANodeStatus.ResourceHistory h : n.getStatus().resources) {
                if (resource != null && !resource.equals(h.resource)) {
                    continue;
                }
                var prim = config().primitive(h.resource);
                var ref = prim.map(p -> new ResourceRef(h.resource, ResourceRef.Kind.primitive, p, config()));
                boolean active = ref.map(r -> r.activeNodes().contains(nodeName)).orElse(false);
                if (!all && !active) {
                    continue;
                }
                String head = h.resource + "\t(" + prim.map(OperationHistory::agent).orElse("unknown agent") + "):\t "
                        + (active ? "Started" : "Stopped") + ": ";
                for (HANodeStatus.OperationRecord r : h.operations == null ? List.<HANodeStatus.OperationRecord>of() : h.operations) {
                    lines.add(head + h.resource + "_" + r.operation + "_" + Durations.toMillis(r.interval == null ? "0" : r.interval)
                            + " (node=" + nodeName + (r.callId == null ? "" : ", call=" + r.callId) + ", rc=" + r.rc
                            + (r.lastRun == null ? "" : ", last-rc-change=" + r.lastRun)
                            + (r.durationMs == null ? "" : ", exec=" + r.durationMs + "ms") + "): "
                            + (r.status == null ? "done" : r.status));
                }
            }
        }
        lines.stream().sorted().forEach(out()::println);
        return 0;
    }
}
