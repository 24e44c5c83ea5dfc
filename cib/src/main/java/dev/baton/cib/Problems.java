package dev.baton.cib;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cross-object errors found while building the model: the object at fault, a reason and a message. */
public final class Problems {
  public record Problem(String reason, String message) {
  }

  private final Map<String, Problem> byObject = new LinkedHashMap<>();

  static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }

  void add(HasMetadata o, String reason, String message) {
    byObject.putIfAbsent(key(o), new Problem(reason, message));
  }

  public Problem of(HasMetadata o) {
    return byObject.get(key(o));
  }

  public boolean has(HasMetadata o) {
    return byObject.containsKey(key(o));
  }

  public Map<String, Problem> all() {
    return Map.copyOf(byObject);
  }
}
