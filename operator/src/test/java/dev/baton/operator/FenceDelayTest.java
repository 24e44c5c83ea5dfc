package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.MetaAttributes;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.cib.LiveState;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * priority-fencing-delay as the operator applies it, on the real API server: compute-1, lost, runs the group of
 * priority 10 (compute-2 only the device): its fence is asked for only once the 2s delay has passed since the
 * operator first wanted it, and the reconcile asks to be run again when it is due.
 */
@ExtendWith(KubeApi.class)
class FenceDelayTest {
  @Test
  void theFenceOfTheLostNodeWithTheMostImportantResourcesWaitsForTheDelay(KubeApi.Env env) throws Exception {
    KubernetesClient c = env.client();
    FencingNamespace lab = new FencingNamespace(c, env.namespace(), objects -> {
      Fixtures.only(objects, HACluster.class).get(0).getSpec().properties.priorityFencingDelay = new IntOrString("2s");
      ResourceGroup g = Fixtures.only(objects, ResourceGroup.class).get(0);
      g.getSpec().meta = new MetaAttributes();
      g.getSpec().meta.priority = 10;
    });
    AtomicLong clock = new AtomicLong();
    ClusterController operator = new ClusterController(c, new Membership(clock::get),
        new Metrics(new SimpleMeterRegistry()));
    lab.reconcile(operator);
    clock.addAndGet(FencingNamespace.LEASE_GRACE_NANOS);
    long wanted = System.nanoTime();
    Duration again = null;
    while (lab.fences().isEmpty() && System.nanoTime() - wanted < 10_000_000_000L) {
      lab.reconcile(operator);
      again = operator.reconcile(LiveState.read(c, env.namespace()));
      if (lab.fences().isEmpty()) {
        assertThat(again).as("the reconcile comes back when the fence is due").isNotNull()
            .isLessThanOrEqualTo(Duration.ofSeconds(2));
        Thread.sleep(Math.min(again.toMillis(), 200));
      }
    }
    long waitedMs = (System.nanoTime() - wanted) / 1_000_000;
    assertThat(lab.fences()).as("asked for once due").hasSize(1);
    assertThat(waitedMs).as("not before the delay").isGreaterThanOrEqualTo(2000).isLessThan(4000);
  }
}
