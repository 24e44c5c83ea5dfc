package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
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
    /** The last result of each operation (and interval) on this node. */
    public List<OperationRecord> operations;
    /**
     * The last failed result of any of them (Pacemaker's rsc_last_failure_0): it outlives a later success of the same
     * operation — a monitor that timed out and passed on its next run a moment later still counts as a failure.
     */
    public OperationRecord lastFailure;

    /** Every result recorded: the operations' and the last failure (often one of them too: readers drop the twin). */
    @JsonIgnore
    public List<OperationRecord> results() {
      List<OperationRecord> all = new ArrayList<>(operations == null ? List.of() : operations);
      if (lastFailure != null) {
        all.add(lastFailure);
      }
      return all;
    }
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

    /**
     * A failure as Pacemaker judges a result against what the operation expects: timeouts and errors always; else
     * any rc but 0, 8 (promoted) and OCF's degraded 190/191, where a probe's and a stop's 7 (not running) is expected.
     */
    @JsonIgnore
    public boolean failed() {
      if ("timeout".equals(status) || "error".equals(status)) {
        return true;
      }
      if (rc == null || "pending".equals(status) || rc == 0 || rc == 8 || rc == 190 || rc == 191) {
        return false;
      }
      boolean oneShot = interval == null || interval.matches("0+(ms|s)?");
      boolean probe = "probe".equals(operation) || "monitor".equals(operation) && oneShot;
      return rc != 7 || !probe && !"stop".equals(operation);
    }
  }
}
