package dev.baton.cib;

import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceActionSpec;

/**
 * Watchdog self-fencing, as Pacemaker does it with sbd and no shared disk (stonith-watchdog-timeout): every agent
 * feeds a watchdog only while its lease is valid, so a node that must be fenced and that no device can fence is
 * taken as fenced stonith-watchdog-timeout after the fence was asked for — by then its watchdog has reset it (it
 * was lost, or was told to self-fence and stopped feeding). The fence is a ResourceAction of action fence on the
 * target node itself, device {@value #DEVICE}: the target's agent, if it still hears, stops feeding at once; the
 * operator completes the action once the timeout has passed.
 */
public final class WatchdogFencing {
  /** The device name of a watchdog fence (crm_mon's history shows it as the device). */
  public static final String DEVICE = "watchdog";

  private WatchdogFencing() {
  }

  /** stonith-watchdog-timeout in milliseconds, 0 when watchdog fencing is off (unset or 0). */
  public static long timeoutMs(HAClusterSpec cs) {
    return cs == null || cs.properties == null ? 0 : Math.max(0, Durations.millis(cs.properties.stonithWatchdogTimeout, 0));
  }

  /** Whether watchdog fencing is on: stonith-enabled (Pacemaker's default, true) and a timeout above 0. */
  public static boolean on(HAClusterSpec cs) {
    boolean stonith = cs == null || cs.properties == null || cs.properties.stonithEnabled == null
        || cs.properties.stonithEnabled;
    return stonith && timeoutMs(cs) > 0;
  }

  /**
   * Whether {@code node} can be fenced by its watchdog: watchdog fencing is on and the node's agent said it feeds a
   * watchdog whose timeout is shorter than stonith-watchdog-timeout (HANode status.watchdogTimeoutMs). Waiting is no
   * fence for a node without one: it may still run what it ran.
   */
  public static boolean mayFence(HAClusterSpec cs, HANode node) {
    Long own = node == null || node.getStatus() == null ? null : node.getStatus().watchdogTimeoutMs;
    return on(cs) && own != null && own > 0 && own < timeoutMs(cs);
  }

  /** Whether the action is a watchdog fence (completed by the operator, not by the agent it is addressed to). */
  public static boolean isWatchdogFence(ResourceAction a) {
    return a.getSpec() != null && a.getSpec().action == ResourceActionSpec.Action.fence
        && DEVICE.equals(a.getSpec().resource);
  }
}
