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

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceSummary {
    public Integer configured;
    public Integer started;
    public Integer stopped;
    public Integer failed;
  }
}
