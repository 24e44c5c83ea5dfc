package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.class == 'ocf' ? has(self.provider) : !has(self.provider)",
    message = "provider is required for class ocf and not allowed for other classes", fieldPath = ".provider",
    reason = "FieldValueInvalid")
public class PrimitiveSpec {
  public enum ResourceClass { ocf, lsb, systemd, stonith }

  /** The resource agent standard: ocf, lsb, systemd or stonith. */
  @Required
  @JsonProperty("class")
  public ResourceClass resourceClass;

  /** The OCF provider (heartbeat, pacemaker, …); only for class ocf. */
  @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
  @ValidationRule(value = "!self.contains('..')", message = "provider must not contain '..'")
  @Size(max = 63)
  public String provider;

  /** The agent's name inside its provider or init directory (IPaddr2, apache2). */
  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(value = "!self.contains('/')", message = "type must be a plain agent name without '/'")
  @ValidationRule(value = "!self.contains('..')", message = "type must not contain '..'")
  public String type;

  /** Instance attributes, passed to the agent as OCF_RESKEY_name. */
  @ValidationRule(value = Rules.PARAM_NAMES, message = Rules.PARAM_NAMES_MSG)
  @Size(max = 128)
  public Map<String, IntOrString> params;

  public MetaAttributes meta;

  @Size(max = 32)
  public List<Operation> operations;

  /** Capacity this resource uses, for placement-strategy utilization/balanced/minimal. */
  public Map<String, Integer> utilization;
}
