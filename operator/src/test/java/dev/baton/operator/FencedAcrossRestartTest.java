package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.cib.LiveState;
import dev.baton.cib.NodeState;
import dev.baton.cib.Snapshot;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fence confirmed by one operator holds for the next one, on the real API server: samples/fencing-lab with the
 * group on compute-1 and the lab device on compute-2 (the agents' reports written as they would), compute-1's
 * lease lapsed. The first operator fences compute-1 and records it in status.fencing; an operator started after
 * it (a new controller and membership, as after a restart or a leader change) finds compute-1 fenced at once from
 * that history and never asks for a second fence, even once compute-1's lease has lapsed by its own clock too.
 */
@ExtendWith(KubeApi.class)
class FencedAcrossRestartTest {
  @Test
  void aConfirmedFenceInTheHistoryIsNotAskedForAgainByTheNextOperator(KubeApi.Env env) throws Exception {
    KubernetesClient c = env.client();
    String ns = env.namespace();
    FencingNamespace lab = new FencingNamespace(c, ns, objects -> {
    });

    Set<String> added = ConcurrentHashMap.newKeySet();
    Map<String, String> fenceTargets = new ConcurrentHashMap<>();
    Watch watch = c.resources(ResourceAction.class).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ResourceAction a) {
        if (action == Action.ADDED) {
          added.add(a.getMetadata().getName());
          if (Fencer.isFence(a)) {
            fenceTargets.put(a.getMetadata().getName(), Fencer.target(a));
          }
        }
      }

      @Override
      public void onClose(WatcherException e) {
      }
    });
    try {
      // the first operator: compute-1 is online by its own clock until its lease has lapsed, then fenced
      AtomicLong clock1 = new AtomicLong();
      Membership m1 = new Membership(clock1::get);
      ClusterController first = new ClusterController(c, m1, new Metrics(new SimpleMeterRegistry()));
      lab.reconcile(first);
      clock1.addAndGet(FencingNamespace.LEASE_GRACE_NANOS);
      for (int i = 0; i < 3; i++) {
        lab.reconcile(first); // the lost node's actions withdrawn, then the fence asked for
      }
      ResourceAction fence = lab.fences().stream().findFirst().orElseThrow(() -> new AssertionError("no fence asked for: " + c.getKubernetesSerialization()
              .asYaml(c.resources(HACluster.class).list().getItems().get(0).getStatus())));
      assertThat(Fencer.target(fence)).isEqualTo("compute-1");
      assertThat(fence.getSpec().node).as("the device's node fences").isEqualTo("compute-2");
      // compute-2's agent reports the fence done
      lab.finish(fence, "Succeeded");
      lab.reconcile(first);
      assertThat(m1.state(ns, "compute-1", 2000, 500)).isEqualTo(NodeState.FENCED);
      assertThat(c.resources(HACluster.class).list().getItems().get(0).getStatus().fencing).singleElement()
          .satisfies(e -> {
            assertThat(e.target).isEqualTo("compute-1");
            assertThat(e.result).isEqualTo("success");
          });

      // the next operator: a new membership, which sees compute-1's lapsed lease for the first time
      AtomicLong clock2 = new AtomicLong();
      Membership m2 = new Membership(clock2::get);
      ClusterController next = new ClusterController(c, m2, new Metrics(new SimpleMeterRegistry()));
      lab.reconcile(next);
      assertThat(m2.state(ns, "compute-1", 2000, 500)).as("fenced at once, from status.fencing")
          .isEqualTo(NodeState.FENCED);
      for (int i = 0; i < 3; i++) {
        clock2.addAndGet(FencingNamespace.LEASE_GRACE_NANOS);
        lab.reconcile(next);
      }
      assertThat(m2.state(ns, "compute-1", 2000, 500)).isEqualTo(NodeState.FENCED);

      // the watcher has seen every action there is (the first fence among them, and the group's starts on
      // compute-2 the first operator sent once the fence was confirmed), and no second fence
      List<ResourceAction> actions = c.resources(ResourceAction.class).list().getItems();
      Set<String> present = Set.copyOf(actions.stream().map(a -> a.getMetadata().getName()).toList());
      long end = System.nanoTime() + 10_000_000_000L;
      while (!added.containsAll(present) && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(added).containsAll(present);
      assertThat(actions).as("the group's start on compute-2 was asked for").anyMatch(a -> "vip".equals(
          a.getSpec().resource) && a.getSpec().action.name().equals("start") && "compute-2".equals(a.getSpec().node));
      assertThat(fenceTargets).as("one fence of compute-1, by the first operator")
          .containsExactly(Map.entry(fence.getMetadata().getName(), "compute-1"));
    } finally {
      watch.close();
    }
  }
}
