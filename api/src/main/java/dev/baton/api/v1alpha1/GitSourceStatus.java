package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Written by the operator. Conditions: Ready, Reconciling, Stalled (kstatus). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSourceStatus extends BatonStatus {
  public String lastAppliedRevision;
  public String lastAttemptedRevision;
  /** Objects applied from the source, as Kind/name. */
  public List<String> inventory;
}
