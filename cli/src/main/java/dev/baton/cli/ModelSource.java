package dev.baton.cli;

import dev.baton.cli.kube.CliException;
import dev.baton.scheduler.importer.CibImporter;
import dev.baton.scheduler.importer.CrmImporter;
import dev.baton.scheduler.importer.ImportException;
import dev.baton.scheduler.model.ClusterModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command reads the cluster from: a CIB, crm shell syntax, or Baton YAML; exactly one, given as an option
 * or (import's {@code crm FILE}, {@code cib FILE}) by {@link #use}.
 */
final class ModelSource {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Input input;

    @Option(names = "--node", description = "Add an online node (for crm syntax, which may not declare nodes).")
    List<String> nodes = new ArrayList<>();

    static final class Input {
        @Option(names = "--cib", paramLabel = "FILE", description = "Pacemaker CIB XML (configuration and status).")
        Path cib;

        @Option(names = "--crm", paramLabel = "FILE", description = "crm shell configuration syntax.")
        Path crm;

        @Option(names = "--from", paramLabel = "DIR|FILE.yaml", description = "Baton YAML objects (baton.dev/v1alpha1).")
        Path from;
    }

    /** The input given as words ({@code crm FILE}, {@code cib FILE}) rather than as an option. */
    void use(String form, Path file) {
        if (input != null) {
            throw CliException.usage("give the configuration once: '" + form + " " + file
                    + "' or one of --cib, --crm, --from");
        }
        input = new Input();
        if (form.equals("crm")) {
            input.crm = file;
        } else {
            input.cib = file;
        }
    }

    /** The fencing topology of the configuration {@link #load} read (none from Baton YAML: it is in its HACluster). */
    private List<dev.baton.scheduler.importer.FencingLevel> fencingTopology = List.of();

    List<dev.baton.scheduler.importer.FencingLevel> fencingTopology() {
        return fencingTopology;
    }

    /** Reads the model; what the importers could not represent is reported to {@code warnings}. */
    ClusterModel load(java.io.PrintWriter warnings) throws IOException {
        if (input == null) {
            throw CliException.usage("which configuration? give --cib FILE, --crm FILE or --from DIR");
        }
        List<String> unsupported;
        ClusterModel model;
        Path file = input.cib != null ? input.cib : input.crm;
        try {
            if (input.cib != null) {
                CibImporter importer = new CibImporter();
                try (var in = Files.newInputStream(input.cib)) {
                    model = importer.parse(in);
                }
                // Pacemaker's own messages for what it tolerates, as crm_simulate -V prints them
                importer.warnings().forEach(warnings::println);
                unsupported = importer.unsupported();
                fencingTopology = importer.fencingTopology();
            } else if (input.crm != null) {
                CrmImporter importer = new CrmImporter();
                importer.read(Files.readString(input.crm, java.nio.charset.StandardCharsets.UTF_8));
                model = importer.model(nodes);
                unsupported = importer.unsupported();
                fencingTopology = importer.fencingTopology();
            } else {
                return BatonYaml.read(yamlDocuments(input.from));
            }
        } catch (ImportException e) {
            throw CliException.usage(file + ": " + e.getMessage());
        } catch (java.nio.charset.MalformedInputException e) {
            throw CliException.usage(file + ": not UTF-8 text");
        }
        unsupported.forEach(u -> warnings.println("warning: not supported, ignored: " + u));
        warnings.flush();
        return model;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path from) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(from)) {
            try (Stream<Path> s = Files.walk(from)) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .forEach(files::add);
            }
        } else {
            files.add(from);
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        Load load = new Load(LoadSettings.builder().build());
        for (Path f : files) {
            for (Object o : load.loadAllFromString(Files.readString(f))) {
                if (o instanceof Map<?, ?> m) {
                    docs.add((Map<String, Object>) m);
                } else if (o instanceof List<?> l) {
                    l.stream().filter(Map.class::isInstance).forEach(x -> docs.add((Map<String, Object>) x));
                }
            }
        }
        // "kind: List" wrappers, as kubectl get -o yaml prints
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            if ("List".equals(d.get("kind")) && d.get("items") instanceof List<?> items) {
                items.stream().filter(Map.class::isInstance).forEach(x -> flat.add((Map<String, Object>) x));
            } else {
                flat.add(d);
            }
        }
        return flat;
    }
}
