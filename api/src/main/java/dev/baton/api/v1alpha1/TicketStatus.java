package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A ticket's status, written by the operator: Ready, and when it was last seen granted (crm_ticket's last-granted). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TicketStatus extends BatonStatus {
  /** When the operator first saw the current grant (RFC 3339); kept after a revoke, as Pacemaker keeps it. */
  public String lastGranted;
}
