package dev.baton.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cib.NodeState;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Membership m = new Membership(nanos::get);

  private static Lease lease(String version) {
    return lease(version, null);
  }

  private static Lease lease(String version, Integer durationSeconds) {
    return new LeaseBuilder().withNewMetadata().withName("c1").withResourceVersion(version).endMetadata()
        .withNewSpec().withHolderIdentity("c1").withLeaseDurationSeconds(durationSeconds).endSpec().build();
  }

  private void advance(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }

  @Test
  void aLeaseIsJudgedByWhenTheOperatorSawItChange() {
    assertThat(m.state("ns", "c1", 2000, 500)).as("never seen").isEqualTo(NodeState.LOST);
    m.observe("ns", lease("1"));
    advance(1900);
    m.observe("ns", lease("1")); // unchanged: does not count as a renewal
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.ONLINE);
    assertThat(m.nextChangeMs("ns", "c1", 2000, 500)).isEqualTo(100);
    advance(200);
    assertThat(m.state("ns", "c1", 2000, 500)).as("expired, within the stop grace").isEqualTo(NodeState.UNCLEAN);
    advance(400);
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.LOST);
    m.observe("ns", lease("2"));
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.ONLINE);
  }

  @Test
  void aFencedNodeIsDownAtOnceUntilItRenewsALeaseDurationLater() {
    m.observe("ns", lease("1"));
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.ONLINE);
    m.fenced("ns", "c1");
    assertThat(m.state("ns", "c1", 2000, 500)).as("fenced: down, whatever its lease says").isEqualTo(NodeState.FENCED);
    assertThat(m.nextChangeMs("ns", "c1", 2000, 500)).isEqualTo(-1);
    advance(100);
    m.observe("ns", lease("2")); // a renewal from before the fence, seen late
    assertThat(m.state("ns", "c1", 2000, 500)).as("still fenced, not merely lost").isEqualTo(NodeState.FENCED);
    advance(2500);
    m.observe("ns", lease("3")); // rebooted: its agent renews again
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.ONLINE);
  }

  @Test
  void theLongerOfTheClustersAndTheAnnouncedLeaseDurationCounts() {
    // the HACluster says 2 s, but the agent has not renewed since it announced 10 s: its VIPs may live 10 s
    m.observe("ns", lease("1", 10));
    advance(9000);
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.ONLINE);
    assertThat(m.nextChangeMs("ns", "c1", 2000, 500)).isEqualTo(1000);
    advance(1200);
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.UNCLEAN);
    advance(300);
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.LOST);
    // once it announces 2 s, 2 s count
    m.observe("ns", lease("2", 2));
    advance(2100);
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.UNCLEAN);
    // a longer HACluster value counts at once, before the agent follows it
    m.observe("ns", lease("3", 2));
    advance(2100);
    assertThat(m.state("ns", "c1", 5000, 500)).isEqualTo(NodeState.ONLINE);
    assertThat(m.nextChangeMs("ns", "c1", 5000, 500)).isEqualTo(2900);
  }

  private static Lease lease(String name, String version, Integer durationSeconds) {
    return new LeaseBuilder().withNewMetadata().withName(name).withResourceVersion(version).endMetadata()
        .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(durationSeconds).endSpec().build();
  }

  @Test
  void afterNoLeaseChangedForALeaseDurationEveryLeaseCountsFromTheFirstChangeSeenAgain() {
    m.observe("ns", lease("c1", "1", 2));
    m.observe("ns", lease("c2", "1", 2));
    // the API down for 30 s: nothing changes, both expire in the operator's eyes (nothing can be acted on anyway)
    advance(30_000);
    assertThat(m.state("ns", "c2", 2000, 500)).isEqualTo(NodeState.LOST);
    // c1 renews first when it is back; c2, frozen by the outage, renews a moment later: not LOST meanwhile
    m.observe("ns", lease("c1", "2", 2));
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.ONLINE);
    assertThat(m.state("ns", "c2", 2000, 500)).isEqualTo(NodeState.ONLINE);
    advance(1500);
    m.observe("ns", lease("c1", "3", 2));
    m.observe("ns", lease("c2", "2", 2));
    assertThat(m.state("ns", "c2", 2000, 500)).isEqualTo(NodeState.ONLINE);
    // a node that stops renewing is lost a lease duration + grace after it was last seen, while the others renew
    advance(1000);
    m.observe("ns", lease("c2", "3", 2));
    advance(1200);
    m.observe("ns", lease("c2", "4", 2));
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.UNCLEAN);
    advance(400);
    assertThat(m.state("ns", "c1", 2000, 500)).isEqualTo(NodeState.LOST);
    assertThat(m.state("ns", "c2", 2000, 500)).isEqualTo(NodeState.ONLINE);
  }
}
