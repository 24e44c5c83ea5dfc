package dev.baton.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Transition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The audit after every round, as Pacemaker's CTS audits: every configuration object still there
 * with the uid and generation it had (none lost, none recreated, none added); the placement is what
 * `kubectl baton simulate` says it should be, with nothing left to do; every fail-count matches a
 * failure a fault caused; no Transition left in progress; no ResourceAction without its Transition
 * or unfinished; the watchers (client probe, VIP events) alive.
 */
final class ChaosAudit {
  private static final List<Class<? extends CustomResource<?, ?>>> CONFIGURATION = List.of(HACluster.class,
      HANode.class, Primitive.class, ResourceGroup.class, Clone.class, LocationConstraint.class,
      ColocationConstraint.class, OrderConstraint.class);
  private final ChaosLab lab;
  private final Map<String, String> baseline;

  /** Takes the baseline: the configuration objects of the converged cluster. */
  ChaosAudit(ChaosLab lab) {
    this.lab = lab;
    this.baseline = configuration();
  }

  int objects() {
    return baseline.size();
  }

  /** "Kind/name" → "uid@generation" of every configuration object. */
  private Map<String, String> configuration() {
    Map<String, String> out = new TreeMap<>();
    for (Class<? extends CustomResource<?, ?>> kind : CONFIGURATION) {
      for (HasMetadata o : lab.client.resources(kind).list().getItems()) {
        out.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getUid() + "@"
            + o.getMetadata().getGeneration());
      }
    }
    return out;
  }

  void check(ChaosRound r) {
    try {
      objects(r);
      simulate(r);
      failCounts(r);
      transitionsAndActions(r);
      if (!lab.probe.alive()) {
        r.problems.add("the client's probe stopped reporting");
      }
    } catch (RuntimeException e) {
      r.problems.add("the audit could not read the cluster: " + e);
    }
  }

  private void objects(ChaosRound r) {
    Map<String, String> now = configuration();
    for (var e : baseline.entrySet()) {
      String was = e.getValue();
      String is = now.get(e.getKey());
      if (is == null) {
        r.problems.add("lost: " + e.getKey());
        r.lostObjects++;
      } else if (!is.equals(was)) {
        r.problems.add(e.getKey() + " changed: uid@generation " + was + " → " + is);
        r.lostObjects += is.split("@")[0].equals(was.split("@")[0]) ? 0 : 1;
      }
    }
    now.keySet().stream().filter(k -> !baseline.containsKey(k)).forEach(k -> r.problems.add("appeared: " + k));
  }

  /** `kubectl baton simulate -o json` on the live namespace: nothing to do, and placed as observed. */
  private void simulate(ChaosRound r) {
    Path repo = lab.cp.repoRoot();
    Lab.Result res = Lab.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", repo.resolve("cli/target/kubectl-baton.jar").toString(), "simulate", "-o", "json",
        "--kubeconfig", lab.cp.kubeconfig().toString(), "-n", ChaosLab.NS), false);
    if (res.exit() != 0) {
      r.problems.add("kubectl baton simulate exited " + res.exit() + ": " + res.out());
      return;
    }
    JsonNode json;
    try {
      String out = res.out();
      json = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    } catch (Exception e) {
      r.problems.add("kubectl baton simulate printed no JSON: " + res.out());
      return;
    }
    if (!json.path("actions").isEmpty()) {
      r.problems.add("converged, but simulate would still do: " + json.path("actions"));
    }
    Map<String, List<String>> observed = lab.placement();
    json.path("placement").fields().forEachRemaining(e -> {
      List<String> want = new ArrayList<>();
      e.getValue().forEach(v -> want.add(v.asText()));
      List<String> is = observed.getOrDefault(e.getKey(), List.of());
      if (!Set.copyOf(want).equals(Set.copyOf(is))) {
        r.problems.add("placement of " + e.getKey() + " is " + is + ", simulate says " + want);
      }
    });
  }

  private void failCounts(ChaosRound r) {
    for (Primitive p : lab.primitives()) {
      if (p.getStatus() == null || p.getStatus().failCounts == null) {
        continue;
      }
      p.getStatus().failCounts.forEach((node, n) -> {
        if (n != null && n > 0 && !lab.failureWasInjected(p.getMetadata().getName(), node)) {
          r.problems.add("fail-count " + p.getMetadata().getName() + "@" + node + "=" + n
              + " without a failure a fault caused (last failure: " + describe(p.getStatus().lastFailure) + ")");
        }
      });
    }
  }

  private static String describe(dev.baton.api.v1alpha1.PrimitiveStatus.FailureRecord f) {
    return f == null ? "none" : f.operation + " on " + f.node + " rc=" + f.rc + " at " + f.time;
  }

  private void transitionsAndActions(ChaosRound r) {
    List<Transition> transitions = lab.client.resources(Transition.class).list().getItems();
    transitions.stream().filter(t -> t.getStatus() == null || "InProgress".equals(t.getStatus().phase))
        .forEach(t -> r.problems.add("transition " + t.getMetadata().getName() + " still in progress: "
            + t.getSpec().reason));
    for (ResourceAction a : lab.client.resources(ResourceAction.class).list().getItems()) {
      if (ChaosLab.unfinished(a)) {
        r.problems.add("action " + a.getMetadata().getName() + " (" + a.getSpec().action + " " + a.getSpec().resource
            + " on " + a.getSpec().node + ") unfinished after convergence");
      }
    }
    // the actions of a pruned Transition go with it, by the garbage collector: give it a moment
    long end = System.nanoTime() + 10_000_000_000L;
    List<String> orphans = orphans();
    while (!orphans.isEmpty() && System.nanoTime() < end) {
      sleep(500);
      orphans = orphans();
    }
    orphans.forEach(o -> r.problems.add("orphan action " + o));
  }

  private List<String> orphans() {
    Set<String> transitions = lab.client.resources(Transition.class).list().getItems().stream()
        .map(t -> t.getMetadata().getName()).collect(Collectors.toSet());
    return lab.client.resources(ResourceAction.class).list().getItems().stream()
        .filter(a -> a.getSpec().transition != null && !transitions.contains(a.getSpec().transition))
        .map(a -> a.getMetadata().getName() + ": its transition " + a.getSpec().transition + " is gone").toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
