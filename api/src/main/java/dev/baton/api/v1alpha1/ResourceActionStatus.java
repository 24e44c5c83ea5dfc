package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Written by the agent of spec.node (and only by it). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceActionStatus extends BatonStatus {
  /** Pending, Running, Succeeded, Failed, TimedOut. */
  public String phase;
  public Integer rc;
  public String rcText;
  public String exitReason;
  public String outputTail;
  public String startTime;
  public String completionTime;
  public Long durationMs;
}
