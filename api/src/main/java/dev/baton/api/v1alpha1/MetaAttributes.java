package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * Resource meta attributes under Pacemaker's own names (crm: {@code meta resource-stickiness=100}),
 * for primitives, groups, clones and the cluster's resource defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetaAttributes {
  public enum TargetRole { Started, Stopped, Promoted, Unpromoted }

  public enum MultipleActive { block, stop_only, stop_start, stop_unexpected }

  public enum Requires { nothing, quorum, fencing, unfencing }

  @JsonProperty("target-role")
  public TargetRole targetRole;

  @JsonProperty("is-managed")
  public Boolean isManaged;

  public Boolean maintenance;

  public Integer priority;

  @JsonProperty("resource-stickiness")
  @ValidationRule(value = Rules.SCORE, message = Rules.SCORE_MSG)
  @Size(max = 32)
  public IntOrString resourceStickiness;

  @JsonProperty("migration-threshold")
  @ValidationRule(value = "type(self) == int ? self >= 0 : self.matches('^[+]?([0-9]+|INFINITY)$')",
      message = "must be a non-negative integer or INFINITY (0 disables it)")
  @Size(max = 32)
  public IntOrString migrationThreshold;

  @JsonProperty("failure-timeout")
  @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
  public IntOrString failureTimeout;

  @JsonProperty("multiple-active")
  public MultipleActive multipleActive;

  @JsonProperty("allow-migrate")
  public Boolean allowMigrate;

  public Requires requires;

  public Boolean critical;

  public String description;
}
