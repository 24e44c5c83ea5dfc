package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.promotable) && self.promotable) || (!has(self.promotedMax) && !has(self.promotedNodeMax))",
    message = "promotedMax and promotedNodeMax need promotable: true", fieldPath = ".promotedMax")
public class CloneSpec {
  /** The Primitive or ResourceGroup to clone. */
  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String resource;
  public Boolean promotable;
  /** How many copies in total (default: one per node). */
  @Min(0)
  public Integer cloneMax;
  /** How many copies on one node (default 1). */
  @Min(0)
  public Integer cloneNodeMax;
  /** How many copies may be promoted (default 1). */
  @Min(0)
  public Integer promotedMax;
  @Min(0)
  public Integer promotedNodeMax;
  /** Order and colocate with another clone per instance instead of as a whole. */
  public Boolean interleave;
  /** Start copies one after another instead of in parallel. */
  public Boolean ordered;
  public Boolean notify;
  public Boolean globallyUnique;
  public MetaAttributes meta;
}
