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
// IPaddr2's addresses, where a typo is certain to fail the start; whether the address fits a subnet of the
// node is for the agent to say, which knows its interfaces (the HANode status, see AgentNetworks)
@ValidationRule(value = "self.type != 'IPaddr2' || !has(self.params) || !('ip' in self.params)"
    + " || isIP(string(self.params['ip']))", message = "params.ip of IPaddr2 must be an IPv4 or IPv6 address",
    fieldPath = ".params.ip", reason = "FieldValueInvalid")
@ValidationRule(value = "self.type != 'IPaddr2' || !has(self.params) || !('cidr_netmask' in self.params)"
    + " || string(self.params['cidr_netmask']).matches('^([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$')"
    + " || isIP(string(self.params['cidr_netmask']))",
    message = "params.cidr_netmask of IPaddr2 must be a prefix length (24) or a dotted mask (255.255.255.0)",
    fieldPath = ".params.cidr_netmask", reason = "FieldValueInvalid")
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

  /**
   * The agent's name inside its provider or init directory (IPaddr2, apache2); at most 63 characters, so the
   * names of the actions the operator derives from it stay within Kubernetes' limits.
   */
  @Required
  @Size(min = 1, max = 63)
  @ValidationRule(value = "!self.contains('/')", message = "type must be a plain agent name without '/'")
  @ValidationRule(value = "!self.contains('..')", message = "type must not contain '..'")
  public String type;

  /** Instance attributes, passed to the agent as OCF_RESKEY_name. */
  @ValidationRule(value = Rules.PARAM_NAMES, message = Rules.PARAM_NAMES_MSG)
  @ValidationRule(value = Rules.PARAM_VALUES, message = Rules.PARAM_VALUES_MSG)
  @Size(max = 128)
  public Map<String, IntOrString> params;

  public MetaAttributes meta;

  @Size(max = 32)
  public List<Operation> operations;

  /** Capacity this resource uses, for placement-strategy utilization/balanced/minimal. */
  public Map<String, Integer> utilization;
}
