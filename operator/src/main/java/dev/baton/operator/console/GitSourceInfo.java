package dev.baton.operator.console;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.GitSource;
import java.util.List;

/** A GitSource as the console shows it: where it reads from, the revision applied and its conditions. */
record GitSourceInfo(String name, String url, String ref, String path, boolean suspended, String lastAppliedRevision,
                     String lastAttemptedRevision, List<Condition> conditions) {
  static GitSourceInfo of(GitSource g) {
    var spec = g.getSpec();
    var st = g.getStatus();
    String ref = spec == null || spec.ref == null ? null : spec.ref.commit != null ? "commit " + spec.ref.commit
        : spec.ref.tag != null ? "tag " + spec.ref.tag : spec.ref.branch != null ? "branch " + spec.ref.branch : null;
    return new GitSourceInfo(g.getMetadata().getName(), spec == null ? null : spec.url, ref,
        spec == null ? null : spec.path, spec != null && Boolean.TRUE.equals(spec.suspend),
        st == null ? null : st.lastAppliedRevision, st == null ? null : st.lastAttemptedRevision,
        st == null || st.conditions == null ? List.of() : st.conditions);
  }
}
