package dev.baton.cib.git;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Names that other parts of Baton read on the objects a GitSource applied. */
public final class GitOps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GitOps() {
  }

  /** The one field manager every GitSource applies with. */
  public static final String FIELD_MANAGER = "baton-gitops";
  /** Label on every applied object: the GitSource's name. Prune selects by it. */
  public static final String SOURCE_LABEL = "baton.dev/git-source";
  /** Annotation on every applied object: the full commit id it was last applied from. */
  public static final String REVISION_ANNOTATION = "baton.dev/git-revision";

  /** Git's version of an object stamped with the source's label and the revision's annotation, as it is applied. */
  public static GenericKubernetesResource stamped(GenericKubernetesResource git, String source, String sha) {
    GenericKubernetesResource o = JSON.convertValue(git, GenericKubernetesResource.class);
    Map<String, String> labels = new LinkedHashMap<>(Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of()));
    labels.put(GitOps.SOURCE_LABEL, source);
    Map<String, String> annotations = new LinkedHashMap<>(
        Objects.requireNonNullElse(o.getMetadata().getAnnotations(), Map.of()));
    annotations.put(GitOps.REVISION_ANNOTATION, sha);
    o.getMetadata().setLabels(labels);
    o.getMetadata().setAnnotations(annotations);
    return o;
  }
}
