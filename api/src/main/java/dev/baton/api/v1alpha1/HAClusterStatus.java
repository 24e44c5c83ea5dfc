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

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceSummary {
    public Integer configured;
    public Integer started;
    public Integer stopped;
    public Integer failed;
  }
}
