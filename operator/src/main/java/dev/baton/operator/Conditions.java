package dev.baton.operator;

import dev.baton.api.v1alpha1.BatonStatus;
import dev.baton.api.v1alpha1.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one place statuses get their conditions: observedGeneration set, lastTransitionTime carried forward. */
final class Conditions {
  private Conditions() {
  }

  static void set(BatonStatus status, HasMetadata owner, String type, boolean ok, String reason, String message) {
    Long generation = owner.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.setCondition(new Condition(type, ok ? Condition.TRUE : Condition.FALSE, reason, message, generation,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
  }

  static void ready(BatonStatus status, HasMetadata owner, boolean ok, String reason, String message) {
    set(status, owner, Condition.READY, ok, reason, message);
  }
}
