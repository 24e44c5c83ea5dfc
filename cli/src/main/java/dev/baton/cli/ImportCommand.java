package dev.baton.cli;

import dev.baton.scheduler.model.ClusterModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kubectl baton import}: a Pacemaker configuration (CIB or crm syntax) as Baton objects. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert a Pacemaker configuration into Baton YAML (renamed ids are reported on stderr).")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ModelSourceMixin source;

    @Option(names = "--cluster-name", defaultValue = "cluster", description = "Name of the HACluster object.")
    String clusterName;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterModel model = source.source.load(spec.commandLine().getErr());
        BatonYaml yaml = new BatonYaml();
        List<Map<String, Object>> docs = yaml.write(model, clusterName);
        String text = yaml(docs);
        if (file != null) {
            Files.writeString(file, text);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        PrintWriter err = spec.commandLine().getErr();
        yaml.renames().forEach(r -> err.println("renamed (not a DNS-1123 name): " + r));
        err.flush();
        return 0;
    }

    static String yaml(List<Map<String, Object>> docs) {
        Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
        return dump.dumpAllToString(docs.iterator());
    }
}
