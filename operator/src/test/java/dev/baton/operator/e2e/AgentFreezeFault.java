package dev.baton.operator.e2e;

/**
 * SIGSTOP of the agent where the VIP group runs, for longer than its lease: it is frozen until the
 * group has moved (the VIP's kernel lifetime runs out while it is stopped). Healed by SIGCONT: the
 * agent wakes past its lease, finds itself isolated and stops what it ran, then rejoins.
 */
final class AgentFreezeFault implements Fault {
  private String node;

  @Override
  public String kind() {
    return "agent-freeze";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    node = lab.holder();
    // Thawed, the agent reports the VIP its kernel lifetime removed meanwhile as a failed monitor (rc 7): no
    // failure may be counted for it, the node was lost (its history is forgotten on its return, as Pacemaker's)
    signal(lab, "-STOP");
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.MOVES;
  }

  @Override
  public void heal(ChaosLab lab) throws Exception {
    signal(lab, "-CONT");
  }

  private void signal(ChaosLab lab, String sig) {
    Lab.run(java.util.List.of("kill", sig, Long.toString(lab.cluster.agent(node).pid())));
  }
}
