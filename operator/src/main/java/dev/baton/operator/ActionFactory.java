package dev.baton.operator;

import dev.baton.api.v1alpha1.Baton;
import dev.baton.cib.OperationHistory;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.Operation;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Durations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A scheduled operation → the ResourceAction the node's agent runs, with Pacemaker's parameter snapshot. */
final class ActionFactory {
  static final String TRANSITION_LABEL = "baton.dev/transition";
  static final String NODE_LABEL = "baton.dev/node";
  static final String RESOURCE_LABEL = "baton.dev/resource";
  static final String MONITOR_LABEL = "baton.dev/monitor-interval-ms";
  static final String FENCE_TARGET_LABEL = "baton.dev/fence-target";
  /** The meta of a fence action the agent reads (its FenceAgents.TARGET and FENCE_ACTION). */
  static final String FENCE_TARGET = "target";
  static final String FENCE_ACTION = "fence-action";
  private static final long DEFAULT_TIMEOUT_MS = 20_000;

  private ActionFactory() {
  }

  static String name(Transition t, int index) {
    return t.getMetadata().getName() + "-" + index;
  }

  /** An action of transition {@code t}. */
  static ResourceAction create(Transition t, int index, Plan.Op op, Primitive p, Optional<Clone> clone,
      HAClusterSpec cluster) {
    ResourceAction a = create(t, name(t, index), op, 0, p, clone, cluster);
    a.getMetadata().getLabels().put(TRANSITION_LABEL, t.getMetadata().getName());
    a.getSpec().transition = t.getMetadata().getName();
    return a;
  }

  /** A recurring monitor the agent keeps running; owned by the cluster, outside any transition. */
  static ResourceAction monitor(HasMetadata cluster, Monitors.Wanted w, Optional<Clone> clone, HAClusterSpec spec) {
    ResourceAction a = create(cluster, w.actionName(), new Plan.Op("monitor", w.primitive().getMetadata().getName(),
        w.node()), w.intervalMs(), w.primitive(), clone, spec);
    a.getMetadata().getLabels().put(MONITOR_LABEL, Long.toString(w.intervalMs()));
    return a;
  }

  /** A probe asked for by crm_resource --reprobe/--refresh; owned by the cluster. */
  static ResourceAction probe(HasMetadata cluster, Primitive p, String node, Optional<Clone> clone,
      HAClusterSpec spec, java.time.Instant now) {
    String name = ("probe-" + p.getMetadata().getName() + "-" + node + "-" + now.toEpochMilli()).toLowerCase(
        java.util.Locale.ROOT);
    return create(cluster, name, new Plan.Op("probe", p.getMetadata().getName(), node), 0, p, clone, spec);
  }

  /**
   * A fence of {@code target} by {@code device}, run by the agent of {@code delegate}: the device's parameter
   * snapshot, the target and the fence action (off, reboot, on) as meta, stonith-timeout as its timeout.
   */
  static ResourceAction fence(Transition t, String name, Primitive device, String delegate, String target,
      String kind, long timeoutMs) {
    ResourceAction a = create(t, name, new Plan.Op("fence", device.getMetadata().getName(), delegate), 0, device,
        Optional.empty(), null);
    a.getMetadata().getLabels().put(TRANSITION_LABEL, t.getMetadata().getName());
    a.getMetadata().getLabels().put(FENCE_TARGET_LABEL, target);
    a.getSpec().transition = t.getMetadata().getName();
    a.getSpec().timeout = timeoutMs + "ms";
    a.getSpec().meta.put("timeout", Long.toString(timeoutMs));
    a.getSpec().meta.put(FENCE_TARGET, target);
    a.getSpec().meta.put(FENCE_ACTION, kind);
    return a;
  }

  /**
   * A meta-data action: what the Primitive's agent accepts, so its params can be checked (one per agent and node,
   * by name; owned by the cluster).
   */
  static ResourceAction metaData(HasMetadata cluster, Primitive p, String node, HAClusterSpec spec) {
    String agent = OperationHistory.agent(p);
    String name = ("meta-data-" + agent + "-" + node).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return create(cluster, name, new Plan.Op("meta_data", p.getMetadata().getName(), node), 0, p, Optional.empty(),
        spec);
  }

  private static ResourceAction create(HasMetadata owner, String name, Plan.Op op, long intervalMs, Primitive p,
      Optional<Clone> clone, HAClusterSpec cluster) {
    ResourceAction a = new ResourceAction();
    a.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(owner.getMetadata().getNamespace())
        .addToLabels(NODE_LABEL, op.node())
        .addToLabels(RESOURCE_LABEL, op.resource())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Baton.API_VERSION).withKind(owner.getKind())
            .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).build())
        .build());
    ResourceActionSpec spec = new ResourceActionSpec();
    spec.node = op.node();
    spec.resource = op.resource();
    spec.action = ResourceActionSpec.Action.valueOf(op.action());
    spec.resourceClass = p.getSpec().resourceClass;
    spec.provider = p.getSpec().provider;
    spec.type = p.getSpec().type;
    Map<String, String> params = new LinkedHashMap<>();
    if (p.getSpec().params != null) {
      p.getSpec().params.forEach((k, v) -> params.put(k, Durations.text(v)));
    }
    spec.params = params;
    long timeoutMs = timeoutMs(p, op.action(), intervalMs, cluster);
    spec.timeout = timeoutMs + "ms";
    spec.interval = intervalMs + "ms";
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("timeout", Long.toString(timeoutMs));
    meta.put("interval", Long.toString(intervalMs));
    clone.ifPresent(c -> {
      var cs = c.getSpec();
      meta.put("clone", "0");
      putIf(meta, "clone_max", cs.cloneMax);
      putIf(meta, "clone_node_max", cs.cloneNodeMax == null ? 1 : cs.cloneNodeMax);
      meta.put("globally_unique", Boolean.toString(Boolean.TRUE.equals(cs.globallyUnique)));
      if (Boolean.TRUE.equals(cs.promotable)) {
        meta.put("promotable", "true");
        meta.put("promoted_max", Integer.toString(cs.promotedMax == null ? 1 : cs.promotedMax));
        meta.put("promoted_node_max", Integer.toString(cs.promotedNodeMax == null ? 1 : cs.promotedNodeMax));
      }
      meta.put("notify", Boolean.toString(Boolean.TRUE.equals(cs.notify)));
    });
    spec.meta = meta;
    a.setSpec(spec);
    return a;
  }

  private static void putIf(Map<String, String> meta, String key, Integer v) {
    if (v != null) {
      meta.put(key, v.toString());
    }
  }

  /** The operation's own timeout, else op_defaults, else default-action-timeout, else Pacemaker's 20 s. */
  static long timeoutMs(Primitive p, String action, long intervalMs, HAClusterSpec cluster) {
    String opName = action.equals("probe") ? "monitor" : action;
    if (p.getSpec().operations != null) {
      for (Operation o : p.getSpec().operations) {
        boolean sameInterval = intervalMs == 0 || Durations.millis(o.interval, 0) == intervalMs;
        if (o.timeout != null && o.name.name().equals(opName) && sameInterval) {
          return Durations.millis(o.timeout, DEFAULT_TIMEOUT_MS);
        }
      }
    }
    if (cluster != null && cluster.operationDefaults != null && cluster.operationDefaults.timeout != null) {
      return Durations.millis(cluster.operationDefaults.timeout, DEFAULT_TIMEOUT_MS);
    }
    if (cluster != null && cluster.properties != null && cluster.properties.defaultActionTimeout != null) {
      return Durations.millis(cluster.properties.defaultActionTimeout, DEFAULT_TIMEOUT_MS);
    }
    return DEFAULT_TIMEOUT_MS;
  }
}
