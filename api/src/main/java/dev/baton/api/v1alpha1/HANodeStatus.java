package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Written by the agent of that node (and only by it). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HANodeStatus extends BatonStatus {
  public String agentVersion;
  /** online, offline, standby, maintenance: as crm_mon shows it (the operator's view is in HACluster). */
  public String state;
  /** Agents installed on the node, as class:provider:type or class:type. */
  public List<String> availableAgents;
  /**
   * What the agents the operator asked about (with a meta-data action) accept, by class:provider:type,
   * so the operator can check a Primitive's parameters against them.
   */
  public Map<String, AgentParameters> agentParameters;
  /**
   * The node's IPv4 addresses by interface ({@code eth0: [198.51.100.1/24]}), so the operator can tell before a
   * start whether an IPaddr2 address without nic lies in a subnet of some node (IPaddr2 picks its interface so).
   */
  public Map<String, List<String>> networks;
  /**
   * The timeout of the watchdog the agent feeds (agent.conf watchdog-timeout), in milliseconds; 0 when it feeds
   * none. The operator fences a node by watchdog (stonithWatchdogTimeout) only if it says it has one shorter than that.
   */
  public Long watchdogTimeoutMs;
  /** Operation history per resource (Pacemaker's lrm_resource history). */
  public List<ResourceHistory> resources;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AgentParameters {
    /** Every parameter the agent's meta-data defines. */
    public List<String> parameters;
    /** Those it marks required. */
    public List<String> required;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceHistory {
    public String resource;
    public List<OperationRecord> operations;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OperationRecord {
    public String operation;
    /** Pacemaker duration of a recurring operation; "0" for a one-shot one. */
    public String interval;
    public Integer rc;
    public String rcText;
    public String exitReason;
    public Long callId;
    /** RFC 3339. */
    public String lastRun;
    public Long durationMs;
    /** done, timeout, error, pending. */
    public String status;
  }
}
