package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HAClusterSpec {
  public ClusterProperties properties;
  /** Meta attributes every resource inherits unless it sets its own (rsc_defaults). */
  public MetaAttributes resourceDefaults;
  /** Operation attributes every operation inherits (op_defaults). */
  public OperationDefaults operationDefaults;
  public LeaseSettings lease;
  /** How many finished Transitions to keep. */
  @Min(1)
  public Integer transitionHistoryLimit;
  /** How long a configuration change must be quiet before a transition is computed (like crm's commit). */
  @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
  public IntOrString quietPeriod;
  /**
   * Pacemaker's fencing-topology: which devices fence which node, in which order. A node's levels are tried by
   * index, lowest first; a level fences the node only when every one of its devices does, and if one fails the next
   * level is tried. A node with no level is fenced by any device that may fence it (pcmk_host_list/map/check).
   */
  @Size(max = 64)
  // an index used twice for one target is told by the operator (Ready=False): as a CEL rule over the list it
  // exceeds the API server's cost budget
  public List<FencingLevel> fencingTopology;

  /**
   * One fencing-level: its index (1–9), its target — exactly one of target (a node), targetPattern (a regular
   * expression on node names) or targetAttribute with targetValue (nodes with that HANode attribute) — and the
   * devices (stonith Primitives) that must all succeed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "(has(self.target) ? 1 : 0) + (has(self.targetPattern) ? 1 : 0)"
      + " + (has(self.targetAttribute) ? 1 : 0) == 1",
      message = "exactly one of target, targetPattern and targetAttribute must be set")
  @ValidationRule(value = "has(self.targetAttribute) == has(self.targetValue)",
      message = "targetValue goes with targetAttribute (and only with it)", fieldPath = ".targetValue")
  public static class FencingLevel {
    @Required
    @Min(1)
    @Max(9)
    public Integer index;
    /** A node name. */
    @Size(min = 1, max = 253)
    public String target;
    /** A regular expression a node's name must match (as a whole). */
    @Size(min = 1, max = 256)
    public String targetPattern;
    /** The name of a node attribute (HANode spec.attributes); targetValue is the value it must have. */
    @Size(min = 1, max = 253)
    public String targetAttribute;
    @Size(max = 253)
    public String targetValue;
    /** The stonith Primitives of the level, run one after another; all must succeed (Pacemaker's devices=). */
    @Required
    @Size(min = 1, max = 16)
    @ValidationRule(value = "self.all(d, size(d) <= 253 && d.matches('" + Rules.NAME_RE + "'))",
        message = "devices must be Primitive names")
    public List<String> devices;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ClusterProperties {
    public enum NoQuorumPolicy { stop, freeze, ignore, demote, suicide }

    public enum PlacementStrategy { @JsonProperty("default") default_, utilization, minimal, balanced }

    public enum StonithAction { reboot, off, poweroff }

    public Boolean stonithEnabled;
    /** What fencing does to a node: reboot (default) or off (poweroff, its old name). */
    public StonithAction stonithAction;
    /** How long a fence action may take before it counts as failed (default 60s). */
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
    @Size(max = 32)
    public IntOrString stonithTimeout;
    /**
     * When a node is lost, the fence of the node running the resources of the highest total priority (meta
     * priority) is delayed by this much, so that in a split the side with the more important resources wins
     * (Pacemaker's priority-fencing-delay; default 0, off).
     */
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
    @Size(max = 32)
    public IntOrString priorityFencingDelay;
    /** What a node cut off from the API does: stop (default) its resources, freeze, ignore. */
    public NoQuorumPolicy noQuorumPolicy;
    public Boolean startFailureIsFatal;
    public Boolean symmetricCluster;
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
    public IntOrString defaultActionTimeout;
    public PlacementStrategy placementStrategy;
    public Boolean maintenanceMode;
    public Boolean stopAllResources;
    /**
     * Watchdog self-fencing (Pacemaker's stonith-watchdog-timeout, sbd without a shared disk): when set above 0, a
     * node that must be fenced and that no device can fence is taken as fenced this long after the fence was asked
     * for, because its own watchdog (which its agent stops feeding when its lease lapses or it is told to self-fence)
     * has reset it by then. Every agent must feed a watchdog whose timeout is shorter (agent.conf watchdog-device,
     * watchdog-timeout; Pacemaker advises twice the watchdog's timeout). 0 or unset: off.
     */
    @ValidationRule(value = Rules.DURATION, message = "stonithWatchdogTimeout " + Rules.DURATION_MSG
        + "; 0 turns watchdog self-fencing off")
    @Size(max = 32)
    public IntOrString stonithWatchdogTimeout;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OperationDefaults {
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
    public IntOrString timeout;
    public Operation.OnFail onFail;
  }

  /** Node membership through one coordination.k8s.io Lease per node. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LeaseSettings {
    /** How long a lease lasts without renewal (default 2s). */
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
    public IntOrString duration;
    /** How often an agent renews its lease (default 500ms). */
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
    public IntOrString renewInterval;
    /** Extra time after expiry before a lost node's resources start elsewhere (default 500ms). */
    @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
    public IntOrString stopGrace;
  }
}
