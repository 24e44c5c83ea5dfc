package dev.baton.operator.gitops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH server on loopback (Apache MINA sshd, which JGit's ssh transport is built on) that
 * serves one repository to git-upload-pack, for keys listed in an authorized_keys file only.
 */
final class SshGitServer implements AutoCloseable {
  private final SshServer sshd;
  private final Repository repo;

  private SshGitServer(SshServer sshd, Repository repo) {
    this.sshd = sshd;
    this.repo = repo;
  }

  static SshGitServer start(Path bareRepo, Path hostKey, Path authorizedKeys) throws IOException {
    Repository repo = new FileRepositoryBuilder().setGitDir(bareRepo.toFile()).setBare().build();
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(new FileKeyPairProvider(hostKey));
    sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
    sshd.setCommandFactory((channel, command) -> {
      if (!command.startsWith("git-upload-pack ")) {
        throw new IOException("only git-upload-pack is served, not " + command);
      }
      return new UploadPackCommand(repo);
    });
    sshd.start();
    return new SshGitServer(sshd, repo);
  }

  int port() {
    return sshd.getPort();
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
    repo.close();
  }

  private static final class UploadPackCommand implements Command {
    private final Repository repo;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Repository repo) {
      this.repo = repo;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread t = new Thread(() -> {
        try {
          new UploadPack(repo).upload(in, out, err);
          out.flush();
          exit.onExit(0);
        } catch (IOException e) {
          exit.onExit(1, String.valueOf(e.getMessage()));
        }
      }, "upload-pack");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }
  }
}
