package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testsupport.KubeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * manifests/ against the real API server: it applies, the operator's RBAC is least privilege,
 * and the ValidatingAdmissionPolicy keeps each agent to its own node's objects.
 */
@ExtendWith(KubeApi.class)
class ManifestsTest {

  private static KubeApi.Result ok(KubeApi.Result r) {
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r;
  }

  /** The yes/no of `kubectl auth can-i` (its last line; warnings come before it). */
  private static String answer(KubeApi.Result r) {
    return r.output().strip().lines().reduce((a, b) -> b).orElse("");
  }

  private static String canI(KubeApi.Env env, String as, String... what) {
    java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(as, "auth", "can-i"));
    argv.addAll(java.util.List.of(what));
    return answer(env.kubectl(argv.toArray(String[]::new)));
  }

  /** manifests/, with the demo's namespace replaced by the test's. */
  private static void applyManifests(KubeApi.Env env) throws Exception {
    String rendered = ok(env.kubectl("kustomize", env.repo().resolve("manifests").toString())).output()
        .replace("baton-demo", env.namespace());
    Path file = Files.createTempFile("manifests-", ".yaml");
    try {
      Files.writeString(file, rendered);
      ok(env.kubectlAnyNamespace("apply", "--server-side", "--force-conflicts", "-f", file.toString()));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void agentsWriteOnlyTheirOwnNodesObjects(KubeApi.Env env) throws Exception {
    applyManifests(env);
    ok(env.kubectl("apply", "-f", env.repo().resolve("samples/openstack-controllers/nodes.yaml").toString()));
    Path ract = Files.createTempFile("ract-", ".yaml");
    Files.writeString(ract, """
        apiVersion: baton.dev/v1alpha1
        kind: ResourceAction
        metadata: {name: start-www-on-2}
        spec: {node: compute-2, resource: www, action: start, class: lsb, type: apache2}
        """);
    ok(env.kubectl("apply", "-f", ract.toString()));
    Files.delete(ract);
    String asAgent1 = "--as=system:serviceaccount:" + env.namespace() + ":baton-agent-compute-1";
    String status = "{\"status\":{\"state\":\"online\"}}";

    ok(env.kubectl(asAgent1, "patch", "hanode", "compute-1", "--subresource=status", "--type=merge", "-p", status));
    // a new ValidatingAdmissionPolicy takes effect once the API server has loaded it (about a second)
    KubeApi.Result other = env.kubectl(asAgent1, "patch", "hanode", "compute-2", "--subresource=status",
        "--type=merge", "-p", status);
    for (int i = 0; i < 100 && other.exitCode() == 0; i++) {
      Thread.sleep(100);
      other = env.kubectl(asAgent1, "patch", "hanode", "compute-2", "--subresource=status", "--type=merge", "-p",
          status);
    }
    assertThat(other.exitCode()).isNotZero();
    assertThat(other.output()).contains("baton-agent-own-node").contains("may not write HANode compute-2");

    KubeApi.Result action = env.kubectl(asAgent1, "patch", "resourceaction", "start-www-on-2", "--subresource=status",
        "--type=merge", "-p", "{\"status\":{\"phase\":\"Succeeded\",\"rc\":0}}");
    assertThat(action.exitCode()).isNotZero();
    assertThat(action.output()).contains("may not write a ResourceAction of node compute-2");

    Path lease = Files.createTempFile("lease-", ".yaml");
    Files.writeString(lease, """
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: NODE}
        spec: {holderIdentity: NODE, leaseDurationSeconds: 2}
        """);
    Path own = Files.writeString(Files.createTempFile("lease-", ".yaml"), Files.readString(lease).replace("NODE", "compute-1"));
    Path foreign = Files.writeString(Files.createTempFile("lease-", ".yaml"), Files.readString(lease).replace("NODE", "compute-2"));
    ok(env.kubectl(asAgent1, "create", "-f", own.toString()));
    KubeApi.Result stolen = env.kubectl(asAgent1, "create", "-f", foreign.toString());
    assertThat(stolen.exitCode()).isNotZero();
    assertThat(stolen.output()).contains("may not write Lease compute-2");
    for (Path p : new Path[] {lease, own, foreign}) {
      Files.delete(p);
    }
    assertThat(canI(env, asAgent1, "delete", "primitives")).isEqualTo("no");
  }

  @Test
  void theOperatorMayDoWhatItNeedsAndNothingMore(KubeApi.Env env) throws Exception {
    applyManifests(env);
    String asOperator = "--as=system:serviceaccount:baton-system:baton-operator";
    for (String[] allowed : new String[][] {{"list", "primitives", "-A"}, {"create", "resourceactions"},
        {"update", "primitives", "--subresource=status"}, {"watch", "leases", "-A"}, {"create", "events"}}) {
      assertThat(canI(env, asOperator, allowed)).as(String.join(" ", allowed)).isEqualTo("yes");
    }
    for (String[] denied : new String[][] {{"get", "pods"}, {"create", "deployments"}, {"delete", "namespaces"},
        {"update", "hanodes", "--subresource=status"}, {"update", "leases"}}) {
      assertThat(canI(env, asOperator, denied)).as(String.join(" ", denied)).isEqualTo("no");
    }
  }
}
