package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Map;
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

  /** A client that authenticates with the token of ServiceAccount baton-agent-NODE, as that agent does. */
  private static KubernetesClient agentClient(KubeApi.Env env, String node) {
    String token = env.controlPlane().admin().serviceAccounts().inNamespace(env.namespace())
        .withName("baton-agent-" + node).tokenRequest(new TokenRequestBuilder().withNewSpec()
            .withExpirationSeconds(600L).endSpec().build()).getStatus().getToken();
    Config admin = env.client().getConfiguration();
    Config cfg = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl())
        .withCaCertData(admin.getCaCertData()).withCaCertFile(admin.getCaCertFile())
        .withOauthToken(token).withNamespace(env.namespace()).build();
    return new KubernetesClientBuilder().withConfig(cfg).build();
  }

  private static ResourceAction action(String name, String node) {
    ResourceAction a = new ResourceAction();
    a.setMetadata(new ObjectMetaBuilder().withName(name).build());
    a.setSpec(new ResourceActionSpec());
    a.getSpec().node = node;
    a.getSpec().resource = "www";
    a.getSpec().action = ResourceActionSpec.Action.start;
    a.getSpec().resourceClass = PrimitiveSpec.ResourceClass.lsb;
    a.getSpec().type = "apache2";
    return a;
  }

  /** The call is refused with HTTP 403 and a message containing {@code why}; returns that message. */
  private static String forbidden(String what, String why, Runnable call) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, call::run);
    assertThat(e).as("%s was allowed", what).isNotNull();
    assertThat(e.getCode()).as("%s: %s", what, e.getMessage()).isEqualTo(403);
    assertThat(e.getMessage()).as(what).contains(why);
    return e.getMessage();
  }

  private static Lease lease(String node) {
    return new LeaseBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec().withHolderIdentity(node)
        .withLeaseDurationSeconds(2).withRenewTime(ZonedDateTime.now()).endSpec().build();
  }

  /**
   * Each agent, with its own ServiceAccount token (the one its kubeconfig holds): it writes its own node's HANode
   * status, Lease and ResourceAction status, and nothing of the other node's (ValidatingAdmissionPolicy), nor any
   * spec, nor a ResourceAction of its own making, nor anything in another namespace (RBAC).
   */
  @Test
  void eachAgentsOwnTokenWritesOnlyItsOwnNodesObjects(KubeApi.Env env) throws Exception {
    applyManifests(env);
    ok(env.kubectl("apply", "-f", env.repo().resolve("samples/openstack-controllers/nodes.yaml").toString()));
    Map<String, String> peer = Map.of("compute-1", "compute-2", "compute-2", "compute-1");
    for (String node : peer.keySet()) {
      env.client().resource(action("start-www-on-" + node, node)).create();
    }
    try (KubernetesClient one = agentClient(env, "compute-1"); KubernetesClient two = agentClient(env, "compute-2")) {
      // a new ValidatingAdmissionPolicy takes effect once the API server has loaded it (about a second)
      HANode foreign = one.resources(HANode.class).withName("compute-2").get();
      assertThat(foreign).as("an agent reads every node").isNotNull();
      foreign.setStatus(new HANodeStatus());
      foreign.getStatus().state = "online";
      for (int i = 0; i < 100; i++) {
        try {
          foreign = one.resource(foreign).updateStatus();
          Thread.sleep(100);
        } catch (KubernetesClientException e) {
          // only the policy's 403 says it is loaded (a 409 on a stale resourceVersion said nothing)
          if (e.getCode() == 403) {
            break;
          }
          Thread.sleep(100);
        }
      }
      int checks = 0;
      for (Map.Entry<String, KubernetesClient> me : Map.of("compute-1", one, "compute-2", two).entrySet()) {
        String node = me.getKey();
        String other = peer.get(node);
        KubernetesClient agent = me.getValue();
        String as = "agent of " + node;

        // its own objects
        HANode own = agent.resources(HANode.class).withName(node).get();
        own.setStatus(new HANodeStatus());
        own.getStatus().state = "online";
        assertThat(agent.resource(own).updateStatus().getStatus().state).isEqualTo("online");
        Lease myLease = agent.leases().resource(lease(node)).create();
        myLease.getSpec().setRenewTime(ZonedDateTime.now());
        agent.leases().resource(myLease).update();
        ResourceAction mine = agent.resources(ResourceAction.class).withName("start-www-on-" + node).get();
        mine.setStatus(new ResourceActionStatus());
        mine.getStatus().phase = "Succeeded";
        mine.getStatus().rc = 0;
        // a status write cannot move the action to another node: the status subresource keeps the spec
        mine.getSpec().node = other;
        ResourceAction written = agent.resource(mine).updateStatus();
        assertThat(written.getStatus().phase).isEqualTo("Succeeded");
        assertThat(written.getSpec().node).isEqualTo(node);
        checks += 4;

        // the other node's objects: refused by the admission policy, naming both nodes
        HANode theirs = agent.resources(HANode.class).withName(other).get();
        theirs.setStatus(new HANodeStatus());
        theirs.getStatus().state = "online";
        forbidden(as + " writes HANode " + other + " status", as + " may not write HANode " + other,
            () -> agent.resource(theirs).updateStatus());
        forbidden(as + " creates Lease " + other, as + " may not write Lease " + other,
            () -> agent.leases().resource(lease(other)).create());
        ResourceAction action = agent.resources(ResourceAction.class).withName("start-www-on-" + other).get();
        action.setStatus(new ResourceActionStatus());
        action.getStatus().phase = "Succeeded";
        action.getStatus().rc = 0;
        forbidden(as + " reports a result for " + other, as + " may not write a ResourceAction of node " + other,
            () -> agent.resource(action).updateStatus());
        checks += 3;

        // what no agent may do at all: RBAC
        forbidden(as + " changes HANode " + other + " spec", "cannot patch resource \"hanodes\"",
            () -> agent.resources(HANode.class).withName(other).edit(n -> {
              n.getSpec().standby = true;
              return n;
            }));
        forbidden(as + " changes its own HANode spec", "cannot patch resource \"hanodes\"",
            () -> agent.resources(HANode.class).withName(node).edit(n -> {
              n.getSpec().maintenance = true;
              return n;
            }));
        forbidden(as + " creates a ResourceAction", "cannot create resource \"resourceactions\"",
            () -> agent.resource(action("forged-" + node, node)).create());
        forbidden(as + " deletes a Lease", "cannot delete resource \"leases\"",
            () -> agent.leases().withName(node).delete());
        forbidden(as + " writes in another namespace", "cannot get resource \"hanodes\"",
            () -> agent.resources(HANode.class).inNamespace("default").withName(node).get());
        checks += 5;
      }
      // both leases exist now: neither agent may renew the other's
      for (Map.Entry<String, KubernetesClient> me : Map.of("compute-1", one, "compute-2", two).entrySet()) {
        String other = peer.get(me.getKey());
        Lease theirs = me.getValue().leases().withName(other).get();
        theirs.getSpec().setRenewTime(ZonedDateTime.now());
        forbidden("agent of " + me.getKey() + " renews Lease " + other,
            "agent of " + me.getKey() + " may not write Lease " + other, () -> me.getValue().leases().resource(theirs)
                .update());
        checks++;
      }
      assertThat(checks).isEqualTo(26);
    }
    // what was refused left no trace
    Lease l2 = env.client().leases().withName("compute-2").get();
    assertThat(l2.getSpec().getHolderIdentity()).isEqualTo("compute-2");
    assertThat(env.client().resources(HANode.class).withName("compute-1").get().getSpec().maintenance).isNull();
    assertThat(env.client().resources(HANode.class).withName("compute-2").get().getSpec().standby).isNull();
    assertThat(canI(env, "--as=system:serviceaccount:" + env.namespace() + ":baton-agent-compute-1", "delete",
        "primitives")).isEqualTo("no");
  }

  @Test
  void theOperatorMayDoWhatItNeedsAndNothingMore(KubeApi.Env env) throws Exception {
    applyManifests(env);
    String asOperator = "--as=system:serviceaccount:baton-system:baton-operator";
    for (String[] allowed : new String[][] {{"list", "primitives", "-A"}, {"create", "resourceactions"},
        {"update", "primitives", "--subresource=status"}, {"watch", "leases", "-A"}, {"create", "events"},
        // the leader renews its Lease with a PATCH (Fabric8's LeaderElector)
        {"patch", "leases", "-n", "baton-system"}}) {
      assertThat(canI(env, asOperator, allowed)).as(String.join(" ", allowed)).isEqualTo("yes");
    }
    for (String[] denied : new String[][] {{"get", "pods"}, {"create", "deployments"}, {"delete", "namespaces"},
        {"update", "hanodes", "--subresource=status"}, {"update", "leases"}}) {
      assertThat(canI(env, asOperator, denied)).as(String.join(" ", denied)).isEqualTo("no");
    }
  }
}
