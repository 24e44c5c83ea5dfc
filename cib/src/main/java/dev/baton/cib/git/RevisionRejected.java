package dev.baton.cib.git;

import java.util.List;

/** A revision that cannot be applied as a whole; each problem names file, document and cause. */
public final class RevisionRejected extends Exception {
  private final transient List<String> problems;

  public RevisionRejected(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
