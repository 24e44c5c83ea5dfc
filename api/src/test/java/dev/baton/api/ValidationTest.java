package dev.baton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad object per validation rule (src/test/resources/bad-objects.yaml): the real API server
 * must reject each with a message that names the field, and store nothing.
 */
@ExtendWith(KubeApi.class)
class ValidationTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Stream<Arguments> badObjects() throws IOException {
    try (InputStream in = ValidationTest.class.getResourceAsStream("/bad-objects.yaml")) {
      String all = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      List<String> docs = Pattern.compile("^---$", Pattern.MULTILINE).splitAsStream(all).toList();
      assertThat(docs).hasSizeGreaterThanOrEqualTo(25);
      return docs.stream().map(doc -> {
        GenericKubernetesResource o = SERIALIZATION.unmarshal(doc, GenericKubernetesResource.class);
        var a = o.getMetadata().getAnnotations();
        return Arguments.of(a.get("test.baton.dev/rule"), o.getKind(), o.getMetadata().getName(),
            a.get("test.baton.dev/field"), doc);
      });
    }
  }

  @ParameterizedTest(name = "{0}: {1}/{2} rejected at {3}")
  @MethodSource("badObjects")
  void rejectedNamingTheFieldAndNothingStored(String rule, String kind, String name, String field, String yaml,
      KubeApi.Env env) throws IOException {
    Path file = Files.createTempFile("bad-", ".yaml");
    try {
      Files.writeString(file, yaml);
      KubeApi.Result create = env.kubectl("create", "-f", file.toString());
      assertThat(create.exitCode()).as("%s was accepted: %s", rule, create.output()).isNotZero();
      assertThat(create.output()).as("error for %s", rule).contains(field);
      KubeApi.Result get = env.kubectl("get", kind.toLowerCase() + ".baton.dev", name);
      assertThat(get.exitCode()).as("%s/%s must not be stored", kind, name).isNotZero();
      assertThat(get.output()).contains("NotFound");
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
