package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * {@code rsc_ticket ticket= rsc= rsc-role= loss-policy=}: resource (or each of resources, Pacemaker's resource
 * set) depends on ticket, in role (any role when absent or Started).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.resource) != has(self.resources)",
    message = "exactly one of resource and resources must be set", fieldPath = ".resource")
@ValidationRule(value = "!has(self.lossPolicy) || self.lossPolicy != 'demote' || (has(self.role)"
    + " && self.role == 'Promoted')", message = "lossPolicy demote is only for role Promoted (as Pacemaker requires)",
    fieldPath = ".lossPolicy")
public class TicketConstraintSpec {
  /** Pacemaker's loss-policy values, as it spells them. */
  public enum LossPolicy { stop, demote, fence, freeze }

  /** The Ticket's name; a Ticket that does not exist is not granted. */
  @Required
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String ticket;

  /** The dependent resource (Primitive, ResourceGroup or Clone). */
  @Size(max = 253)
  @Pattern(Rules.NAME_RE)
  public String resource;

  /** Several dependent resources (a resource set): each depends on the ticket on its own. */
  @Size(min = 1, max = 100)
  @ValidationRule(value = "self.all(m, size(m) <= 253 && m.matches('" + Rules.NAME_RE + "'))",
      message = "resources must be resource names")
  public List<String> resources;

  /** The role that depends on the ticket (rsc-role): Promoted for a promotable clone's promoted instances. */
  public Operation.Role role;

  /**
   * What happens to what runs when the ticket is revoked: stop (default; demote when role is Promoted), demote
   * (Promoted only), fence (the nodes it runs on; a stop without stonith), freeze (left as it is).
   */
  public LossPolicy lossPolicy;
}
