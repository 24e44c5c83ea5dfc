package dev.baton.operator.e2e;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceGroup;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A crm_resource request at a random moment of a transition (the defect of bench-failover: a cleanup set while the
 * failover still ran was never acted on). www is killed where the group runs; once the operator has started the
 * recovery, after a random delay within its usual length, `kubectl baton resource` asks for a cleanup of www, a
 * move of the group to another controller, or a ban of it from where it ran. The request must be acted on: the
 * audit's simulate (which reads the same request) agrees with the placement, and the request's own effect is seen.
 */
final class RequestDuringTransitionFault implements Fault {
  enum Request { CLEANUP, MOVE, BAN }

  private String node;
  private Request request;
  private String target;
  private long delayMs;

  @Override
  public String kind() {
    return "request-mid-transition";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    node = lab.holder();
    String before = lab.lastTransition();
    lab.failureInjected("www", node);
    lab.lab.killService(node, "apache2");
    ChaosLab.await("the operator starts the recovery", Duration.ofSeconds(30),
        () -> !Objects.equals(lab.lastTransition(), before));
    // seen reported before a cleanup forgets it (the round waits for every failure it caused to be seen)
    ChaosLab.await("www's failure reported", Duration.ofSeconds(30), lab::failuresSeen);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    request = Request.values()[random.nextInt(Request.values().length)];
    delayMs = random.nextLong(3000);
    Thread.sleep(delayMs);
    switch (request) {
      case CLEANUP -> KubectlBaton.run(lab, "resource", "cleanup", "www");
      case MOVE -> move(lab, random);
      case BAN -> ban(lab);
    }
    return node;
  }

  /**
   * A move to where the group neither ran nor runs now. The recovery may place it on the chosen node between the
   * choice and the CLI's own read (a JVM start later), and a move to where a resource runs is refused, as
   * crm_resource refuses it: then the other node is chosen. A ban from the victim when no node is left.
   */
  private void move(ChaosLab lab, ThreadLocalRandom random) {
    for (int attempt = 0; ; attempt++) {
      String now = lab.holder();
      Set<String> active = groupActiveOn(lab);
      List<String> others = lab.lab.nodes().stream()
          .filter(n -> !n.equals(node) && !n.equals(now) && !active.contains(ChaosLab.hanode(n))).toList();
      if (others.isEmpty()) {
        request = Request.BAN;
        ban(lab);
        return;
      }
      target = others.get(random.nextInt(others.size()));
      try {
        KubectlBaton.run(lab, "resource", "move", "services", "--node", ChaosLab.hanode(target));
        return;
      } catch (AssertionError e) {
        if (attempt > 0 || !String.valueOf(e.getMessage()).contains("already runs on")) {
          throw e;
        }
      }
    }
  }

  private void ban(ChaosLab lab) {
    KubectlBaton.run(lab, "resource", "ban", "services", "--node", ChaosLab.hanode(node));
  }

  /** The HANodes the group's status reports it active on (entries "node" or "Role@node"). */
  private static Set<String> groupActiveOn(ChaosLab lab) {
    ResourceGroup g = lab.client.resources(ResourceGroup.class).withName("services").get();
    if (g == null || g.getStatus() == null || g.getStatus().activeOn == null) {
      return Set.of();
    }
    return g.getStatus().activeOn.stream().map(e -> e.substring(e.indexOf('@') + 1)).collect(Collectors.toSet());
  }

  @Override
  public Outcome expected() {
    return Outcome.RECOVERS;
  }

  /** The request acted on: the cleanup recorded in www's status, the group on the move's target, off the banned node. */
  @Override
  public boolean effectSeen(ChaosLab lab) {
    return problem(lab) == null;
  }

  @Override
  public void verify(ChaosLab lab, ChaosRound round) {
    String problem = problem(lab);
    if (problem != null) {
      throw new AssertionError(request + " " + delayMs + " ms into the recovery: " + problem);
    }
  }

  private String problem(ChaosLab lab) {
    String where = lab.holder();
    return switch (request) {
      case CLEANUP -> {
        Primitive www = lab.client.resources(Primitive.class).withName("www").get();
        String asked = www.getMetadata().getAnnotations().get("baton.dev/cleanup");
        yield www.getStatus() != null && asked.equals(www.getStatus().lastCleanup) ? null
            : "the operator never acted on cleanup " + asked;
      }
      case MOVE -> target.equals(where) ? null : "the group was moved to " + target + " but runs on " + where;
      case BAN -> where != null && !node.equals(where) ? null : "the group was banned from " + node + " but runs on " + where;
    };
  }

  @Override
  public void heal(ChaosLab lab) {
    if (request != Request.CLEANUP) {
      KubectlBaton.run(lab, "resource", "clear", "services");
    }
  }
}
