package dev.baton.operator.e2e;

import dev.baton.api.v1alpha1.ResourceAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * SIGKILL of the operator in the middle of a transition: www is killed where the group runs, and once the
 * recovery's first action has finished (more are still to come: the group's stops and starts are ordered), after a
 * random few hundred ms, the operator dies. A new one must complete or supersede the transition: the group is
 * served again, and no action ran twice — each primitive started at most once on each controller, as the
 * ResourceActions and the web server's own start log say (the log is the watcher: it must show the one start).
 */
final class OperatorKillFault implements Fault {
  private static int restarts;
  private String node;
  private Set<String> actionsBefore;
  private final Map<String, Integer> startsBefore = new java.util.HashMap<>();

  @Override
  public String kind() {
    return "operator-kill";
  }

  @Override
  public String inject(ChaosLab lab) throws Exception {
    node = lab.holder();
    for (String n : lab.lab.nodes()) {
      startsBefore.put(n, starts(lab, n));
    }
    String before = lab.lastTransition();
    actionsBefore = lab.actionUids();
    lab.failureInjected("www", node);
    lab.lab.killService(node, "apache2");
    ChaosLab.await("the recovery's first action finished", Duration.ofSeconds(30), () -> {
      String t = lab.lastTransition();
      return !Objects.equals(t, before) && lab.client.resources(ResourceAction.class).list().getItems().stream()
          .anyMatch(a -> t.equals(a.getSpec().transition) && !ChaosLab.unfinished(a));
    });
    Thread.sleep(ThreadLocalRandom.current().nextLong(400));
    lab.restartOperator("operator-restarted-" + ++restarts);
    return node;
  }

  @Override
  public Outcome expected() {
    return Outcome.RECOVERS;
  }

  @Override
  public void verify(ChaosLab lab, ChaosRound round) throws IOException {
    List<ResourceAction> since = lab.actionsCreatedSince(actionsBefore);
    Map<String, Long> starts = since.stream().filter(a -> a.getSpec().action.name().equals("start"))
        .collect(Collectors.groupingBy(a -> a.getSpec().resource + "@" + a.getSpec().node, Collectors.counting()));
    starts.forEach((k, n) -> {
      if (n > 1) {
        throw new AssertionError("started " + n + " times after the operator was killed: " + k);
      }
    });
    String holder = lab.holder();
    if (!starts.containsKey("www@" + ChaosLab.hanode(holder))) {
      throw new AssertionError("www runs on " + holder + " but no start action was seen there: " + starts.keySet());
    }
    for (String n : lab.lab.nodes()) {
      int ran = starts(lab, n) - startsBefore.get(n);
      int asked = starts.getOrDefault("www@" + ChaosLab.hanode(n), 0L).intValue();
      if (ran != asked) {
        throw new AssertionError("the web server on " + n + " logged " + ran + " start(s), the operator asked "
            + asked);
      }
    }
  }

  /** Starts of the lab's web server on a controller, from its own log. */
  static int starts(ChaosLab lab, String node) throws IOException {
    Path log = Path.of("/run/baton-lab", lab.lab.ns(node), "apache2", "actions.log");
    return Files.exists(log) ? (int) Files.readAllLines(log).stream().filter(l -> l.endsWith(" start")).count() : 0;
  }
}
