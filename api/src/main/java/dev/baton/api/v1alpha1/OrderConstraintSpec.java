package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.first != self.then", message = "a resource cannot be ordered after itself",
    fieldPath = ".then")
public class OrderConstraintSpec {
  public enum Kind { Mandatory, Optional, Serialize }

  public enum Action { start, stop, promote, demote }

  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String first;

  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String then;

  /** Mandatory (default): then waits for first, and stops/restarts with it; Optional: only when both change. */
  public Kind kind;

  /** Action of first (default start). */
  public Action firstAction;

  /** Action of then (default: firstAction). */
  public Action thenAction;

  /** Stop in the reverse order too (default true; not for Serialize). */
  public Boolean symmetrical;
}
