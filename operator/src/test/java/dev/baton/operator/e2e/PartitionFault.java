package dev.baton.operator.e2e;

import java.time.Duration;

/**
 * A network partition of the controller where the VIP group runs: from its peers only (LAN traffic
 * between controllers dropped both ways, the client and the API server still reach it), from the
 * API server only (management link down), or from both.
 *
 * <p>From the peers only, nothing may move: membership is the node's lease in the API, the peers
 * are only asked when the API cannot be reached. The partition is held for three lease durations.
 * From the API server (with or without the peers) the node isolates itself and stops what it ran
 * (its peers, when it still reaches them, say they reach the API: not a global outage), and the
 * group recovers elsewhere.
 */
final class PartitionFault implements Fault {
  enum From {
    PEERS("partition-peers"), API("partition-api"), BOTH("partition-both");

    final String kind;

    From(String kind) {
      this.kind = kind;
    }
  }

  private final From from;
  private String node;

  PartitionFault(From from) {
    this.from = from;
  }

  @Override
  public String kind() {
    return from.kind;
  }

  @Override
  public String inject(ChaosLab lab) throws InterruptedException {
    node = lab.holder();
    if (from != From.API) {
      lab.lab.cutFromPeers(node, true);
    }
    if (from != From.PEERS) {
      lab.lab.cutManagement(node, true);
    } else {
      Thread.sleep(Duration.ofSeconds(6).toMillis());
    }
    return node;
  }

  @Override
  public Outcome expected() {
    return from == From.PEERS ? Outcome.STAYS : Outcome.MOVES;
  }

  @Override
  public void heal(ChaosLab lab) {
    if (from != From.API) {
      lab.lab.cutFromPeers(node, false);
    }
    if (from != From.PEERS) {
      lab.lab.cutManagement(node, false);
    }
  }
}
