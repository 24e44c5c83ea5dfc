package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TransitionSpec {
  /** Why it was computed: configuration change, action failed, node lost, … */
  @Required
  public String reason;
  /** Git revision that caused it, when a GitSource applied the change. */
  public String revision;
  /** The scheduler input snapshot (gzip, base64), so the decision can be replayed. */
  public String input;
  /** The action graph. */
  public List<GraphAction> actions;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GraphAction {
    @Required
    @Min(0)
    public Integer id;
    @Required
    public String action;
    public String resource;
    public String node;
    public String interval;
    /** Ids of the actions that must succeed first. */
    public List<Integer> after;
  }
}
