package dev.baton.cli;

import dev.baton.api.v1alpha1.Baton;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.CliException;
import dev.baton.cli.kube.KubeOptions;
import dev.baton.scheduler.model.ClusterModel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl baton import}: a Pacemaker configuration (CIB or crm syntax) as Baton objects, printed or
 * applied to the namespace (crm's {@code configure load}).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert a Pacemaker configuration into Baton YAML (renamed ids are reported on stderr):",
                "import crm FILE | cib FILE, as crm configure load takes them (or --crm, --cib, --from).",
                "--apply applies the objects to the namespace (server-side apply), all or nothing:",
                "a server-side dry run checks every object first; if one is rejected, none is applied."})
final class ImportCommand extends BatonCommand {
    /** The field manager of every apply, so a later import of the same configuration owns the same fields. */
    static final String FIELD_MANAGER = "kubectl-baton-import";

    enum DryRun { none, server, client }

    enum Form { crm, cib }

    @Parameters(index = "0", arity = "0..1", paramLabel = "crm|cib",
            description = "What FILE holds, as crm configure load takes it: crm shell syntax or a CIB (XML).")
    Form form;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The configuration to import.")
    Path input;

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    ModelSource source;

    @Mixin
    KubeOptions kube;

    @Option(names = "--cluster-name", defaultValue = "cluster", description = "Name of the HACluster object.")
    String clusterName;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write the YAML to FILE instead of stdout.")
    Path file;

    @Option(names = "--apply", description = "Apply the objects to the namespace (server-side apply) instead of printing them.")
    boolean apply;

    @Option(names = "--dry-run", defaultValue = "none", paramLabel = "server|client",
            description = "With --apply: server = the API server checks every object and nothing is stored;"
                    + " client = the objects are only listed.")
    DryRun dryRun;

    @Option(names = "--force-conflicts", description = "With --apply: take over fields another field manager owns.")
    boolean forceConflicts;

    @Override
    protected int execute() throws Exception {
        if (!apply && (dryRun != DryRun.none || forceConflicts)) {
            throw CliException.usage("--dry-run and --force-conflicts need --apply");
        }
        PrintWriter err = err();
        ModelSource from = source == null ? new ModelSource() : source;
        if (form != null) {
            if (input == null) {
                throw CliException.usage("import " + form + " needs the FILE to read (e.g. import crm cluster.crm)");
            }
            from.use(form.name(), input);
        }
        ClusterModel model = from.load(err);
        BatonYaml yaml = new BatonYaml();
        List<Map<String, Object>> docs = yaml.write(model, clusterName, from.fencingTopology());
        yaml.renames().forEach(r -> err.println("renamed (not a DNS-1123 name): " + r));
        err.flush();
        if (file != null) {
            Files.writeString(file, yaml(docs));
        } else if (!apply) {
            out().print(yaml(docs));
        }
        if (apply) {
            apply(docs);
        }
        return 0;
    }

    /** Dry-runs every object on the server, then applies them only when none was rejected. */
    private void apply(List<Map<String, Object>> docs) {
        List<GenericKubernetesResource> objects = docs.stream()
                .map(d -> Serialization.jsonMapper().convertValue(d, GenericKubernetesResource.class)).toList();
        if (dryRun == DryRun.client) {
            objects.forEach(r -> out().println(kindAndName(r) + " serverside-applied (dry run)"));
            return;
        }
        KubernetesClient client = kube.client();
        String namespace = kube.namespace();
        objects.forEach(r -> r.getMetadata().setNamespace(namespace));
        List<String> rejected = new ArrayList<>();
        for (GenericKubernetesResource r : objects) {
            try {
                ssa(client, r, true).serverSideApply();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 400 && e.getCode() != 409 && e.getCode() != 422) {
                    throw e; // not about this object (unreachable, forbidden, no CRDs): BatonCommand explains it
                }
                rejected.add(kindAndName(r) + " rejected: " + reason(e));
            }
        }
        if (!rejected.isEmpty()) {
            String none = " (nothing applied: " + rejected.size() + " of " + objects.size()
                    + " objects rejected by the server-side dry run)";
            for (int i = 0; i < rejected.size() - 1; i++) {
                err().println("error: " + rejected.get(i));
            }
            throw CliException.failed(rejected.get(rejected.size() - 1) + none);
        }
        String suffix = dryRun == DryRun.server ? " serverside-applied (server dry run)" : " serverside-applied";
        for (GenericKubernetesResource r : objects) {
            if (dryRun != DryRun.server) {
                ssa(client, r, false).serverSideApply();
            }
            out().println(kindAndName(r) + suffix);
        }
    }

    private ServerSideApplicable<GenericKubernetesResource> ssa(KubernetesClient client, GenericKubernetesResource r,
                                                                boolean dry) {
        // Strict: a field the schema does not know is an error, not silently pruned
        ServerSideApplicable<GenericKubernetesResource> op = client.resource(r).inNamespace(r.getMetadata().getNamespace())
                .dryRun(dry).fieldValidation(FieldValidateable.Validation.STRICT).fieldManager(FIELD_MANAGER);
        return forceConflicts ? op.forceConflicts() : op;
    }

    /** The API server's reason on one line; it names the object and the field. */
    private static String reason(KubernetesClientException e) {
        String m = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        m = m.replaceAll("\\s*\\n\\s*", " ").strip();
        return e.getCode() == 409 ? m + "; --force-conflicts takes the fields over" : m;
    }

    /** kubectl's name of an object: "primitive.baton.dev/vip". */
    private static String kindAndName(GenericKubernetesResource r) {
        return r.getKind().toLowerCase(Locale.ROOT) + "." + Baton.GROUP + "/" + r.getMetadata().getName();
    }

    private static String yaml(List<Map<String, Object>> docs) {
        Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
        return dump.dumpAllToString(docs.iterator());
    }
}
