package dev.baton.operator.console;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.cib.MoveConstraints;
import dev.baton.cib.ResourceWrites;
import dev.baton.cib.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's actions, each a verb {@code kubectl baton resource} (crm_resource) has, making the same writes
 * ({@link ResourceWrites}): move and ban (a cli-prefer/cli-ban location constraint), clear (deleting them), cleanup
 * (the request annotation on the primitives), and a node's standby/online (its spec.standby). Each needs the write's
 * own RBAC rights, checked per request for the user ({@link #permissions}).
 */
final class ConsoleActions {
  /** What the console's constraints carry in baton.dev/created-by. */
  static final String CREATED_BY = "baton-console";

  enum Verb { move, ban, clear, cleanup, standby, online }

  /** A request: the verb, its resource (move, ban, clear, cleanup) and node (required for move, ban, standby, online). */
  record Request(Verb verb, String resource, String node) {
  }

  /** A write the user must be allowed: verb on baton.dev's resource. */
  record Permission(String verb, String resource) {
  }

  /** A request that names something the cluster does not have: 400, nothing written. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message);
    }
  }

  private ConsoleActions() {
  }

  /** The writes the verb makes, each of which the user needs RBAC for. */
  static List<Permission> permissions(Verb verb) {
    return switch (verb) {
      // a move also deletes a ban on its target, as crm_resource --move does
      case move -> List.of(new Permission("create", "locationconstraints"),
          new Permission("update", "locationconstraints"), new Permission("delete", "locationconstraints"));
      case ban -> List.of(new Permission("create", "locationconstraints"),
          new Permission("update", "locationconstraints"));
      case clear -> List.of(new Permission("delete", "locationconstraints"));
      case cleanup -> List.of(new Permission("patch", "primitives"));
      case standby, online -> List.of(new Permission("patch", "hanodes"));
    };
  }

  /** Checks the request against the cluster and writes it; returns what was done, in the CLI's words. */
  static List<String> run(Snapshot s, ResourceWrites w, Request r) throws Rejected {
    List<String> done = new ArrayList<>();
    switch (r.verb()) {
      case standby, online -> {
        node(s, r);
        w.standby(r.node(), r.verb() == Verb.standby);
        done.add("node " + r.node() + (r.verb() == Verb.standby ? ": standby" : ": online"));
      }
      case move -> {
        topLevel(s, r);
        node(s, r);
        String ban = MoveConstraints.banName(r.resource(), r.node());
        if (s.locations().stream().anyMatch(l -> l.getMetadata().getName().equals(ban))) {
          w.deleteConstraint(ban);
          done.add("deleted LocationConstraint " + ban);
        }
        String name = MoveConstraints.preferName(r.resource());
        w.constraint(name, r.resource(), r.node(), "INFINITY", null, CREATED_BY);
        done.add("created LocationConstraint " + name + ": " + r.resource() + " prefers " + r.node() + " (INFINITY)");
      }
      case ban -> {
        topLevel(s, r);
        node(s, r);
        String name = MoveConstraints.banName(r.resource(), r.node());
        w.constraint(name, r.resource(), r.node(), "-INFINITY", null, CREATED_BY);
        done.add("created LocationConstraint " + name + ": " + r.resource() + " banned from " + r.node()
            + " (-INFINITY)");
      }
      case clear -> {
        resource(s, r);
        for (LocationConstraint l : s.locations()) {
          if (MoveConstraints.belongsTo(l, r.resource()) && (r.node() == null || r.node().equals(l.getSpec().node))) {
            w.deleteConstraint(l.getMetadata().getName());
            done.add("deleted LocationConstraint " + l.getMetadata().getName());
          }
        }
        if (done.isEmpty()) {
          done.add("no move constraints for " + r.resource());
        }
      }
      case cleanup -> {
        if (r.node() != null) {
          node(s, r);
        }
        List<Primitive> targets = primitives(s, resource(s, r));
        w.cleanup(targets, r.node());
        targets.forEach(p -> done.add(p.getMetadata().getName() + ": cleanup requested"
            + (r.node() == null ? "" : " on " + r.node())));
      }
      default -> throw new IllegalStateException(r.verb().name());
    }
    return done;
  }

  private static void node(Snapshot s, Request r) throws Rejected {
    if (r.node() == null || s.nodes().stream().noneMatch(n -> n.getMetadata().getName().equals(r.node()))) {
      throw new Rejected(r.verb() + ": " + (r.node() == null ? "a node is required"
          : "no node '" + r.node() + "' in the cluster"));
    }
  }

  private static HasMetadata resource(Snapshot s, Request r) throws Rejected {
    Optional<HasMetadata> found = named(s.primitives(), r.resource()).or(() -> named(s.groups(), r.resource()))
        .or(() -> named(s.clones(), r.resource()));
    if (r.resource() == null || found.isEmpty()) {
      throw new Rejected(r.verb() + ": " + (r.resource() == null ? "a resource is required"
          : "no resource '" + r.resource() + "' in the cluster"));
    }
    return found.get();
  }

  /** Constraints belong on the top-level resource: a group member or cloned resource moves with its parent. */
  private static void topLevel(Snapshot s, Request r) throws Rejected {
    resource(s, r);
    for (ResourceGroup g : s.groups()) {
      if (g.getSpec().members != null && g.getSpec().members.contains(r.resource())) {
        throw new Rejected(r.resource() + " is a member of group " + g.getMetadata().getName()
            + "; use the group instead");
      }
    }
    for (Clone c : s.clones()) {
      if (r.resource().equals(c.getSpec().resource)) {
        throw new Rejected(r.resource() + " is cloned by " + c.getMetadata().getName() + "; use the clone instead");
      }
    }
  }

  /** The primitives a resource consists of: itself, a group's members, a clone's primitive(s). */
  private static List<Primitive> primitives(Snapshot s, HasMetadata r) {
    if (r instanceof Primitive p) {
      return List.of(p);
    }
    if (r instanceof ResourceGroup g) {
      return s.primitives().stream().filter(p -> g.getSpec().members.contains(p.getMetadata().getName())).toList();
    }
    String inner = ((Clone) r).getSpec().resource;
    Optional<HasMetadata> child = named(s.primitives(), inner).or(() -> named(s.groups(), inner));
    return child.map(c -> primitives(s, c)).orElse(List.of());
  }

  private static <T extends HasMetadata> Optional<HasMetadata> named(List<T> objects, String name) {
    return objects.stream().filter(o -> o.getMetadata().getName().equals(name)).map(o -> (HasMetadata) o).findFirst();
  }
}
