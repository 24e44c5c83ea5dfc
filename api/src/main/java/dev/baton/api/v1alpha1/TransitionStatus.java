package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TransitionStatus extends BatonStatus {
  /** Pending, InProgress, Complete, Aborted, Failed. */
  public String phase;
  public Integer actionsTotal;
  public Integer actionsSucceeded;
  public Integer actionsFailed;
  public String startTime;
  public String completionTime;
  public Long durationMs;
}
