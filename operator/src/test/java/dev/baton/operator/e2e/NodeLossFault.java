package dev.baton.operator.e2e;

/**
 * Node loss and return: every link of the VIP holder is cut, both ways (LAN and management), its
 * agent still running (it isolates itself and stops what it ran); the group recovers elsewhere.
 * Healed by the node's return: links up, the agent rejoins.
 */
final class NodeLossFault implements Fault {
  private String node;

  @Override
  public String kind() {
    return "node-loss";
  }

  @Override
  public String inject(ChaosLab lab) {
    node = lab.holder();
    lab.lab.cut(node);
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.MOVES;
  }

  @Override
  public void heal(ChaosLab lab) {
    lab.lab.restore(node);
  }
}
