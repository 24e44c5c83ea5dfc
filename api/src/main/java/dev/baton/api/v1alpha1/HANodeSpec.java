package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HANodeSpec {
  /** A standby node runs no resources. */
  public Boolean standby;
  /** On a node in maintenance Baton neither starts, stops nor monitors anything. */
  public Boolean maintenance;
  /** Node attributes, for constraints and the operator's own bookkeeping. */
  @ValidationRule(value = "self.all(k, k.matches('^[A-Za-z0-9_.#-]+$'))",
      message = "attribute names may hold letters, digits, '_', '.', '#', '-'")
  @Size(max = 128)
  public Map<String, String> attributes;
  /** Capacity of this node, for placement-strategy utilization/balanced/minimal. */
  public Map<String, Integer> utilization;
}
