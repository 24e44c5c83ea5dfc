package dev.baton.operator;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.ResourceActionStatus;
import dev.baton.cib.LiveState;
import dev.baton.cib.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * samples/fencing-lab in a namespace of the real API server, without agents: the group on compute-1 and the lab
 * device on compute-2 as their agents would have reported them, compute-1's lease lapsed a minute ago (its agent
 * is gone), compute-2's announcing a lease that outlasts the test. The operator is driven one reconcile at a time;
 * the test answers the fences as compute-2's agent would.
 */
final class FencingNamespace {
  /** Past the default lease (2s) and stop grace (0.5s), on a membership clock. */
  static final long LEASE_GRACE_NANOS = 3_000_000_000L;

  private final KubernetesClient c;
  private final String ns;

  FencingNamespace(KubernetesClient c, String ns, Consumer<List<HasMetadata>> edit) throws Exception {
    this.c = c;
    this.ns = ns;
    Instant t0 = Instant.now().minusSeconds(60);
    List<HasMetadata> objects = new java.util.ArrayList<>(Fixtures.sample("fencing-lab"));
    edit.accept(objects);
    for (HasMetadata o : objects) {
      o.getMetadata().setNamespace(ns);
      o.getMetadata().setGeneration(null);
      if (o instanceof HACluster h) {
        h.getSpec().quietPeriod = new IntOrString(0);
      }
      c.resource(o).create();
    }
    List<String> devices = objects.stream().filter(o -> o instanceof dev.baton.api.v1alpha1.Primitive p
        && p.getSpec().resourceClass == dev.baton.api.v1alpha1.PrimitiveSpec.ResourceClass.stonith)
        .map(o -> o.getMetadata().getName()).toList();
    for (String node : List.of("compute-1", "compute-2")) {
      HANode n = c.resources(HANode.class).withName(node).get();
      List<String> running = node.equals("compute-1") ? List.of("vip", "www", "nova-network") : devices;
      for (String r : objects.stream().filter(o -> o instanceof dev.baton.api.v1alpha1.Primitive)
          .map(o -> o.getMetadata().getName()).toList()) {
        Fixtures.report(n, r, "probe", "0s", 7, t0.toString());
        if (running.contains(r)) {
          Fixtures.report(n, r, "start", "0s", 0, t0.plusSeconds(1).toString());
        }
      }
      n.getStatus().state = "online";
      c.resource(n).updateStatus();
      c.leases().resource(new LeaseBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec()
          .withHolderIdentity(node).withLeaseDurationSeconds(node.equals("compute-1") ? 2 : 3600)
          .withRenewTime(ZonedDateTime.ofInstant(t0, ZoneOffset.UTC)).endSpec().build()).create();
    }
  }

  /**
   * One pass of the operator, after compute-2's agent has run the monitors it was sent (their first result: the
   * device is there); starts and fences stay as they are, for the test to answer.
   */
  void reconcile(ClusterController controller) {
    for (ResourceAction a : c.resources(ResourceAction.class).list().getItems()) {
      if (Snapshot.running(a) && "compute-2".equals(a.getSpec().node)
          && a.getSpec().action == ResourceActionSpec.Action.monitor) {
        finish(a, "Succeeded");
      }
    }
    controller.reconcile(LiveState.read(c, ns));
  }

  /** The fence actions there are, oldest first. */
  List<ResourceAction> fences() {
    return c.resources(ResourceAction.class).list().getItems().stream().filter(Fencer::isFence)
        .sorted(java.util.Comparator.comparingLong(Fencer::askedAt)).toList();
  }

  /** Reports the action finished, as its agent does. */
  void finish(ResourceAction a, String phase) {
    ResourceActionStatus st = new ResourceActionStatus();
    st.phase = phase;
    st.completionTime = Instant.now().toString();
    a.setStatus(st);
    c.resource(a).updateStatus();
  }

  HACluster cluster() {
    return c.resources(HACluster.class).list().getItems().get(0);
  }
}
