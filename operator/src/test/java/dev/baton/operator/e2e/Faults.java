package dev.baton.operator.e2e;

import java.util.List;

/** Every fault kind of the chaos matrix, in table order. A new kind: its class, and a line here. */
final class Faults {
  private Faults() {
  }

  static List<Fault> all() {
    return List.of(
        new ServiceKillFault(),
        new MonitorHangFault(),
        new AgentKillFault(),
        new AgentFreezeFault(),
        new NodeLossFault(),
        new PartitionFault(PartitionFault.From.PEERS),
        new PartitionFault(PartitionFault.From.API),
        new PartitionFault(PartitionFault.From.BOTH),
        new RequestDuringTransitionFault(),
        new OperatorKillFault(),
        new OperatorReplicasFault(),
        new ControlPlaneFault(ControlPlaneFault.Part.API_SERVER),
        new ControlPlaneFault(ControlPlaneFault.Part.ETCD),
        new StopFailureFault(),
        new ClockStepFault());
  }
}
