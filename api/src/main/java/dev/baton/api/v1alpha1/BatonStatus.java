package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What every Baton status has: the generation it reflects and its conditions (Ready at least). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class BatonStatus {
  public Long observedGeneration;
  public List<Condition> conditions;

  public Optional<Condition> condition(String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.type)).findFirst();
  }

  /** Sets a condition; lastTransitionTime carries forward unless the status value changes. */
  public void setCondition(Condition next) {
    if (conditions == null) {
      conditions = new ArrayList<>();
    }
    Optional<Condition> previous = condition(next.type);
    if (previous.isPresent() && previous.get().status.equals(next.status)
        && previous.get().lastTransitionTime != null) {
      next.lastTransitionTime = previous.get().lastTransitionTime;
    }
    conditions.removeIf(c -> next.type.equals(c.type));
    conditions.add(next);
  }
}
