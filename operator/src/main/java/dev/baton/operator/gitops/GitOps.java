package dev.baton.operator.gitops;

/** Names that other parts of Baton read on the objects a GitSource applied. */
public final class GitOps {
  private GitOps() {
  }

  /** The one field manager every GitSource applies with. */
  public static final String FIELD_MANAGER = "baton-gitops";
  /** Label on every applied object: the GitSource's name. Prune selects by it. */
  public static final String SOURCE_LABEL = "baton.dev/git-source";
  /** Annotation on every applied object: the full commit id it was last applied from. */
  public static final String REVISION_ANNOTATION = "baton.dev/git-revision";
}
