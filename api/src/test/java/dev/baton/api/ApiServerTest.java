package dev.baton.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs against a real kube-apiserver: install, samples, status conditions. */
@ExtendWith(KubeApi.class)
class ApiServerTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void everyKindIsInstalledInTheBatonCategoryWithStatusSubresource(KubeApi.Env env) {
    for (Class<? extends CustomResource<?, ?>> kind : Baton.KINDS) {
      String crdName = HasMetadata.getPlural(kind) + "." + Baton.GROUP;
      CustomResourceDefinition crd = env.controlPlane().admin().apiextensions().v1()
          .customResourceDefinitions().withName(crdName).get();
      assertThat(crd).as(crdName).isNotNull();
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly("baton");
      assertThat(crd.getSpec().getNames().getShortNames()).isNotEmpty();
      assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
      assertThat(crd.getStatus().getConditions())
          .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }
    KubeApi.Result get = env.kubectl("get", "baton");
    assertThat(get.exitCode()).as(get.output()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openstack-controllers", "openstack-controllers-fixed", "database-failover", "fencing-lab"})
  void samplesApplyAndReadBackUnchanged(String sample, KubeApi.Env env) throws IOException {
    Path dir = env.repo().resolve("samples").resolve(sample);
    KubeApi.Result apply = env.kubectl("apply", "--server-side", "--field-manager=baton-tests", "-f", dir.toString());
    assertThat(apply.exitCode()).as(apply.output()).isZero();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    int objects = 0;
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        for (HasMetadata o : env.client().load(in).items()) {
          GenericKubernetesResource stored = env.client().genericKubernetesResources(o.getApiVersion(), o.getKind())
              .withName(o.getMetadata().getName()).get();
          assertThat(stored).as("%s/%s from %s", o.getKind(), o.getMetadata().getName(), f).isNotNull();
          JsonNode want = JSON.convertValue(o, JsonNode.class).path("spec");
          JsonNode got = JSON.convertValue(stored, JsonNode.class).path("spec");
          assertThat(got).as("%s/%s read back", o.getKind(), o.getMetadata().getName()).isEqualTo(want);
          objects++;
        }
      }
    }
    assertThat(objects).isGreaterThanOrEqualTo(7);
    env.kubectl("delete", "-f", dir.toString(), "--wait=false");
  }

  @Test
  void kubectlWaitForReadyFollowsTheStatusCondition(KubeApi.Env env) throws Exception {
    Primitive p = new Primitive();
    p.setMetadata(new ObjectMetaBuilder().withName("dummy").build());
    p.setSpec(new PrimitiveSpec());
    p.getSpec().resourceClass = PrimitiveSpec.ResourceClass.ocf;
    p.getSpec().provider = "heartbeat";
    p.getSpec().type = "Dummy";
    p = env.client().resource(p).create();

    setReady(env, p, Condition.FALSE, "StartFailed");
    KubeApi.Result notYet = env.kubectl("wait", "--for=condition=Ready", "primitive/dummy", "--timeout=2s");
    assertThat(notYet.exitCode()).as(notYet.output()).isNotZero();

    CompletableFuture<KubeApi.Result> waiting = CompletableFuture.supplyAsync(
        () -> env.kubectl("wait", "--for=condition=Ready", "prim/dummy", "--timeout=60s"));
    Thread.sleep(500);
    Primitive stored = setReady(env, env.client().resources(Primitive.class).withName("dummy").get(),
        Condition.TRUE, "Started");
    KubeApi.Result ready = waiting.get();
    assertThat(ready.exitCode()).as(ready.output()).isZero();
    assertThat(ready.output()).contains("condition met");
    Condition c = stored.getStatus().condition(Condition.READY).orElseThrow();
    assertThat(c.observedGeneration).isEqualTo(stored.getMetadata().getGeneration());
  }

  private static Primitive setReady(KubeApi.Env env, Primitive p, String status, String reason) {
    PrimitiveStatus s = p.getStatus() == null ? new PrimitiveStatus() : p.getStatus();
    s.observedGeneration = p.getMetadata().getGeneration();
    s.setCondition(new Condition(Condition.READY, status, reason, "set by the test",
        p.getMetadata().getGeneration(), Instant.now().toString()));
    p.setStatus(s);
    return env.client().resource(p).updateStatus();
  }
}
