package dev.baton.operator.gitops;

import java.util.List;

/** A revision that cannot be applied as a whole; each problem names file, document and cause. */
public final class RevisionRejected extends Exception {
  private final transient List<String> problems;

  RevisionRejected(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
