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
  private static final long LEASE_GRACE_NANOS = 3_000_000_000L; // past the default lease (2s) + stop grace (0.5s)

  @Test
  void aConfirmedFenceInTheHistoryIsNotAskedForAgainByTheNextOperator(KubeApi.Env env) throws Exception {
    KubernetesClient c = env.client();
    String ns = env.namespace();
    Instant t0 = Instant.now().minusSeconds(60);
    for (HasMetadata o : Fixtures.sample("fencing-lab")) {
      o.getMetadata().setNamespace(ns);
      o.getMetadata().setGeneration(null);
      if (o instanceof HACluster h) {
        h.getSpec().quietPeriod = new IntOrString(0);
      }
      c.resource(o).create();
    }
    for (String node : List.of("compute-1", "compute-2")) {
      HANode n = c.resources(HANode.class).withName(node).get();
      List<String> running = node.equals("compute-1") ? List.of("vip", "www", "nova-network") : List.of("fence-lab");
      for (String r : List.of("vip", "www", "nova-network", "fence-lab")) {
        Fixtures.report(n, r, "probe", "0s", 7, t0.toString());
        if (running.contains(r)) {
          Fixtures.report(n, r, "start", "0s", 0, t0.plusSeconds(1).toString());
        }
      }
      n.getStatus().state = "online";
      c.resource(n).updateStatus();
      // compute-1 last renewed a minute ago (its agent is gone); compute-2 announces a lease that outlasts the test
      c.leases().resource(new LeaseBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec()
          .withHolderIdentity(node).withLeaseDurationSeconds(node.equals("compute-1") ? 2 : 3600)
          .withRenewTime(ZonedDateTime.ofInstant(t0, ZoneOffset.UTC)).endSpec().build()).create();
    }

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
      reconcile(first, c, ns);
      clock1.addAndGet(LEASE_GRACE_NANOS);
      for (int i = 0; i < 3; i++) {
        reconcile(first, c, ns); // the lost node's actions withdrawn, then the fence asked for
      }
      ResourceAction fence = c.resources(ResourceAction.class).list().getItems().stream().filter(Fencer::isFence)
          .findFirst().orElseThrow(() -> new AssertionError("no fence asked for: " + c.getKubernetesSerialization()
              .asYaml(c.resources(HACluster.class).list().getItems().get(0).getStatus())));
      assertThat(Fencer.target(fence)).isEqualTo("compute-1");
      assertThat(fence.getSpec().node).as("the device's node fences").isEqualTo("compute-2");
      // compute-2's agent reports the fence done
      ResourceActionStatus st = new ResourceActionStatus();
      st.phase = "Succeeded";
      st.completionTime = Instant.now().toString();
      fence.setStatus(st);
      c.resource(fence).updateStatus();
      reconcile(first, c, ns);
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
      reconcile(next, c, ns);
      assertThat(m2.state(ns, "compute-1", 2000, 500)).as("fenced at once, from status.fencing")
          .isEqualTo(NodeState.FENCED);
      for (int i = 0; i < 3; i++) {
        clock2.addAndGet(LEASE_GRACE_NANOS);
        reconcile(next, c, ns);
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

  /**
   * One pass of the operator, after compute-2's agent has run the monitors it was sent (their first result: the
   * device is there); starts and fences stay as they are, for the test to answer.
   */
  private static void reconcile(ClusterController controller, KubernetesClient c, String ns) {
    for (ResourceAction a : c.resources(ResourceAction.class).list().getItems()) {
      if (Snapshot.running(a) && "compute-2".equals(a.getSpec().node)
          && a.getSpec().action == ResourceActionSpec.Action.monitor) {
        ResourceActionStatus st = new ResourceActionStatus();
        st.phase = "Succeeded";
        st.completionTime = Instant.now().toString();
        a.setStatus(st);
        c.resource(a).updateStatus();
      }
    }
    controller.reconcile(LiveState.read(c, ns));
  }
}
