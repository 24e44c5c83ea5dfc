package dev.baton.operator.e2e;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.List;

/**
 * A stop that fails: nova-network where the group runs hangs (SIGSTOP: it cannot act on the TERM of its stop
 * script, which gives up after 5 s and says so), and the group is banned from that controller, so it must stop
 * there — nova-network first, the group's last member. Without fencing (stonith-enabled=false) Pacemaker blocks
 * such a resource — crm_simulate shows it "FAILED (blocked)" and the stops ordered after it (www's, the VIP's)
 * "blocked" too: nothing of the group may start anywhere else, for it may still run where the stop failed, and
 * what runs keeps running. Healed by the administrator: the daemon is let go (it then ends on the pending TERM),
 * the ban cleared and the failure cleaned up.
 */
final class StopFailureFault implements Fault {
  private String node;
  private String pid;
  private Set<String> before;

  @Override
  public String kind() {
    return "stop-failure";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    node = lab.holder();
    before = lab.actionUids();
    pid = Files.readString(Path.of("/run/baton-lab", lab.lab.ns(node), "nova-network", "pid")).trim();
    Lab.run(List.of("kill", "-STOP", pid));
    // its failed stop, and once let go its monitor there (it ends on the pending TERM)
    lab.failureInjected("nova-network", node);
    KubectlBaton.run(lab, "resource", "ban", "services", "--node", ChaosLab.hanode(node));
    ChaosLab.await("nova-network's stop on " + node + " failed", Duration.ofSeconds(60),
        () -> !stops(lab).isEmpty() && stops(lab).stream().allMatch(a -> a.getStatus() != null
            && "Failed".equals(a.getStatus().phase)));
    // long enough for anything wrongly started elsewhere to be seen
    Thread.sleep(3000);
    return node;
  }

  private List<ResourceAction> stops(ChaosLab lab) {
    return lab.actionsCreatedSince(before).stream()
        .filter(a -> a.getSpec().action.name().equals("stop") && a.getSpec().resource.equals("nova-network")
            && a.getSpec().node.equals(ChaosLab.hanode(node)))
        .toList();
  }

  @Override
  public Outcome expected() {
    return Outcome.STAYS;
  }

  @Override
  public void verify(ChaosLab lab, ChaosRound round) {
    List<String> elsewhere = lab.actionsCreatedSince(before).stream()
        .filter(a -> a.getSpec().action.name().equals("start") && List.of("vip", "www", "nova-network")
            .contains(a.getSpec().resource))
        .map(a -> a.getSpec().resource + "@" + a.getSpec().node).toList();
    if (!elsewhere.isEmpty()) {
      throw new AssertionError("nova-network's stop failed on " + node + ", yet the group was started: "
          + elsewhere);
    }
    Primitive nova = lab.client.resources(Primitive.class).withName("nova-network").get();
    if (!"Failed".equals(nova.getStatus().state) || nova.getStatus().lastFailure == null
        || !nova.getStatus().lastFailure.operation.startsWith("stop")) {
      throw new AssertionError("nova-network is not reported failed by its stop: " + nova.getStatus().state + " "
          + nova.getStatus().lastFailure);
    }
    if (!lab.lab.holdsVip(node)) {
      throw new AssertionError("the VIP left " + node + " although nova-network's stop there failed");
    }
  }

  @Override
  public void heal(ChaosLab lab) {
    Lab.run(List.of("kill", "-CONT", pid));
    KubectlBaton.run(lab, "resource", "clear", "services");
    KubectlBaton.run(lab, "resource", "cleanup", "nova-network");
  }
}
