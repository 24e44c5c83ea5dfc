package dev.baton.operator.e2e;

import java.util.List;

/**
 * SIGKILL of the agent where the VIP group runs. Nobody refreshes the VIP's kernel lifetime any
 * more, so the kernel removes it (lease duration 2 s, + ~0.4 s) before the operator judges the node
 * lost (lease + 0.5 s grace) and starts the group elsewhere. Healed by starting the agent again,
 * which adopts or stops what still runs there.
 */
final class AgentKillFault implements Fault {
  private String node;

  @Override
  public String kind() {
    return "agent-kill";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    node = lab.holder();
    lab.cluster.killAgent(node);
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.MOVES;
  }

  /** The kernel removed the VIP by its lifetime: within 2 s + 1.5 s of the kill. */
  @Override
  public void verify(ChaosLab lab, ChaosRound round) {
    int n = Integer.parseInt(node.substring(1));
    List<long[]> deletes = lab.vip.eventsSince(round.startNanos).stream().filter(e -> e[1] == n && e[2] < 0).toList();
    if (deletes.isEmpty()) {
      throw new AssertionError("the VIP of killed agent " + node + " was never removed");
    }
    double ms = (deletes.get(0)[0] - round.startNanos) / 1e6;
    if (ms > 3500) {
      throw new AssertionError(String.format("the VIP of killed agent %s vanished only %.0f ms after the kill", node, ms));
    }
  }

  @Override
  public void heal(ChaosLab lab) throws Exception {
    lab.cluster.startAgent(node);
  }
}
