package dev.baton.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Several operator replicas may run; one leads (a coordination.k8s.io Lease), the others wait and
 * take over when its lease runs out. Active in the prod profile
 * (quarkus.operator-sdk.activate-leader-election-for-profiles).
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {
  /**
   * This process' identity, as kube-controller-manager forms it (host name, a unique suffix: replicas may share a
   * host): the Lease's holder while it leads, and HACluster status.operator of what it writes.
   */
  static final String IDENTITY = System.getenv().getOrDefault("HOSTNAME", "operator") + "_" + UUID.randomUUID();

  public LeaderElection(@ConfigProperty(name = "baton.leader-election.lease-namespace") String namespace,
      @ConfigProperty(name = "baton.leader-election.lease-duration", defaultValue = "15s") Duration lease,
      @ConfigProperty(name = "baton.leader-election.renew-deadline", defaultValue = "10s") Duration renew,
      @ConfigProperty(name = "baton.leader-election.retry-period", defaultValue = "2s") Duration retry) {
    super("baton-operator-leader", namespace, lease, renew, retry, IDENTITY, null, true);
  }
}
