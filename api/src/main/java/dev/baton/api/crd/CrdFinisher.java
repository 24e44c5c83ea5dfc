package dev.baton.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.baton.api.v1alpha1.Baton;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finishes the CRDs Fabric8's generator writes, for what its annotations cannot express:
 * <ul>
 * <li>int-or-string fields that carry a CEL rule get {@code maxLength}, or the API server's CEL
 * cost estimate (which assumes a string as long as a whole request) rejects the CRD;</li>
 * <li>lists of scalars in a spec become {@code x-kubernetes-list-type: set}, so the API server
 * itself rejects duplicates (group members) at no CEL cost; their strings are object names, at
 * most 253 characters, which bounds the cost of the rules that check them;</li>
 * <li>int-or-string map values (a Primitive's params) get {@code maxLength}, for the cost estimate of the
 * rules that check them (no NUL byte, IPaddr2's address); 4096 characters hold any path or option string
 * an agent takes;</li>
 * <li>printer columns keep the order the class declares them in (the generator sorts them by
 * name, which would put Age first).</li>
 * </ul>
 * Run by the build: {@code CrdFinisher FROM_DIR TO_DIR}; the result is compared with crds/ by a test.
 */
public final class CrdFinisher {
  static final int INT_OR_STRING_MAX_LENGTH = 32;
  static final int NAME_MAX_LENGTH = 253;
  static final int PARAM_VALUE_MAX_LENGTH = 4096;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private CrdFinisher() {
  }

  public static void main(String[] args) throws IOException {
    Path from = Path.of(args[0]);
    Path to = Path.of(args[1]);
    Files.createDirectories(to);
    List<Path> files;
    try (Stream<Path> s = Files.list(from)) {
      files = s.filter(p -> p.toString().endsWith("-v1.yml")).sorted().toList();
    }
    for (Path f : files) {
      JsonNode crd = YAML.readTree(f.toFile());
      finish(crd, false);
      orderPrinterColumns(crd);
      String name = f.getFileName().toString().replace("-v1.yml", ".yaml");
      Files.writeString(to.resolve(name), YAML.writeValueAsString(crd));
    }
  }

  static void finish(JsonNode node, boolean inSpec) {
    if (node instanceof ObjectNode o) {
      if (o.path("x-kubernetes-int-or-string").asBoolean() && o.has("x-kubernetes-validations")) {
        o.put("maxLength", INT_OR_STRING_MAX_LENGTH);
      }
      if (o.get("additionalProperties") instanceof ObjectNode values
          && values.path("x-kubernetes-int-or-string").asBoolean() && !values.has("maxLength")) {
        values.put("maxLength", PARAM_VALUE_MAX_LENGTH);
      }
      if (inSpec && "array".equals(o.path("type").asText()) && isScalar(o.path("items"))) {
        o.put("x-kubernetes-list-type", "set");
        if (o.path("items") instanceof ObjectNode items && "string".equals(items.path("type").asText())) {
          items.put("maxLength", NAME_MAX_LENGTH);
        }
      }
      o.fields().forEachRemaining(e -> finish(e.getValue(), inSpec || isSpecProperty(o, e.getKey())));
    } else if (node != null && node.isArray()) {
      node.forEach(n -> finish(n, inSpec));
    }
  }

  static void orderPrinterColumns(JsonNode crd) throws IOException {
    String kind = crd.path("spec").path("names").path("kind").asText();
    Class<?> type;
    try {
      type = Class.forName(Baton.class.getPackageName() + "." + kind);
    } catch (ClassNotFoundException e) {
      throw new IOException("no class for kind " + kind, e);
    }
    List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.get("additionalPrinterColumns") instanceof ArrayNode columns) {
        List<JsonNode> sorted = new ArrayList<>();
        columns.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(c -> declared.indexOf(c.path("name").asText())));
        columns.removeAll();
        columns.addAll(sorted);
      }
    }
  }

  private static boolean isSpecProperty(ObjectNode parent, String key) {
    return "spec".equals(key) && parent.has("status") && parent.has("spec");
  }

  private static boolean isScalar(JsonNode items) {
    String type = items.path("type").asText();
    return type.equals("string") || type.equals("integer");
  }
}
