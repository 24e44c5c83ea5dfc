package dev.baton.cib.git;

import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceSpec;
import dev.baton.api.v1alpha1.GitSourceSpec.GitRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * One bare clone per GitSource (by uid) under a cache directory, reused from sync to sync so a
 * fetch moves only new objects. One user of a clone at a time.
 */
public final class GitCache {
  public static final String DEFAULT_BRANCH = "main";
  private static final int FETCH_TIMEOUT_SECONDS = 60;

  private final Path dir;
  private final boolean throwAway;
  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public GitCache(Path dir) {
    this(dir, false);
  }

  /**
   * @param throwAway the directory is deleted after use: Git's automatic gc then runs in the
   *     foreground, so no background gc writes into it after a clone is closed
   */
  public GitCache(Path dir, boolean throwAway) {
    this.dir = dir;
    this.throwAway = throwAway;
  }

  public Path dir() {
    return dir;
  }

  public Clone open(GitSource source) throws IOException {
    String uid = source.getMetadata().getUid();
    ReentrantLock lock = locks.computeIfAbsent(uid, k -> new ReentrantLock());
    lock.lock();
    try {
      Path gitDir = dir.resolve(uid + ".git");
      Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
      if (!Files.exists(gitDir)) {
        repo.create(true);
        if (throwAway) {
          repo.getConfig().setBoolean("gc", null, "autoDetach", false);
          repo.getConfig().save();
        }
      }
      return new Clone(repo, lock, dir);
    } catch (IOException | RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /**
   * The objects of a GitSource at a revision (any id or rev expression, e.g. a branch
   * "refs/remotes/origin/main"), exactly as a sync would apply them; nothing is written to the API.
   * Fetches first when the revision is not in the local clone yet; a null revision is the head of the
   * source's ref, fetched now. For {@code kubectl baton simulate}.
   */
  public List<GenericKubernetesResource> objectsAt(KubernetesClient client, GitSource source, String revision)
      throws IOException, GitAPIException, RevisionRejected {
    try (Clone clone = open(source)) {
      RevCommit commit;
      if (revision == null) {
        clone.fetch(client, source);
        commit = clone.resolve(source.getSpec().ref);
      } else {
        try {
          commit = clone.commit(revision, "revision " + revision);
        } catch (IOException notYetFetched) {
          clone.fetch(client, source);
          commit = clone.commit(revision, "revision " + revision);
        }
      }
      String name = source.getMetadata().getName();
      String sha = commit.name();
      return clone.manifests(commit, source.getSpec().path, source.getMetadata().getNamespace()).stream()
          .map(m -> GitOps.stamped(m.object(), name, sha)).toList();
    }
  }

  public static final class Clone implements AutoCloseable {
    private final Repository repo;
    private final ReentrantLock lock;
    private final Path workDir;

    private Clone(Repository repo, ReentrantLock lock, Path workDir) {
      this.repo = repo;
      this.lock = lock;
      this.workDir = workDir;
    }

    /** All branches (as origin/*) and tags of the source's url, with its secretRef's credentials; refs deleted upstream go here too. */
    public void fetch(KubernetesClient client, GitSource source) throws IOException, GitAPIException {
      GitSourceSpec spec = source.getSpec();
      try (GitCredentials credentials = spec.secretRef == null ? GitCredentials.none()
          : GitCredentials.from(client, source.getMetadata().getNamespace(), spec.secretRef.name, workDir)) {
        FetchCommand fetch = Git.wrap(repo).fetch().setRemote(spec.url)
            .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
            .setRemoveDeletedRefs(true).setTimeout(FETCH_TIMEOUT_SECONDS);
        credentials.configure(fetch);
        fetch.call();
      }
    }

    /** The commit the ref names: a branch (default main), a tag, or a commit id (may be abbreviated). */
    public RevCommit resolve(GitRef ref) throws IOException {
      String what;
      String expr;
      if (ref != null && ref.commit != null) {
        what = "commit " + ref.commit;
        expr = ref.commit + "^{commit}";
      } else if (ref != null && ref.tag != null) {
        what = "tag " + ref.tag;
        expr = "refs/tags/" + ref.tag + "^{commit}";
      } else {
        String branch = ref != null && ref.branch != null ? ref.branch : DEFAULT_BRANCH;
        what = "branch " + branch;
        expr = "refs/remotes/origin/" + branch;
      }
      return commit(expr, what);
    }

    /** A revision of the fetched history (full or abbreviated id, or any rev expression). */
    public RevCommit commit(String expr, String what) throws IOException {
      ObjectId id;
      try {
        id = repo.resolve(expr);
      } catch (MissingObjectException e) {
        id = null;
      }
      if (id == null) {
        throw new IOException(what + " not found in the fetched branches and tags");
      }
      try (RevWalk walk = new RevWalk(repo)) {
        return walk.parseCommit(id);
      }
    }

    public List<Manifest> manifests(RevCommit commit, String path, String namespace) throws IOException, RevisionRejected {
      return Manifests.read(repo, commit, path, namespace);
    }

    @Override
    public void close() {
      repo.close();
      lock.unlock();
    }
  }
}
