package dev.baton.cli.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.MetaAttributes;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.cli.kube.CliException;
import dev.baton.cib.Values;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** crm_resource -g / -p / -d, with -m (meta attributes) and -z (utilization). */
@Command(name = "param", mixinStandardHelpOptions = true,
        description = {"Get, set or delete a resource's parameter (crm_resource -g, -p -v, -d);",
                "--meta for a meta attribute (-m), --utilization for a utilization value (-z)."})
final class ParamCommand extends ResourceVerb {
    enum Verb { get, set, delete }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RESOURCE")
    String resource;

    @Parameters(index = "1", paramLabel = "get|set|delete")
    Verb verb;

    @Parameters(index = "2", paramLabel = "NAME")
    String name;

    @Parameters(index = "3", arity = "0..1", paramLabel = "VALUE", description = "For set.")
    String value;

    @ArgGroup(exclusive = true)
    Where where = new Where();

    static final class Where {
        @Option(names = {"-m", "--meta"}, description = "A meta attribute (target-role, resource-stickiness, ...).")
        boolean meta;

        @Option(names = {"-z", "--utilization"}, description = "A utilization value (placement-strategy).")
        boolean utilization;
    }

    @Override
    protected int execute() {
        if ((verb == Verb.set) != (value != null)) {
            throw CliException.usage(verb == Verb.set ? "set needs a VALUE: param " + resource + " set " + name + " VALUE"
                    : verb + " takes no VALUE");
        }
        ResourceRef r = ref(resource);
        String what = where.meta ? "meta attribute" : where.utilization ? "utilization value" : "parameter";
        if (!where.meta && r.kind() != ResourceRef.Kind.primitive) {
            throw CliException.usage(resource + " is a " + r.kind() + "; only primitives have " + what
                    + "s (use --meta, or name a member primitive)");
        }
        Map<String, Object> current = attributes(r.object());
        if (verb == Verb.get) {
            Object v = current.get(name);
            if (v == null) {
                throw CliException.failed(resource + " has no " + what + " '" + name + "'");
            }
            out().println(v);
            return 0;
        }
        if (verb == Verb.delete && !current.containsKey(name)) {
            throw CliException.failed(resource + " has no " + what + " '" + name + "' to delete");
        }
        Object typed = verb == Verb.set ? validated(value) : null;
        Map<String, Object> change = new HashMap<>();
        change.put(name, typed); // null: removed
        String field = where.meta ? "meta" : where.utilization ? "utilization" : "params";
        mergePatch(r.kind().type, r.name(), Map.of("spec", Map.of(field, change)));
        out().println(verb == Verb.set ? resource + ": " + what + " " + name + "=" + value
                : resource + ": deleted " + what + " " + name);
        return 0;
    }

    /** The value as the API wants it; the name checked against what the API can hold. */
    private Object validated(String v) {
        if (where.meta) {
            List<String> known = metaNames();
            if (!known.contains(name)) {
                throw CliException.usage("'" + name + "' is not a meta attribute Baton knows (" + String.join(", ", known) + ")");
            }
            Object typed = v.equals("true") || v.equals("false") ? Boolean.valueOf(v) : Values.of(v).getIntVal() != null
                    ? (Object) Integer.valueOf(v) : v;
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put(name, typed);
            try {
                JSON.convertValue(probe, MetaAttributes.class);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("meta " + name + " cannot be '" + v + "'");
            }
            return typed;
        }
        if (where.utilization) {
            if (!v.matches("[0-9]{1,9}")) {
                throw CliException.usage("utilization " + name + " must be a non-negative integer, got '" + v + "'");
            }
            return Integer.valueOf(v);
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw CliException.usage("'" + name + "' is not an OCF parameter name (a letter or _, then letters, digits or _)");
        }
        return Values.of(v);
    }

    private static List<String> metaNames() {
        var type = JSON.constructType(MetaAttributes.class);
        return JSON.getSerializationConfig().introspect(type).findProperties().stream().map(p -> p.getName()).sorted().toList();
    }

    /** The attributes the options select, as a name → value map (values as the API holds them). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> attributes(CustomResource<?, ?> o) {
        Map<String, Object> m = new TreeMap<>();
        if (where.meta) {
            MetaAttributes meta = meta(o);
            if (meta != null) {
                m.putAll(JSON.convertValue(meta, Map.class));
            }
        } else if (o instanceof Primitive p) {
            if (where.utilization && p.getSpec().utilization != null) {
                m.putAll(p.getSpec().utilization);
            } else if (!where.utilization && p.getSpec().params != null) {
                p.getSpec().params.forEach((k, v) -> m.put(k, Values.text(v)));
            }
        }
        return m;
    }

    private static MetaAttributes meta(CustomResource<?, ?> o) {
        if (o instanceof Primitive p) {
            return p.getSpec().meta;
        }
        return o instanceof ResourceGroup g ? g.getSpec().meta : ((Clone) o).getSpec().meta;
    }
}
