package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** One configured operation of a primitive ({@code op monitor interval=10s timeout=20s}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Operation {
  public enum Name {
    monitor, start, stop, promote, demote, reload, notify,
    @JsonProperty("migrate_to") migrate_to,
    @JsonProperty("migrate_from") migrate_from,
    @JsonProperty("meta-data") meta_data,
    @JsonProperty("validate-all") validate_all
  }

  public enum Role { Started, Stopped, Promoted, Unpromoted }

  public enum OnFail {
    ignore, block, demote, stop, restart, standby, fence,
    @JsonProperty("restart-container") restart_container
  }

  @Required
  public Name name;

  /** How often a recurring monitor runs; 0 (the default) for a one-shot operation. */
  @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
  public IntOrString interval;

  @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
  public IntOrString timeout;

  public Role role;

  public OnFail onFail;

  public Boolean enabled;
}
