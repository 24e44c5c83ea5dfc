package dev.baton.operator.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A monitor that hangs past its timeout: nova-network's next status on the VIP holder never
 * returns (the lab's init script hangs once when asked to), the agent kills it after the
 * monitor's 2 s timeout, and the timeout counts as a failure.
 */
final class MonitorHangFault implements Fault {
  @Override
  public String kind() {
    return "monitor-hang";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    String node = lab.holder();
    lab.failureInjected("nova-network", node);
    Files.createFile(Path.of("/run/baton-lab", lab.lab.ns(node), "nova-network", "hang-once"));
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.RECOVERS;
  }
}
