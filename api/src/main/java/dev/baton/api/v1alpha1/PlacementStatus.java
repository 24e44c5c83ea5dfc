package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Status of a group or clone: where it runs. Written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementStatus extends BatonStatus {
  public String node;
  /** Every node/role pair it is active on ("Promoted@compute-1"). */
  public List<String> activeOn;
  public String state;
}
