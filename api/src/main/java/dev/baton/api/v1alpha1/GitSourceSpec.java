package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSourceSpec {
  /** https://, ssh://, git:// or file:// URL, or scp-like user@host:path. */
  @Required
  @Pattern("^((https?|ssh|git|file)://.+|[A-Za-z0-9._-]+@[A-Za-z0-9._-]+:.+)$")
  public String url;
  /** What to follow: one of branch, tag or commit (default: branch main). */
  public GitRef ref;
  /** Directory inside the repository (default: the root). */
  @ValidationRule(value = "!self.contains('..')", message = "path must stay inside the repository (no '..')")
  public String path;
  /** How often to fetch (default 1m). */
  @ValidationRule(value = Rules.DURATION, message = Rules.DURATION_MSG)
  @Size(max = 32)
  public IntOrString interval;
  /** Secret with username/password (https token), or identity + known_hosts (ssh). */
  public SecretRef secretRef;
  /** Delete objects this source created once they leave Git. */
  public Boolean prune;
  /** Stop syncing, keep what is applied. */
  public Boolean suspend;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "(has(self.branch) ? 1 : 0) + (has(self.tag) ? 1 : 0) + (has(self.commit) ? 1 : 0) <= 1",
      message = "set only one of branch, tag, commit")
  public static class GitRef {
    public String branch;
    public String tag;
    @Pattern("^[0-9a-f]{7,40}$")
    public String commit;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretRef {
    @Required
    public String name;
  }
}
