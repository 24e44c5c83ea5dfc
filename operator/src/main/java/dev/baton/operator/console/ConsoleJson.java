package dev.baton.operator.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The console's JSON: records, maps and strings, which always serialize. */
final class ConsoleJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleJson() {
  }

  static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("console: cannot write " + o.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
