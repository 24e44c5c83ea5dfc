package dev.baton.cib;

import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.CloneSpec;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.MetaAttributes;
import dev.baton.api.v1alpha1.Operation;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.scheduler.Score;
import dev.baton.scheduler.model.ClusterModel;
import dev.baton.scheduler.model.ClusterProperties;
import dev.baton.scheduler.model.Group;
import dev.baton.scheduler.model.Node;
import dev.baton.scheduler.model.ResourceHistory;
import dev.baton.scheduler.model.Resource;
import dev.baton.scheduler.model.Role;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The API objects of one namespace → the scheduler's {@link ClusterModel}. Cross-object errors are
 * recorded in {@link Problems}; the object at fault is left out of the model. Only constraints,
 * groups and clones are ever left out, never a primitive: a running primitive must not become an
 * orphan (and be stopped) because someone mistyped a constraint.
 */
public final class ModelBuilder {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ModelBuilder() {
  }

  /** {@code askMetaData}: the meta-data actions wanted, so that Primitives can be checked against their agent. */
  public record Result(ClusterModel model, Problems problems, Map<String, AgentParameters.Ask> askMetaData) {
  }

  public static Result build(Snapshot s, Function<HANode, Boolean> online, List<ResourceHistory> history,
      Instant now) {
    return build(s, online, n -> null, history, now);
  }

  /** {@code unclean}: why a node must be fenced before what ran there may run elsewhere (null: it is clean). */
  public static Result build(Snapshot s, Function<HANode, Boolean> online, Function<HANode, String> unclean,
      List<ResourceHistory> history, Instant now) {
    Problems problems = new Problems();
    Map<String, Primitive> primitives = byName(s.primitives());
    Set<String> nodeNames = new HashSet<>(byName(s.nodes()).keySet());

    // Groups: members must exist and belong to one group only. Of two objects that claim the same primitive
    // the older one keeps it (creation order), so a new mistake never takes a running resource from a good
    // object; the same for clones and for the order that closes a cycle. Accepted in age order, kept in name
    // order: the model (and so the scheduler) sees the namespace's order.
    Map<String, String> groupOf = new HashMap<>();
    Map<String, ResourceGroup> groups = new TreeMap<>();
    Map<String, Clone> olderClone = new HashMap<>();
    for (Clone c : byAge(s.clones())) {
      olderClone.putIfAbsent(c.getSpec().resource, c);
    }
    for (ResourceGroup g : byAge(s.groups())) {
      List<String> unknown = g.getSpec().members.stream().filter(m -> !primitives.containsKey(m)).toList();
      List<String> taken = g.getSpec().members.stream().filter(groupOf::containsKey).toList();
      List<String> cloned = g.getSpec().members.stream()
          .filter(m -> olderClone.containsKey(m) && AGE.compare(olderClone.get(m), g) < 0).toList();
      if (primitives.containsKey(g.getMetadata().getName())) {
        problems.add(g, "NameConflict", "a Primitive is also named " + g.getMetadata().getName());
      } else if (!unknown.isEmpty()) {
        problems.add(g, "UnknownReference", "members " + unknown + " are not Primitives in this namespace");
      } else if (!taken.isEmpty()) {
        problems.add(g, "MemberOfTwoGroups", taken.get(0) + " is already a member of group " + groupOf.get(taken.get(0)));
      } else if (!cloned.isEmpty()) {
        problems.add(g, "ClonedMember", cloned.get(0) + " is already cloned by " + name(olderClone.get(cloned.get(0)))
            + ": a cloned primitive cannot be a group member");
      } else {
        g.getSpec().members.forEach(m -> groupOf.put(m, g.getMetadata().getName()));
        groups.put(g.getMetadata().getName(), g);
      }
    }

    // Clones: of a primitive or a group, each cloned once, a primitive in a group is cloned with its group.
    Map<String, Clone> clones = new TreeMap<>();
    Set<String> cloned = new HashSet<>();
    for (Clone c : byAge(s.clones())) {
      String target = c.getSpec().resource;
      if (primitives.containsKey(c.getMetadata().getName()) || groups.containsKey(c.getMetadata().getName())) {
        problems.add(c, "NameConflict", "a Primitive or ResourceGroup is also named " + c.getMetadata().getName());
      } else if (!primitives.containsKey(target) && !groups.containsKey(target)) {
        problems.add(c, "UnknownReference", "resource " + target + " is not a Primitive or ResourceGroup in this namespace");
      } else if (groupOf.containsKey(target)) {
        problems.add(c, "ClonedGroupMember", target + " is a member of group " + groupOf.get(target) + ": clone the group");
      } else if (!cloned.add(target)) {
        problems.add(c, "ClonedTwice", target + " is already cloned by another Clone");
      } else {
        clones.put(c.getMetadata().getName(), c);
      }
    }

    Map<String, String> topOf = new HashMap<>();
    primitives.keySet().forEach(p -> topOf.put(p, p));
    groups.forEach((g, group) -> {
      topOf.put(g, g);
      group.getSpec().members.forEach(m -> topOf.put(m, g));
    });
    clones.forEach((c, clone) -> topOf.put(c, c));
    Set<String> resources = topOf.keySet();

    List<dev.baton.scheduler.model.LocationConstraint> locations = new ArrayList<>();
    for (LocationConstraint l : s.locations()) {
      var spec = l.getSpec();
      if (!resources.contains(spec.resource)) {
        problems.add(l, "UnknownReference", "resource " + spec.resource + " does not exist in this namespace");
      } else if (!nodeNames.contains(spec.node)) {
        problems.add(l, "UnknownReference", "node " + spec.node + " is not an HANode in this namespace");
      } else if (spec.expires == null || Instant.parse(spec.expires).isAfter(now)) {
        locations.add(new dev.baton.scheduler.model.LocationConstraint(name(l), spec.resource, spec.node,
            score(spec.score), role(spec.role)));
      }
    }
    List<dev.baton.scheduler.model.ColocationConstraint> colocations = new ArrayList<>();
    for (ColocationConstraint c : s.colocations()) {
      var spec = c.getSpec();
      String missing = !resources.contains(spec.resource) ? spec.resource
          : !resources.contains(spec.withResource) ? spec.withResource : null;
      if (missing != null) {
        problems.add(c, "UnknownReference", "resource " + missing + " does not exist in this namespace");
      } else {
        colocations.add(new dev.baton.scheduler.model.ColocationConstraint(name(c), spec.resource,
            spec.withResource, score(spec.score), role(spec.role), role(spec.withRole)));
      }
    }
    List<dev.baton.scheduler.model.OrderConstraint> orders = new ArrayList<>();
    for (OrderConstraint o : byAge(s.orders())) {
      var spec = o.getSpec();
      String missing = !resources.contains(spec.first) ? spec.first : !resources.contains(spec.then) ? spec.then : null;
      if (missing != null) {
        problems.add(o, "UnknownReference", "resource " + missing + " does not exist in this namespace");
        continue;
      }
      var kind = spec.kind == null ? dev.baton.scheduler.model.OrderConstraint.Kind.MANDATORY
          : dev.baton.scheduler.model.OrderConstraint.Kind.valueOf(spec.kind.name().toUpperCase(Locale.ROOT));
      String firstAction = spec.firstAction == null ? "start" : spec.firstAction.name();
      String thenAction = spec.thenAction == null ? firstAction : spec.thenAction.name();
      var order = new dev.baton.scheduler.model.OrderConstraint(name(o), spec.first, spec.then, kind, firstAction,
          thenAction, spec.symmetrical == null ? kind != dev.baton.scheduler.model.OrderConstraint.Kind.SERIALIZE
              : spec.symmetrical, true);
      if (kind == dev.baton.scheduler.model.OrderConstraint.Kind.MANDATORY
          && MandatoryOrders.closesCycle(orders, order, topOf)) {
        problems.add(o, "OrderCycle", "mandatory orders " + spec.first + " → " + spec.then
            + " and others form a cycle: nothing in it could ever start");
      } else {
        orders.add(order);
      }
    }
    orders.sort(Comparator.comparing(dev.baton.scheduler.model.OrderConstraint::id));
    List<dev.baton.scheduler.model.TicketConstraint> ticketConstraints = ticketConstraints(s, resources, problems);

    Set<String> onlineNodes = new HashSet<>();
    s.nodes().stream().filter(online::apply).forEach(n -> onlineNodes.add(name(n)));
    Set<String> active = new HashSet<>();
    history.stream().filter(h -> h.role() != Role.STOPPED).forEach(h -> active.add(h.resource().split(":")[0]));
    AgentParameters.Check params = AgentParameters.check(s, onlineNodes, active, problems);
    Set<String> held = new HashSet<>(params.held());
    held.addAll(VipSubnets.check(s, problems));

    List<Resource> top = new ArrayList<>();
    for (Primitive p : s.primitives()) {
      if (!groupOf.containsKey(name(p)) && !cloned.contains(name(p))) {
        top.add(primitive(p, held));
      }
    }
    groups.values().stream().filter(g -> !cloned.contains(name(g))).forEach(g -> top.add(group(g, primitives, held)));
    for (Clone c : clones.values()) {
      CloneSpec spec = c.getSpec();
      Resource child = groups.containsKey(spec.resource) ? group(groups.get(spec.resource), primitives, held)
          : primitive(primitives.get(spec.resource), held);
      Map<String, String> meta = meta(spec.meta);
      put(meta, "clone-max", spec.cloneMax);
      put(meta, "clone-node-max", spec.cloneNodeMax);
      put(meta, "promoted-max", spec.promotedMax);
      put(meta, "promoted-node-max", spec.promotedNodeMax);
      put(meta, "interleave", spec.interleave);
      put(meta, "ordered", spec.ordered);
      put(meta, "notify", spec.notify);
      put(meta, "globally-unique", spec.globallyUnique);
      top.add(new dev.baton.scheduler.model.Clone(name(c), child, Boolean.TRUE.equals(spec.promotable), meta));
    }

    List<Node> nodes = s.nodes().stream().map(n -> new Node(name(n), online.apply(n),
        n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().standby),
        n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().maintenance), false,
        n.getSpec() == null || n.getSpec().attributes == null ? Map.of() : n.getSpec().attributes,
        n.getSpec() == null || n.getSpec().utilization == null ? Map.of() : strings(n.getSpec().utilization),
        unclean.apply(n))).toList();

    HAClusterSpec cs = s.cluster().getSpec() == null ? new HAClusterSpec() : s.cluster().getSpec();
    List<String> topology = FencingTopology.problems(cs, s.primitives());
    if (!topology.isEmpty()) {
      // the fencer skips such a level (it cannot run it) and tries the node's next one
      problems.add(s.cluster(), "InvalidFencingTopology", String.join("; ", topology));
    }
    ClusterModel model = new ClusterModel(nodes, top, locations, colocations, orders,
        new ClusterProperties(properties(cs.properties)), meta(cs.resourceDefaults), operationDefaults(cs),
        history, true, now.getEpochSecond(), ticketConstraints, tickets(s));
    return new Result(model, problems, params.ask());
  }

  /**
   * TicketConstraints whose resources all exist, one scheduler constraint per resource (a set's members each
   * depend on the ticket on their own, as Pacemaker reads a resource_set in rsc_ticket). The ticket need not
   * exist: a ticket no one has granted is not granted.
   */
  private static List<dev.baton.scheduler.model.TicketConstraint> ticketConstraints(Snapshot s,
      Set<String> resources, Problems problems) {
    List<dev.baton.scheduler.model.TicketConstraint> out = new ArrayList<>();
    for (TicketConstraint t : s.ticketConstraints()) {
      var spec = t.getSpec();
      List<String> members = spec.resources != null ? spec.resources
          : spec.resource != null ? List.of(spec.resource) : List.of();
      String field = null;
      for (int i = 0; i < members.size() && field == null; i++) {
        if (!resources.contains(members.get(i))) {
          field = (spec.resources != null ? "spec.resources[" + i + "]" : "spec.resource") + ": resource "
              + members.get(i) + " does not exist in this namespace";
        }
      }
      if (field != null) {
        problems.add(t, "UnknownReference", field);
        continue;
      }
      // Started, as Pacemaker reads rsc-role=Started, is any role
      Role r = spec.role == null || spec.role == Operation.Role.Started ? null : role(spec.role);
      var loss = spec.lossPolicy == null ? null
          : dev.baton.scheduler.model.TicketConstraint.LossPolicy.valueOf(spec.lossPolicy.name().toUpperCase(Locale.ROOT));
      members.forEach(m -> out.add(new dev.baton.scheduler.model.TicketConstraint(name(t), m, spec.ticket, r, loss)));
    }
    return out;
  }

  /** Each Ticket's state; one without a spec (not yet written) is not granted. */
  private static Map<String, dev.baton.scheduler.model.Ticket> tickets(Snapshot s) {
    Map<String, dev.baton.scheduler.model.Ticket> out = new LinkedHashMap<>();
    for (Ticket t : s.tickets()) {
      var spec = t.getSpec();
      out.put(name(t), new dev.baton.scheduler.model.Ticket(name(t), spec != null && Boolean.TRUE.equals(spec.granted),
          spec != null && Boolean.TRUE.equals(spec.standby)));
    }
    return out;
  }

  /** {@code held}: primitives left as they are (unmanaged, Pacemaker's is-managed=false) until their params are fixed. */
  static dev.baton.scheduler.model.Primitive primitive(Primitive p, Set<String> held) {
    var spec = p.getSpec();
    Map<String, String> params = new LinkedHashMap<>();
    if (spec.params != null) {
      spec.params.forEach((k, v) -> params.put(k, Durations.text(v)));
    }
    List<dev.baton.scheduler.model.Operation> ops = new ArrayList<>();
    if (spec.operations != null) {
      for (Operation o : spec.operations) {
        if (Boolean.FALSE.equals(o.enabled)) {
          continue;
        }
        ops.add(new dev.baton.scheduler.model.Operation(JSON.convertValue(o.name, String.class),
            Durations.millis(o.interval, 0), Durations.text(o.timeout), o.role == null ? null : Role.parse(o.role.name()),
            o.onFail == null ? null : JSON.convertValue(o.onFail, String.class)));
      }
    }
    Map<String, String> meta = meta(spec.meta);
    if (held.contains(name(p))) {
      meta.put("is-managed", "false");
    }
    return new dev.baton.scheduler.model.Primitive(name(p), spec.resourceClass.name(), spec.provider, spec.type,
        params, meta, ops);
  }

  private static Group group(ResourceGroup g, Map<String, Primitive> primitives, Set<String> held) {
    return new Group(name(g), g.getSpec().members.stream().map(m -> primitive(primitives.get(m), held)).toList(),
        meta(g.getSpec().meta));
  }

  /** Meta attributes under Pacemaker's names, as strings (the JSON names of {@link MetaAttributes}). */
  static Map<String, String> meta(MetaAttributes m) {
    Map<String, String> out = new LinkedHashMap<>();
    if (m != null) {
      Map<String, Object> raw = JSON.convertValue(m, Map.class);
      raw.forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }

  private static Map<String, String> properties(HAClusterSpec.ClusterProperties p) {
    Map<String, String> out = new LinkedHashMap<>();
    if (p != null) {
      Map<String, Object> raw = JSON.convertValue(p, Map.class);
      // camelCase API names → Pacemaker's dashed property names
      raw.forEach((k, v) -> out.put(k.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT), String.valueOf(v)));
    }
    return ClusterProperties.ofHACluster(out);
  }

  private static Map<String, String> operationDefaults(HAClusterSpec cs) {
    Map<String, String> out = new LinkedHashMap<>();
    if (cs.operationDefaults != null) {
      if (cs.operationDefaults.timeout != null) {
        out.put("timeout", Durations.text(cs.operationDefaults.timeout));
      }
      if (cs.operationDefaults.onFail != null) {
        out.put("on-fail", JSON.convertValue(cs.operationDefaults.onFail, String.class));
      }
    }
    return out;
  }

  private static void put(Map<String, String> meta, String key, Object value) {
    if (value != null) {
      meta.put(key, value.toString());
    }
  }

  private static Map<String, String> strings(Map<String, Integer> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }

  static int score(IntOrString s) {
    return s.getIntVal() != null ? Score.clamp(s.getIntVal()) : Score.parse(s.getStrVal());
  }

  private static Role role(Operation.Role r) {
    return r == null ? null : Role.parse(r.name());
  }

  static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  /** Older first (creation time, then name): whoever was there first keeps what two objects claim. */
  private static final Comparator<HasMetadata> AGE = Comparator.comparing(
      (HasMetadata o) -> o.getMetadata().getCreationTimestamp() == null ? "" : o.getMetadata().getCreationTimestamp())
      .thenComparing(ModelBuilder::name);

  private static <T extends HasMetadata> List<T> byAge(List<T> items) {
    return items.stream().sorted(AGE).toList();
  }

  private static <T extends HasMetadata> Map<String, T> byName(List<T> items) {
    Map<String, T> out = new LinkedHashMap<>();
    items.forEach(i -> out.put(name(i), i));
    return out;
  }
}
