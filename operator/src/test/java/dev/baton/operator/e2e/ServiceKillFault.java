package dev.baton.operator.e2e;

/** kill -9 of the web server (lsb:apache2, www) where the VIP group runs: its 2 s monitor finds it. */
final class ServiceKillFault implements Fault {
  @Override
  public String kind() {
    return "service-kill";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    String node = lab.holder();
    lab.failureInjected("www", node);
    lab.lab.killService(node, "apache2");
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.RECOVERS;
  }
}
