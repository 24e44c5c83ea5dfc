package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceGroupSpec {
  /** Primitive names, in start order; a list-type set, so the API server rejects a repeated member. */
  @Required
  @Size(min = 1, max = 100)
  @ValidationRule(value = "self.all(m, size(m) <= 253 && m.matches('" + Rules.NAME_RE + "'))",
      message = "members must be Primitive names")
  public List<String> members;

  public MetaAttributes meta;
}
