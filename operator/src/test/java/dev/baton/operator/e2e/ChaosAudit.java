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
import dev.baton.cli.KubectlBaton;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = KubectlBaton.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
        "simulate", "-o", "json", "--kubeconfig", lab.cp.kubeconfig().toString(), "-n", ChaosLab.NS);
    if (exit != 0) {
      r.problems.add("kubectl baton simulate exited " + exit + ": " + err);
      return;
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(out.toString());
    } catch (Exception e) {
      r.problems.add("kubectl baton simulate printed no JSON: " + out);
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
    // the operator deletes a pruned Transition's actions before the Transition: none may be left, not even for
    // the garbage collector's turn
    orphans().forEach(o -> r.problems.add("orphan action " + o));
  }

  /** Actions first: one listed whose Transition is not there afterwards outlived it (they go first). */
  private List<String> orphans() {
    List<ResourceAction> actions = lab.client.resources(ResourceAction.class).list().getItems();
    Set<String> transitions = lab.client.resources(Transition.class).list().getItems().stream()
        .map(t -> t.getMetadata().getName()).collect(Collectors.toSet());
    return actions.stream()
        .filter(a -> a.getSpec().transition != null && !transitions.contains(a.getSpec().transition))
        .map(a -> a.getMetadata().getName() + ": its transition " + a.getSpec().transition + " is gone").toList();
  }
}
