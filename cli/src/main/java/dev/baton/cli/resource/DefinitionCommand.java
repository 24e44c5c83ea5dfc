package dev.baton.cli.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -q / -w. */
@Command(name = "definition", aliases = "show", mixinStandardHelpOptions = true,
        description = {"Print a resource's definition as YAML (crm_resource -q);",
                "--raw: the object exactly as the API server stores it, with metadata and status (-w)."})
final class DefinitionCommand extends ResourceVerb {
    @Parameters(paramLabel = "RESOURCE")
    String resource;

    @Option(names = "--raw", description = "The whole stored object (crm_resource -w).")
    boolean raw;

    @Override
    protected int execute() throws Exception {
        ResourceRef r = ref(resource);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        ObjectNode tree = yaml.valueToTree(r.object());
        if (!raw) {
            // what one would write to apply it again: no server-side fields
            ObjectNode meta = yaml.createObjectNode().put("name", resource);
            tree.set("metadata", meta);
            tree.remove("status");
        }
        out().print(yaml.writeValueAsString(tree));
        return 0;
    }
}
