package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.api.v1alpha1.TransitionSpec;
import dev.baton.api.v1alpha1.TransitionStatus;
import dev.baton.cib.LiveState;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator prunes finished Transitions beyond spec.transitionHistoryLimit, on the real API server (with the
 * garbage collector of kube-controller-manager running): a pruned Transition's ResourceActions are deleted by the
 * operator itself, so none is left once its reconcile returns; those of the kept Transitions, and the cluster's own
 * actions outside any transition, stay.
 */
@ExtendWith(KubeApi.class)
class TransitionPruningTest {
  private static final String NODE = "compute-1";

  @Test
  void aPrunedTransitionsActionsGoWithItAndTheKeptOnesStay(KubeApi.Env env) throws Exception {
    KubernetesClient c = env.client();
    HACluster ha = new HACluster();
    ha.setMetadata(new ObjectMetaBuilder().withName("ha").build());
    ha.setSpec(new HAClusterSpec());
    ha.getSpec().quietPeriod = new IntOrString(0);
    ha.getSpec().transitionHistoryLimit = 2;
    ha = c.resource(ha).create();
    Primitive dummy = new Primitive();
    dummy.setMetadata(new ObjectMetaBuilder().withName("d").withNamespace(env.namespace()).build());
    dummy.setSpec(new PrimitiveSpec());
    dummy.getSpec().resourceClass = PrimitiveSpec.ResourceClass.ocf;
    dummy.getSpec().provider = "heartbeat";
    dummy.getSpec().type = "Dummy";

    // five finished transitions, oldest first, with their actions as the operator dispatched them; the second
    // was aborted with its second action never run (the one an agent could still pick up)
    long t0 = System.currentTimeMillis() - 60_000;
    List<String> transitions = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Transition t = finished(c, ha, "tr-" + (t0 + i * 1000), i == 1 ? "Aborted" : "Complete");
      transitions.add(t.getMetadata().getName());
      for (int j = 0; j < 2; j++) {
        ResourceAction a = c.resource(ActionFactory.create(t, j,
            new Plan.Op(j == 0 ? "stop" : "start", "d", NODE), dummy, Optional.empty(), ha.getSpec())).create();
        actions.add(a.getMetadata().getName());
        if (i != 1 || j != 1) {
          succeeded(c, a);
        }
      }
    }
    ResourceAction probe = c.resource(ActionFactory.probe(ha, dummy, NODE, Optional.empty(), ha.getSpec(),
        Instant.now())).create();
    succeeded(c, probe);
    List<String> prunedActions = actions.subList(0, 6);
    List<String> keptActions = new ArrayList<>(actions.subList(6, 10));
    keptActions.add(probe.getMetadata().getName());

    Set<String> deleted = ConcurrentHashMap.newKeySet();
    String from = c.resources(ResourceAction.class).list().getMetadata().getResourceVersion();
    ClusterController controller = new ClusterController(c, new Membership(() -> 0L),
        new Metrics(new SimpleMeterRegistry()));
    try (Watch w = c.resources(ResourceAction.class).watch(
        new ListOptionsBuilder().withResourceVersion(from).build(), new Watcher<>() {
          @Override
          public void eventReceived(Action action, ResourceAction a) {
            if (action == Action.DELETED) {
              deleted.add(a.getMetadata().getName());
            }
          }

          @Override
          public void onClose(WatcherException e) {
          }
        })) {
      controller.reconcile(LiveState.read(c, env.namespace()));

      // at once, not after the garbage collector's turn: the Transitions beyond the limit are gone, and so are
      // all of their actions, run or not
      assertThat(c.resources(Transition.class).list().getItems()).extracting(t -> t.getMetadata().getName())
          .containsExactlyInAnyOrderElementsOf(transitions.subList(3, 5));
      assertThat(c.resources(ResourceAction.class).list().getItems()).extracting(a -> a.getMetadata().getName())
          .containsExactlyInAnyOrderElementsOf(keptActions);

      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!deleted.containsAll(prunedActions) && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(deleted).as("the watcher saw the pruned actions deleted").containsExactlyInAnyOrderElementsOf(
          prunedActions);
    }
    // a second pass prunes nothing more: the kept transitions keep their actions
    controller.reconcile(LiveState.read(c, env.namespace()));
    assertThat(c.resources(Transition.class).list().getItems()).hasSize(2);
    assertThat(c.resources(ResourceAction.class).list().getItems()).extracting(a -> a.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(keptActions);
  }

  /** A Transition as the operator creates it (owned by the cluster) and as it finishes it. */
  private static Transition finished(KubernetesClient c, HACluster ha, String name, String phase) {
    Transition t = new Transition();
    t.setMetadata(new ObjectMetaBuilder().withName(name)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Baton.API_VERSION).withKind("HACluster")
            .withName("ha").withUid(ha.getMetadata().getUid()).build())
        .build());
    t.setSpec(new TransitionSpec());
    t.getSpec().reason = "test";
    t.getSpec().actions = new ArrayList<>();
    for (int id = 0; id < 2; id++) {
      TransitionSpec.GraphAction g = new TransitionSpec.GraphAction();
      g.id = id;
      g.action = id == 0 ? "stop" : "start";
      g.resource = "d";
      g.node = NODE;
      t.getSpec().actions.add(g);
    }
    Transition created = c.resource(t).create();
    TransitionStatus st = new TransitionStatus();
    st.phase = phase;
    st.actionsTotal = 2;
    created.setStatus(st);
    return c.resource(created).updateStatus();
  }

  /** What the node's agent writes when an action has run. */
  private static void succeeded(KubernetesClient c, ResourceAction a) {
    ResourceActionStatus st = new ResourceActionStatus();
    st.phase = "Succeeded";
    st.rc = 0;
    a.setStatus(st);
    c.resource(a).updateStatus();
  }
}
