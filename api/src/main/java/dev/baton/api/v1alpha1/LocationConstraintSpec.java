package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocationConstraintSpec {
  public enum ResourceDiscovery { always, never, exclusive }

  /** The Primitive, ResourceGroup or Clone it applies to. */
  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String resource;

  /** The HANode name. */
  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String node;

  /** Preference for the node: positive attracts, negative repels, ±INFINITY is mandatory. */
  @Required
  @ValidationRule(value = Rules.SCORE, message = Rules.SCORE_MSG)
  @Size(max = 32)
  public IntOrString score;

  /** For promotable clones: the role the score applies to. */
  public Operation.Role role;

  public ResourceDiscovery resourceDiscovery;

  /** When the constraint stops counting (kubectl baton resource move --lifetime), RFC 3339. */
  @ValidationRule(value = "self.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$')",
      message = "expires must be an RFC 3339 time, e.g. 2026-11-25T12:00:00Z")
  public String expires;
}
