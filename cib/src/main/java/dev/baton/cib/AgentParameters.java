package dev.baton.cib;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Primitive's params checked against what its agent's meta-data defines. A parameter the agent does not define,
 * or a required one that is missing, is the Primitive's fault (DESIGN §4): Ready=False with the reason, and the
 * scheduler leaves the resource as it is — running or stopped — until it is fixed, instead of starting an agent that
 * would fail or stopping one that runs. The agents publish meta-data in their HANode status when asked with a
 * meta-data action; a Primitive not yet running waits for it (one action, milliseconds) before its first start.
 */
public final class AgentParameters {
  /** A meta-data action wanted: run {@code primitive}'s agent's meta-data on {@code node}. */
  public record Ask(String node, Primitive primitive) {
  }

  /** {@code held}: primitives to leave as they are; {@code ask}: by agent (class:provider:type). */
  record Check(Set<String> held, Map<String, Ask> ask) {
  }

  private AgentParameters() {
  }

  /** @param active primitives the operation history shows running somewhere: never held for want of meta-data */
  static Check check(Snapshot s, Set<String> online, Set<String> active, Problems problems) {
    // a node whose meta-data action failed is not asked again for that agent
    Set<String> unanswerable = new HashSet<>();
    s.actions().stream().filter(a -> a.getSpec().action == ResourceActionSpec.Action.meta_data && Snapshot.failed(a))
        .forEach(a -> unanswerable.add(OperationHistory.agent(a.getSpec().resourceClass, a.getSpec().provider,
            a.getSpec().type) + "@" + a.getSpec().node));
    Set<String> held = new LinkedHashSet<>();
    Map<String, Ask> ask = new LinkedHashMap<>();
    for (Primitive p : s.primitives()) {
      if (p.getSpec().resourceClass == PrimitiveSpec.ResourceClass.stonith) {
        continue; // a fencing device: no agent of ours runs it
      }
      String agent = OperationHistory.agent(p);
      String name = p.getMetadata().getName();
      HANodeStatus.AgentParameters described = described(s.nodes(), agent);
      if (described != null) {
        if (!valid(p, agent, described, problems)) {
          held.add(name);
        }
        continue;
      }
      s.nodes().stream().filter(n -> n.getStatus() != null && n.getStatus().availableAgents != null
              && n.getStatus().availableAgents.contains(agent)).map(n -> n.getMetadata().getName())
          .filter(n -> online.contains(n) && !unanswerable.contains(agent + "@" + n))
          .findFirst().ifPresent(node -> {
            ask.putIfAbsent(agent, new Ask(node, p));
            if (!active.contains(name)) {
              held.add(name);
            }
          });
    }
    return new Check(held, ask);
  }

  private static boolean valid(Primitive p, String agent, HANodeStatus.AgentParameters described, Problems problems) {
    List<String> defined = described.parameters == null ? List.of() : described.parameters;
    Set<String> given = p.getSpec().params == null ? Set.of() : p.getSpec().params.keySet();
    List<String> unknown = given.stream().filter(k -> !defined.contains(k)).sorted().toList();
    List<String> missing = described.required == null ? List.of()
        : described.required.stream().filter(r -> !given.contains(r)).toList();
    if (!unknown.isEmpty()) {
      problems.add(p, "UnknownParameter", (unknown.size() == 1 ? "parameter " + quoted(unknown) + " is"
          : "parameters " + quoted(unknown) + " are") + " not defined by " + agent + " (it takes "
          + (defined.isEmpty() ? "no parameters" : String.join(", ", defined))
          + "); the resource is left as it is until spec.params is fixed");
      return false;
    }
    if (!missing.isEmpty()) {
      problems.add(p, "MissingParameter", (missing.size() == 1 ? "required parameter " + quoted(missing) + " is"
          : "required parameters " + quoted(missing) + " are") + " missing (" + agent
          + "); the resource is left as it is until spec.params sets it");
      return false;
    }
    return true;
  }

  private static HANodeStatus.AgentParameters described(List<HANode> nodes, String agent) {
    for (HANode n : nodes) {
      if (n.getStatus() != null && n.getStatus().agentParameters != null
          && n.getStatus().agentParameters.containsKey(agent)) {
        return n.getStatus().agentParameters.get(agent);
      }
    }
    return null;
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").collect(java.util.stream.Collectors.joining(", "));
  }
}
