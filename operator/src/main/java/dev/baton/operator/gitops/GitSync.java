package dev.baton.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceSpec;
import dev.baton.cib.git.GitCache;
import dev.baton.cib.git.GitOps;
import dev.baton.cib.git.Manifest;
import dev.baton.cib.git.Manifests;
import dev.baton.cib.git.RevisionRejected;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * One GitSource sync, without JOSDK: fetch → parse → validate (server-side apply dry run of every
 * object that changes) → apply (server-side apply, forced, one field manager) → prune. A revision is
 * applied whole or not at all: any invalid document and nothing is written, the previous revision
 * stays in force. Objects are compared with the live ones first, so an unchanged revision writes
 * nothing and a hand edit (drift) is found, restored and reported with an Event.
 */
public final class GitSync implements AutoCloseable {
  public enum Outcome { APPLIED, FETCH_FAILED, VALIDATION_FAILED, APPLY_FAILED }

  /**
   * @param revision the full commit id attempted (null when the fetch failed)
   * @param inventory Kind/name of every object of the revision (on APPLIED)
   * @param changed objects written by this sync; drifted and pruned likewise
   */
  public record Result(Outcome outcome, String revision, String message, List<String> inventory,
      List<String> changed, List<String> drifted, List<String> pruned) {
    static Result failed(Outcome outcome, String revision, String message) {
      return new Result(outcome, revision, message, List.of(), List.of(), List.of(), List.of());
    }
  }

  /** An object to write: Git's version stamped with our label and revision, and the live one (or null). */
  private record Planned(Manifest manifest, GenericKubernetesResource want, GenericKubernetesResource have) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PROBLEMS_SHOWN = 10;
  /** 10 and 10.0, int and long: the API server may hand back a number in another form than YAML gave it. */
  private static final Comparator<JsonNode> SAME_NUMBERS = (a, b) -> a.equals(b)
      || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

  private final KubernetesClient client;
  private final GitCache cache;
  private final EventRecorder events;
  private final ExecutorService pool;

  /** @param parallelism API requests in flight at once while validating and applying */
  public GitSync(KubernetesClient client, Path cacheDir, int parallelism) throws IOException {
    this.client = client;
    this.cache = new GitCache(Files.createDirectories(cacheDir));
    this.events = new EventRecorder(client);
    this.pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "baton-gitops-apply");
      t.setDaemon(true);
      return t;
    });
  }

  public Result sync(GitSource source) {
    GitSourceSpec spec = source.getSpec();
    String namespace = source.getMetadata().getNamespace();
    try (GitCache.Clone clone = cache.open(source)) {
      RevCommit commit;
      try {
        clone.fetch(client, source);
        commit = clone.resolve(spec.ref);
      } catch (IOException | GitAPIException | KubernetesClientException e) {
        String why = describe(e);
        // JGit's transport errors start with the URL already
        return Result.failed(Outcome.FETCH_FAILED, null, "fetching " + spec.url + ": "
            + (why.startsWith(spec.url + ": ") ? why.substring(spec.url.length() + 2) : why));
      }
      String sha = commit.name();
      try {
        return apply(source, clone, sha, clone.manifests(commit, spec.path, namespace));
      } catch (RevisionRejected e) {
        return Result.failed(Outcome.VALIDATION_FAILED, sha, "revision " + shortSha(sha) + " rejected, nothing applied: "
            + summary(e.problems()));
      }
    } catch (IOException e) {
      return Result.failed(Outcome.FETCH_FAILED, null, "local clone in " + cache.dir() + ": " + describe(e));
    }
  }

  private Result apply(GitSource source, GitCache.Clone clone, String sha, List<Manifest> manifests)
      throws RevisionRejected {
    String name = source.getMetadata().getName();
    String namespace = source.getMetadata().getNamespace();
    Map<String, GenericKubernetesResource> live = live(namespace);

    List<String> problems = new ArrayList<>();
    List<Planned> plan = new ArrayList<>();
    for (Manifest m : manifests) {
      GenericKubernetesResource want = GitOps.stamped(m.object(), name, sha);
      GenericKubernetesResource have = live.get(m.key());
      String owner = have == null ? null : label(have, GitOps.SOURCE_LABEL);
      if (owner != null && !owner.equals(name)) {
        problems.add(m.where() + ": already applied by GitSource " + owner);
      } else if (have == null || !sameContent(have, want) || !carries(have, want, null)) {
        plan.add(new Planned(m, want, have));
      }
    }
    if (!problems.isEmpty()) {
      throw new RevisionRejected(problems);
    }
    // A new revision re-stamps every object; where the stamp is all that changes there is nothing to validate.
    problems.addAll(each(plan.stream().filter(p -> p.have == null || !sameContent(p.have, p.want)
        || !carries(p.have, p.want, GitOps.REVISION_ANNOTATION)).toList(),
        p -> error(p, () -> resource(p.want).patch(apply(true)))));
    if (!problems.isEmpty()) {
      throw new RevisionRejected(problems);
    }

    List<Planned> drifted = drifted(plan, clone, source, sha, manifests);
    List<String> failures = new ArrayList<>();
    for (String kind : Manifests.KINDS.keySet()) {
      failures.addAll(each(plan.stream().filter(p -> p.want.getKind().equals(kind)).toList(),
          p -> error(p, () -> write(p.want))));
    }
    List<String> pruned = new ArrayList<>();
    if (failures.isEmpty() && Boolean.TRUE.equals(source.getSpec().prune)) {
      Set<String> keep = new HashSet<>(manifests.stream().map(Manifest::key).toList());
      List<GenericKubernetesResource> gone = live.values().stream()
          .filter(o -> name.equals(label(o, GitOps.SOURCE_LABEL)) && !keep.contains(Manifest.key(o))).toList();
      List<String> failed = each(gone, o -> {
        try {
          client.genericKubernetesResources(Manifests.KINDS.get(o.getKind())).inNamespace(namespace)
              .withName(o.getMetadata().getName()).delete();
          return null;
        } catch (KubernetesClientException e) {
          return Manifest.key(o) + ": " + describe(e);
        }
      });
      failed.forEach(f -> failures.add("pruning " + f));
      gone.stream().map(Manifest::key).filter(k -> failed.stream().noneMatch(f -> f.startsWith(k + ": ")))
          .forEach(pruned::add);
    }
    for (Planned p : drifted) {
      events.record(p.have, EventRecorder.WARNING, "DriftCorrected", "changed outside Git; restored to revision "
          + shortSha(sha) + " of GitSource " + name + " (" + p.manifest.file() + ")");
    }
    List<String> changed = plan.stream().map(p -> p.manifest.key()).toList();
    List<String> driftedKeys = drifted.stream().map(p -> p.manifest.key()).toList();
    if (!failures.isEmpty()) {
      return new Result(Outcome.APPLY_FAILED, sha, "revision " + shortSha(sha) + " partly applied, will retry: "
          + summary(failures), List.of(), changed, driftedKeys, pruned);
    }
    List<String> inventory = manifests.stream().map(Manifest::key).sorted().toList();
    return new Result(Outcome.APPLIED, sha, "applied revision " + shortSha(sha) + ": " + inventory.size()
        + " objects (" + changed.size() + " written, " + drifted.size() + " drift corrected, " + pruned.size()
        + " pruned)", inventory, changed, driftedKeys, pruned);
  }

  /**
   * Objects whose live content differs from what Git said at the revision they were last applied
   * from: someone changed them by hand. A change that came from Git is not drift.
   */
  private List<Planned> drifted(List<Planned> plan, GitCache.Clone clone, GitSource source, String sha,
      List<Manifest> current) {
    Map<String, Map<String, GenericKubernetesResource>> byRevision = new HashMap<>();
    byRevision.put(sha, byKey(current));
    List<Planned> out = new ArrayList<>();
    for (Planned p : plan) {
      String was = p.have == null ? null : annotation(p.have, GitOps.REVISION_ANNOTATION);
      if (was == null || !source.getMetadata().getName().equals(label(p.have, GitOps.SOURCE_LABEL))) {
        continue;
      }
      GenericKubernetesResource then = byRevision.computeIfAbsent(was, rev -> {
        try {
          return byKey(clone.manifests(clone.commit(rev, "revision " + rev), source.getSpec().path,
              source.getMetadata().getNamespace()));
        } catch (IOException | RevisionRejected e) {
          return Map.of(); // that revision is gone (force push) or no longer readable: no baseline
        }
      }).get(p.manifest.key());
      if (then != null && !sameContent(p.have, then)) {
        out.add(p);
      }
    }
    return out;
  }

  private static Map<String, GenericKubernetesResource> byKey(List<Manifest> manifests) {
    Map<String, GenericKubernetesResource> m = new HashMap<>();
    manifests.forEach(x -> m.put(x.key(), x.object()));
    return m;
  }

  /** Forced apply; fields another manager added survive that, so Git's content then replaces them. */
  private GenericKubernetesResource write(GenericKubernetesResource want) {
    GenericKubernetesResource applied = resource(want).patch(apply(false));
    if (sameContent(applied, want)) {
      return applied;
    }
    ArrayNode ops = JSON.createArrayNode();
    JsonNode have = content(applied);
    JsonNode target = content(want);
    have.fieldNames().forEachRemaining(f -> {
      if (!target.has(f)) {
        ops.addObject().put("op", "remove").put("path", "/" + pointer(f));
      }
    });
    target.fields().forEachRemaining(f -> ops.addObject().put("op", "add").put("path", "/" + pointer(f.getKey()))
        .set("value", f.getValue()));
    PatchContext json = PatchContext.of(PatchType.JSON);
    json.setFieldManager(GitOps.FIELD_MANAGER);
    return resource(want).patch(json, ops.toString());
  }

  private static String pointer(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }

  private Resource<GenericKubernetesResource> resource(GenericKubernetesResource o) {
    return client.genericKubernetesResources(Manifests.KINDS.get(o.getKind()))
        .inNamespace(o.getMetadata().getNamespace()).resource(o);
  }

  private static PatchContext apply(boolean dryRun) {
    PatchContext c = PatchContext.of(PatchType.SERVER_SIDE_APPLY);
    c.setFieldManager(GitOps.FIELD_MANAGER);
    c.setForce(true);
    // an unknown field in Git is a typo to report, not something to drop silently
    c.setFieldValidation("Strict");
    if (dryRun) {
      c.setDryRun(List.of("All"));
    }
    return c;
  }

  /** Every object of an accepted kind in the namespace, by Kind/name. */
  private Map<String, GenericKubernetesResource> live(String namespace) {
    Map<String, GenericKubernetesResource> out = new LinkedHashMap<>();
    Manifests.KINDS.values().forEach(kind -> client.genericKubernetesResources(kind).inNamespace(namespace).list()
        .getItems().forEach(o -> out.put(Manifest.key(o), o)));
    return out;
  }

  /** Everything but apiVersion, kind, metadata and status: what Git decides. */
  private static JsonNode content(GenericKubernetesResource o) {
    Map<String, Object> c = new LinkedHashMap<>(o.getAdditionalProperties());
    c.remove("status");
    return JSON.valueToTree(c);
  }

  private static boolean sameContent(GenericKubernetesResource a, GenericKubernetesResource b) {
    return content(a).equals(SAME_NUMBERS, content(b));
  }

  /** The live object has the labels and annotations Git (and our stamp) give it, but for one annotation. */
  private static boolean carries(GenericKubernetesResource have, GenericKubernetesResource want, String except) {
    Map<String, String> labels = Objects.requireNonNullElse(have.getMetadata().getLabels(), Map.of());
    Map<String, String> annotations = Objects.requireNonNullElse(have.getMetadata().getAnnotations(), Map.of());
    return labels.entrySet().containsAll(want.getMetadata().getLabels().entrySet())
        && want.getMetadata().getAnnotations().entrySet().stream()
            .allMatch(a -> a.getKey().equals(except) || a.getValue().equals(annotations.get(a.getKey())));
  }

  private static String label(HasMetadata o, String key) {
    return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
  }

  private static String annotation(HasMetadata o, String key) {
    return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
  }

  private static String error(Planned p, Runnable call) {
    try {
      call.run();
      return null;
    } catch (KubernetesClientException e) {
      return p.manifest.where() + ": " + describe(e);
    }
  }

  /** Runs task on each item in parallel; the non-null answers (problems), in item order. */
  private <T> List<String> each(List<T> items, Function<T, String> task) {
    List<Future<String>> futures = items.stream().map(i -> pool.submit(() -> task.apply(i))).toList();
    List<String> out = new ArrayList<>();
    for (Future<String> f : futures) {
      try {
        String problem = f.get();
        if (problem != null) {
          out.add(problem);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  /** The API server's own message (it names the field), not the client's request dump. */
  static String describe(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** The first few problems: a status condition is read by people, and a thousand bad documents would not fit. */
  static String summary(List<String> problems) {
    int shown = Math.min(problems.size(), MAX_PROBLEMS_SHOWN);
    return String.join("; ", problems.subList(0, shown))
        + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
