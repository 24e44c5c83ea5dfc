package dev.baton.api.v1alpha1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which nodes a fencing device (a {@code stonith} primitive) can fence, from its {@code pcmk_host_list},
 * {@code pcmk_host_map} and {@code pcmk_host_check} instance attributes, as Pacemaker Explained ("Special Options
 * for Fencing Resources") defines them. {@code pcmk_host_check} is {@code static-list} (the list and the map's
 * nodes), {@code dynamic-list} (the device's {@code list} action), {@code status} (the device's {@code status}
 * action for the node) or {@code none} (every node); unset, it is static-list when a list or map is given and
 * dynamic-list otherwise. The map ({@code node1:1;node2:2,3}) also gives the port (plug) the device knows a node by;
 * a node not in it is known by its own name.
 */
public record FenceHosts(Check check, List<String> hosts, Map<String, String> ports) {
  public static final String HOST_LIST = "pcmk_host_list";
  public static final String HOST_MAP = "pcmk_host_map";
  public static final String HOST_CHECK = "pcmk_host_check";

  public enum Check { STATIC_LIST, DYNAMIC_LIST, STATUS, NONE }

  /** Reads the device's attributes; an unknown pcmk_host_check or a map entry without a port is an error. */
  public static FenceHosts of(Map<String, String> params) {
    String list = params.getOrDefault(HOST_LIST, "").strip();
    String map = params.getOrDefault(HOST_MAP, "").strip();
    Map<String, String> ports = new LinkedHashMap<>();
    for (String entry : map.split("[;\\s]+")) {
      if (entry.isEmpty()) {
        continue;
      }
      int sep = indexOfSeparator(entry);
      if (sep <= 0 || sep == entry.length() - 1) {
        throw new IllegalArgumentException(HOST_MAP + ": entry '" + entry + "' is not NODE:PORT");
      }
      ports.put(entry.substring(0, sep), entry.substring(sep + 1));
    }
    List<String> hosts = new java.util.ArrayList<>();
    for (String h : list.split("[,;\\s]+")) {
      if (!h.isEmpty()) {
        hosts.add(h);
      }
    }
    ports.keySet().stream().filter(h -> !hosts.contains(h)).forEach(hosts::add);
    String c = params.get(HOST_CHECK);
    Check check;
    if (c == null || c.isBlank()) {
      check = hosts.isEmpty() ? Check.DYNAMIC_LIST : Check.STATIC_LIST;
    } else {
      check = switch (c.strip().toLowerCase(Locale.ROOT)) {
        case "static-list" -> Check.STATIC_LIST;
        case "dynamic-list" -> Check.DYNAMIC_LIST;
        case "status" -> Check.STATUS;
        case "none" -> Check.NONE;
        default -> throw new IllegalArgumentException(HOST_CHECK + ": '" + c
            + "' is not one of static-list, dynamic-list, status, none");
      };
    }
    return new FenceHosts(check, List.copyOf(hosts), Map.copyOf(ports));
  }

  private static int indexOfSeparator(String entry) {
    int colon = entry.indexOf(':');
    int eq = entry.indexOf('=');
    return colon < 0 ? eq : eq < 0 ? colon : Math.min(colon, eq);
  }

  /** The port (plug) the device knows {@code node} by. */
  public String port(String node) {
    return ports.getOrDefault(node, node);
  }

  /**
   * Whether the device may fence {@code node} as far as its configuration alone says: false only when a static
   * list excludes it (dynamic-list and status ask the device itself, when it is to fence).
   */
  public boolean mayFence(String node) {
    return check != Check.STATIC_LIST || hosts.contains(node);
  }

  /** Instance attributes that are Pacemaker's (pcmk_*), not the fence agent's: never passed to it. */
  public static boolean pacemakerOption(String name) {
    return name.startsWith("pcmk_");
  }
}
