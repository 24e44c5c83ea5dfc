package dev.baton.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.ClusterStatus;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cli.kube.KubeOptions;
import dev.baton.scheduler.importer.Durations;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kubectl baton status}: crm_mon for a Baton cluster. */
@Command(name = "status", aliases = "mon", mixinStandardHelpOptions = true,
        description = {"Show the cluster's state, like crm_mon: nodes, resources, fail-counts, failed actions,",
                "move constraints left behind and the transition in progress."})
public final class StatusCommand extends BatonCommand {
    enum Format { text, json, yaml }

    @Mixin
    KubeOptions kube;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text (crm_mon's layout), json or yaml.")
    Format output;

    @Option(names = {"-w", "--watch"}, description = "Keep running and print the status again whenever it changes.")
    boolean watch;

    @Option(names = {"-i", "--interval"}, defaultValue = "2s", paramLabel = "DURATION",
            description = "How often --watch looks (default ${DEFAULT-VALUE}).")
    String interval;

    @Override
    protected int execute() throws Exception {
        long everyMs = intervalMillis();
        String last = null;
        do {
            String shown = show(collect(kube.client(), kube.namespace(), Instant.now()));
            if (!shown.equals(last)) {
                if (last != null) {
                    out().println();
                }
                out().print(shown);
                out().flush();
                last = shown;
            }
            if (watch) {
                try {
                    Thread.sleep(everyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        } while (watch);
        return 0;
    }

    private long intervalMillis() {
        try {
            long ms = Durations.toMillis(interval);
            if (ms > 0) {
                return ms;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw dev.baton.cli.kube.CliException.usage("--interval " + interval + " is not a positive duration (e.g. 2s, 500ms)");
    }

    /** Everything status reads, in one place: the configuration, the leases, failed actions, the running transition. */
    public static ClusterStatus collect(KubernetesClient c, String namespace, Instant now) {
        BatonObjects o = BatonObjects.read(c);
        var leases = c.resources(Lease.class).list().getItems();
        var actions = c.resources(ResourceAction.class).list().getItems();
        String current = o.cluster() == null || o.cluster().getStatus() == null ? null
                : o.cluster().getStatus().currentTransition;
        // only the running transition is shown: not worth listing them all
        Transition running = current == null ? null : c.resources(Transition.class).withName(current).get();
        return ClusterStatus.of(namespace, o.snapshot(actions, running == null ? List.of() : List.of(running), leases),
                now);
    }

    private String show(ClusterStatus s) throws Exception {
        return switch (output) {
            case text -> StatusText.render(s, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            case json -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n";
            case yaml -> new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(s);
        };
    }
}
