package dev.baton.cib;

import dev.baton.api.v1alpha1.FenceHosts;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fencing devices of a namespace (stonith primitives) and which nodes each may fence. */
public final class FenceDevices {
  private FenceDevices() {
  }

  public static List<Primitive> of(List<Primitive> primitives) {
    return primitives.stream()
        .filter(p -> p.getSpec() != null && p.getSpec().resourceClass == PrimitiveSpec.ResourceClass.stonith)
        .toList();
  }

  /**
   * Whether the device may fence {@code node} by its pcmk_host_list/map/check ({@link FenceHosts#mayFence}); a
   * device whose host attributes are wrong fences nothing.
   */
  public static boolean mayFence(Primitive device, String node) {
    Map<String, String> params = new HashMap<>();
    if (device.getSpec().params != null) {
      device.getSpec().params.forEach((k, v) -> params.put(k, Durations.text(v)));
    }
    return mayFence(params, node);
  }

  /** The same from a device's instance attributes (the scheduler model's primitive). */
  public static boolean mayFence(Map<String, String> params, String node) {
    try {
      return FenceHosts.of(params).mayFence(node);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether some device of {@code primitives} may fence {@code node}. */
  public static boolean anyMayFence(List<Primitive> primitives, String node) {
    return of(primitives).stream().anyMatch(d -> mayFence(d, node));
  }
}
