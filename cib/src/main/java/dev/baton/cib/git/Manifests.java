package dev.baton.cib.git;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.Transition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the Baton objects of one commit straight from Git's object database (no work tree, so any
 * revision can be read while another is applied). YAML 1.2 (SnakeYAML Engine): "on"/"yes" stay strings.
 */
public final class Manifests {
  /**
   * The kinds a GitSource applies, in Baton's apply order. Not GitSource (a source that creates or
   * prunes sources, itself included, makes a loop nobody reviews), nor Transition and ResourceAction:
   * the operator writes those; they are history, not configuration.
   */
  public static final Map<String, ResourceDefinitionContext> KINDS = Baton.KINDS.stream()
      .filter(c -> c != GitSource.class && c != Transition.class && c != ResourceAction.class)
      .collect(Collectors.toMap(HasMetadata::getKind, ResourceDefinitionContext::fromResourceType,
          (a, b) -> a, LinkedHashMap::new));

  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {
  }

  /** Every object under path at commit; all problems of the revision at once, or the objects. */
  public static List<Manifest> read(Repository repo, RevCommit commit, String path, String namespace)
      throws IOException, RevisionRejected {
    String dir = normalise(path);
    List<String> problems = new ArrayList<>();
    List<Manifest> out = new ArrayList<>();
    if (!dir.isEmpty() && TreeWalk.forPath(repo, dir, commit.getTree()) == null) {
      throw new RevisionRejected(List.of("path " + dir + " does not exist at " + commit.abbreviate(7).name()));
    }
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      if (!dir.isEmpty()) {
        walk.setFilter(PathFilter.create(dir));
      }
      while (walk.next()) {
        String file = walk.getPathString();
        // symlinks could point outside path; submodules have no content here
        if ((file.endsWith(".yaml") || file.endsWith(".yml")) && walk.getFileMode(0) != FileMode.SYMLINK
            && walk.getFileMode(0) != FileMode.GITLINK) {
          String text = new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
          parse(file, text, namespace, out, problems);
        }
      }
    }
    Map<String, Manifest> seen = new HashMap<>();
    for (Manifest m : out) {
      Manifest first = seen.putIfAbsent(m.key(), m);
      if (first != null) {
        problems.add(m.where() + ": duplicate of " + first.where());
      }
    }
    if (out.isEmpty() && problems.isEmpty()) {
      // A wrong path or an emptied directory would otherwise prune the whole cluster's configuration.
      problems.add("no objects in *.yaml or *.yml under " + (dir.isEmpty() ? "the repository root" : dir)
          + "; an empty configuration is never applied");
    }
    if (!problems.isEmpty()) {
      throw new RevisionRejected(problems);
    }
    return out;
  }

  private static void parse(String file, String text, String namespace, List<Manifest> out, List<String> problems) {
    Load load = new Load(LoadSettings.builder().setLabel(file).build());
    int index = 0;
    try {
      Iterator<Object> docs = load.loadAllFromString(text).iterator();
      while (true) {
        index++;
        if (!docs.hasNext()) {
          break;
        }
        Object doc = docs.next();
        if (doc == null) {
          continue; // an empty document, e.g. after a trailing ---
        }
        String problem = check(doc, namespace);
        if (problem != null) {
          problems.add(file + " document " + index + ": " + problem);
        } else {
          out.add(new Manifest(file, index, toObject(doc, namespace)));
        }
      }
    } catch (YamlEngineException e) {
      problems.add(file + " document " + index + ": invalid YAML: " + e.getMessage().replace('\n', ' '));
    }
  }

  private static String check(Object doc, String namespace) {
    if (!(doc instanceof Map<?, ?> map)) {
      return "not a YAML mapping (an object must be apiVersion, kind, metadata, spec)";
    }
    Object apiVersion = map.get("apiVersion");
    Object kind = map.get("kind");
    if (!Baton.API_VERSION.equals(apiVersion) || !KINDS.containsKey(kind)) {
      return "kind " + kind + " of apiVersion " + apiVersion + " is not accepted; a GitSource applies only "
          + Baton.API_VERSION + " " + String.join(", ", KINDS.keySet());
    }
    if (!(map.get("metadata") instanceof Map<?, ?> meta) || !(meta.get("name") instanceof String name)
        || name.isEmpty()) {
      return "metadata.name is missing";
    }
    Object ns = meta.get("namespace");
    if (ns != null && !namespace.equals(ns)) {
      return "metadata.namespace " + ns + " is not the GitSource's namespace " + namespace;
    }
    return null;
  }

  /** Only what Git decides: name, labels, annotations and the content; never status. */
  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource toObject(Object doc, String namespace) {
    Map<String, Object> map = (Map<String, Object>) withoutNulls(doc);
    Map<String, Object> meta = (Map<String, Object>) map.get("metadata");
    GenericKubernetesResource o = new GenericKubernetesResource();
    o.setApiVersion(Baton.API_VERSION);
    o.setKind((String) map.get("kind"));
    o.setMetadata(new ObjectMetaBuilder().withName((String) meta.get("name")).withNamespace(namespace)
        .withLabels(JSON.convertValue(meta.getOrDefault("labels", Map.of()), Map.class))
        .withAnnotations(JSON.convertValue(meta.getOrDefault("annotations", Map.of()), Map.class)).build());
    map.forEach((k, v) -> {
      if (!List.of("apiVersion", "kind", "metadata", "status").contains(k)) {
        o.setAdditionalProperty(k, JSON.convertValue(v, Object.class));
      }
    });
    return o;
  }

  /**
   * YAML nulls ("meta:" with nothing after it) are dropped: applied, they would not be stored, so the
   * live object would differ from Git forever and every sync would look like drift.
   */
  private static Object withoutNulls(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> {
        if (x != null) {
          out.put(String.valueOf(k), withoutNulls(x));
        }
      });
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Manifests::withoutNulls).toList();
    }
    return v;
  }

  static String normalise(String path) {
    String p = path == null ? "" : path.trim();
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("/") ? 1 : 2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(".") ? "" : p;
  }
}
