package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HAClusterStatus extends BatonStatus {
  public Integer nodesOnline;
  public List<String> onlineNodes;
  public ResourceSummary resources;
  /** Name of the Transition being executed, if any. */
  public String currentTransition;
  public String lastTransition;
  /**
   * The operator that wrote this status: its identity, which the leader-election Lease names as holder while it
   * leads (crm_mon's "Current DC").
   */
  public String operator;
  /** The fencing history, oldest first (crm_mon's "Fencing History"): the latest fence actions, at most 20. */
  public List<FenceEvent> fencing;

  /** One fence action: which node, how, who ran it with which device, and how it ended. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FenceEvent {
    /** The ResourceAction that ran it. */
    public String action;
    /** The node fenced. */
    public String target;
    /** off, reboot or on (stonith-action). */
    public String fenceAction;
    /** The node whose agent ran the device (Pacemaker's delegate). */
    public String delegate;
    /** The stonith primitive used. */
    public String device;
    /** The fencing-topology level (spec.fencingTopology index) the device was used for; none without a topology. */
    public Integer level;
    /** pending, success or failed. */
    public String result;
    public String exitReason;
    /** When it was asked for, and when it ended (RFC 3339). */
    public String requested;
    public String completed;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceSummary {
    public Integer configured;
    public Integer started;
    public Integer stopped;
    public Integer failed;
  }
}
