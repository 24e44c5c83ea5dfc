package dev.baton.cib.git;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * One object read from Git.
 *
 * @param file path of the file inside the repository
 * @param document 1-based index of the YAML document in that file
 * @param object the object as written in Git (namespace set, status dropped)
 */
public record Manifest(String file, int document, GenericKubernetesResource object) {
  /** Kind/name, the inventory's form. */
  public String key() {
    return key(object);
  }

  /** Where it came from, for messages: "dir/file.yaml document 2 (Primitive/www)". */
  public String where() {
    return file + " document " + document + " (" + key() + ")";
  }

  public static String key(GenericKubernetesResource o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
