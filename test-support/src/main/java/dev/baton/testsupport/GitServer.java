package dev.baton.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real Git server on loopback: {@code git daemon} serving bare repositories under a temp
 * directory, pushes allowed. {@link Author} is a JGit working clone that commits and pushes.
 */
public final class GitServer implements AutoCloseable {
  private final Path base;
  private final int port;
  private final Process daemon;

  private GitServer(Path base, int port, Process daemon) {
    this.base = base;
    this.port = port;
    this.daemon = daemon;
  }

  public static GitServer start() throws IOException, InterruptedException {
    Path base = Files.createTempDirectory("baton-git-");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(List.of("git", "daemon", "--export-all", "--reuseaddr", "--informative-errors",
        "--enable=receive-pack", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base, base.toString()))
        .redirectErrorStream(true).redirectOutput(base.resolve("daemon.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return new GitServer(base, port, p);
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IOException("git daemon did not start: " + Files.readString(base.resolve("daemon.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  /** A new bare repository served as git://127.0.0.1:port/name.git, and a clone to commit in. */
  public Author repository(String name) throws IOException, GitAPIException {
    Path bare = base.resolve(name + ".git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path work = Files.createTempDirectory(base, name + "-work-");
    Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call();
    StoredConfig config = git.getRepository().getConfig();
    config.setString("remote", "origin", "url", url(name));
    config.save();
    return new Author(git, work, bare, url(name));
  }

  /** The directory the repositories are in. */
  public Path base() {
    return base;
  }

  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name + ".git";
  }

  @Override
  public void close() throws IOException {
    daemon.destroy();
    try (Stream<Path> files = Files.walk(base)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Someone editing the configuration: change files, commit, push. */
  public static final class Author implements AutoCloseable {
    private static final PersonIdent WHO = new PersonIdent("Baton Test", "test@baton.dev");
    public final Git git;
    public final Path work;
    public final Path bare;
    public final String url;

    Author(Git git, Path work, Path bare, String url) {
      this.git = git;
      this.work = work;
      this.bare = bare;
      this.url = url;
    }

    public Author write(String file, String content) throws IOException {
      Path p = work.resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      return this;
    }

    public Author writeAll(Map<String, String> files) throws IOException {
      for (Map.Entry<String, String> f : files.entrySet()) {
        write(f.getKey(), f.getValue());
      }
      return this;
    }

    public Author delete(String file) throws IOException {
      Files.delete(work.resolve(file));
      return this;
    }

    /** Commits every change and pushes main; the full commit id. */
    public String push(String message) throws GitAPIException {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit c = git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).call();
      git.push().setRemote("origin").add("main").call();
      return c.name();
    }

    /** git revert of a commit, pushed; the revert's commit id. */
    public String revert(String sha) throws GitAPIException, IOException {
      RevCommit c = git.revert().include(git.getRepository().resolve(sha)).call();
      git.push().setRemote("origin").add("main").call();
      return c.name();
    }

    public void tag(String name) throws GitAPIException {
      git.tag().setName(name).setAnnotated(true).setMessage(name).setTagger(WHO).call();
      git.push().setRemote("origin").setPushTags().call();
    }

    @Override
    public void close() {
      git.close();
    }
  }
}
