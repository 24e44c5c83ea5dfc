package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** {@code colocation NAME SCORE: resource withResource}: resource is placed relative to withResource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.resource != self.withResource", message = "resource cannot be colocated with itself",
    fieldPath = ".withResource")
public class ColocationConstraintSpec {
  /** The dependent resource: it follows withResource. */
  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String resource;

  /** The primary resource: placed first. */
  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String withResource;

  @Required
  @ValidationRule(value = Rules.SCORE, message = Rules.SCORE_MSG)
  @Size(max = 32)
  public IntOrString score;

  /** Role of resource the constraint applies to (promotable clones). */
  public Operation.Role role;
  /** Role of withResource the constraint applies to. */
  public Operation.Role withRole;
}
