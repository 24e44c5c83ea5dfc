package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** {@code crm_ticket --grant / --revoke / --standby / --activate}: the ticket's state at this site. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TicketSpec {
  /** Granted to this cluster: what depends on it may run. */
  @Required
  public Boolean granted;

  /** Granted, but what depends on it is to stop as if revoked (crm_ticket --standby; default false). */
  public Boolean standby;
}
