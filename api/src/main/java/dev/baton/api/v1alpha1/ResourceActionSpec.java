package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceActionSpec {
  public enum Action {
    start, stop, monitor, promote, demote, probe,
    @JsonProperty("meta-data") meta_data,
    @JsonProperty("validate-all") validate_all,
    /** Fence meta.target with this stonith device (meta.fence-action: off, reboot, on); run by another node. */
    fence
  }

  @Required
  @Pattern(Rules.NAME_RE)
  public String node;
  @Required
  public String resource;
  @Required
  public Action action;
  @Required
  @JsonProperty("class")
  public PrimitiveSpec.ResourceClass resourceClass;
  public String provider;
  @Required
  public String type;
  /** Parameter snapshot, passed as OCF_RESKEY_name. */
  public Map<String, String> params;
  /** Meta snapshot, passed as OCF_RESKEY_CRM_meta_name (clone, interval, timeout, …). */
  public Map<String, String> meta;
  @ValidationRule(value = "self.matches('" + Rules.DURATION_RE + "')", message = Rules.DURATION_MSG)
  public String interval;
  @ValidationRule(value = "self.matches('" + Rules.DURATION_RE + "')", message = Rules.DURATION_MSG)
  public String timeout;
  /** The Transition this action belongs to. */
  public String transition;
}
