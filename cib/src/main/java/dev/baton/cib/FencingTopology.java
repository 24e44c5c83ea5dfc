package dev.baton.cib;

import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.HAClusterSpec.FencingLevel;
import dev.baton.api.v1alpha1.HANode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The fencing topology of a cluster (HACluster spec.fencingTopology, Pacemaker's fencing-topology) and the levels
 * that fence one node. As Pacemaker's fencer finds a node's topology: the levels naming the node itself if there are
 * any; otherwise those of the first target pattern (a regular expression found in the node's name, as POSIX regexec
 * finds it: anchor it with ^ and $ to match the whole name) or node attribute the node matches, in the order they
 * are written. Levels are tried by index.
 */
public final class FencingTopology {
  /** A level: its index and its devices, all of which must fence the node. */
  public record Level(int index, List<String> devices) {
  }

  private FencingTopology() {
  }

  /** The levels fencing {@code node}, lowest index first; empty when no level is for it (any device may fence it). */
  public static List<Level> levels(HAClusterSpec spec, List<HANode> nodes, String node) {
    if (spec == null || spec.fencingTopology == null) {
      return List.of();
    }
    Map<String, String> attributes = nodes.stream().filter(n -> n.getMetadata().getName().equals(node)).findFirst()
        .map(n -> n.getSpec() == null || n.getSpec().attributes == null ? Map.<String, String>of()
            : n.getSpec().attributes).orElse(Map.of());
    Map<String, List<FencingLevel>> byTarget = new LinkedHashMap<>();
    spec.fencingTopology.forEach(l -> byTarget.computeIfAbsent(key(l), k -> new ArrayList<>()).add(l));
    List<FencingLevel> chosen = byTarget.getOrDefault("n:" + node, List.of());
    if (chosen.isEmpty()) {
      chosen = byTarget.values().stream().filter(ls -> ls.get(0).target == null && matches(ls.get(0), node, attributes))
          .findFirst().orElse(List.of());
    }
    return chosen.stream().sorted(Comparator.comparingInt(l -> l.index))
        .map(l -> new Level(l.index, List.copyOf(l.devices))).toList();
  }

  /** What a level targets: "n:NODE", "p:PATTERN" or "a:NAME=VALUE". */
  static String key(FencingLevel l) {
    return l.target != null ? "n:" + l.target : l.targetPattern != null ? "p:" + l.targetPattern
        : "a:" + l.targetAttribute + "=" + l.targetValue;
  }

  private static boolean matches(FencingLevel l, String node, Map<String, String> attributes) {
    if (l.targetPattern != null) {
      try {
        return Pattern.compile(l.targetPattern).matcher(node).find();
      } catch (PatternSyntaxException e) {
        return false; // reported on the HACluster (ModelBuilder); such a level fences nothing
      }
    }
    return l.targetAttribute != null && Objects.equals(attributes.get(l.targetAttribute), l.targetValue);
  }

  /**
   * What is wrong with the topology that its schema cannot say: a device that is not a stonith Primitive, a target
   * pattern that is not a regular expression, an index used twice for one target. Each names its field; empty when
   * all is well.
   */
  public static List<String> problems(HAClusterSpec spec, List<dev.baton.api.v1alpha1.Primitive> primitives) {
    List<String> out = new ArrayList<>();
    if (spec == null || spec.fencingTopology == null) {
      return out;
    }
    List<String> devices = FenceDevices.of(primitives).stream().map(p -> p.getMetadata().getName()).toList();
    for (int i = 0; i < spec.fencingTopology.size(); i++) {
      FencingLevel l = spec.fencingTopology.get(i);
      for (int j = 0; l.devices != null && j < l.devices.size(); j++) {
        if (!devices.contains(l.devices.get(j))) {
          out.add("spec.fencingTopology[" + i + "].devices[" + j + "]: " + l.devices.get(j)
              + " is not a fencing device (a Primitive of class stonith)");
        }
      }
      for (int k = 0; k < i; k++) {
        FencingLevel before = spec.fencingTopology.get(k);
        if (before.index.equals(l.index) && key(before).equals(key(l))) {
          out.add("spec.fencingTopology[" + i + "].index: level " + l.index + " of this target is already"
              + " spec.fencingTopology[" + k + "]");
        }
      }
      if (l.targetPattern != null) {
        try {
          Pattern.compile(l.targetPattern);
        } catch (PatternSyntaxException e) {
          out.add("spec.fencingTopology[" + i + "].targetPattern: not a regular expression: " + e.getDescription());
        }
      }
    }
    return out;
  }
}
