package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrimitiveStatus extends BatonStatus {
  /** class:provider:type, as crm_mon prints it. */
  public String agent;
  /** Where it is active (the first node for a clone instance set). */
  public String node;
  /** Every node it is active on, with its role. */
  public List<String> activeOn;
  public String role;
  /** Started, Stopped, Failed, Blocked, Unmanaged, Starting, Stopping. */
  public String state;
  /** fail-count per node. */
  public Map<String, Integer> failCounts;
  public FailureRecord lastFailure;
  /** Per node, the time of the last failure counted in failCounts (so no failure is counted twice). */
  public Map<String, String> failuresCountedUntil;
  /** The baton.dev/cleanup (or refresh) annotation value last acted on (crm_resource --cleanup). */
  public String lastCleanup;
  /** Per node ("*" for all), when failures were last cleaned up: older ones are forgotten. */
  public Map<String, String> cleanedAt;
  /** The baton.dev/fail annotation value last acted on (crm_resource --fail). */
  public String lastFailRequest;
  /** The baton.dev/reprobe or refresh annotation value last acted on (crm_resource --reprobe). */
  public String lastProbeRequest;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FailureRecord {
    public String node;
    public String operation;
    public Integer rc;
    public String rcText;
    public String exitReason;
    public String time;
  }
}
