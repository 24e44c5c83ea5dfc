package dev.baton.cib.git;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The credentials of a GitSource's secretRef, for one fetch. https: keys username + password, or
 * token (sent as the password of user "git", unless username is set). ssh: keys identity (an
 * unencrypted private key) and known_hosts; the server's host key must be in known_hosts.
 */
public final class GitCredentials implements AutoCloseable {
  private final UsernamePasswordCredentialsProvider password;
  private final SshdSessionFactory ssh;
  private final Path sshDir;

  private GitCredentials(UsernamePasswordCredentialsProvider password, SshdSessionFactory ssh, Path sshDir) {
    this.password = password;
    this.ssh = ssh;
    this.sshDir = sshDir;
  }

  public static GitCredentials none() {
    return new GitCredentials(null, null, null);
  }

  /** Reads the secret; a missing secret or key fails the fetch with a message saying which. */
  public static GitCredentials from(KubernetesClient client, String namespace, String secretName, Path workDir)
      throws IOException {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      throw new IOException("secret " + secretName + " not found");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String identity = decode(data, "identity");
    if (identity != null) {
      String knownHosts = decode(data, "known_hosts");
      if (knownHosts == null) {
        throw new IOException("secret " + secretName + " has identity but no known_hosts: the server's key cannot be verified");
      }
      Path dir = Files.createTempDirectory(workDir, "ssh-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
      Files.writeString(dir.resolve("identity"), identity.endsWith("\n") ? identity : identity + "\n");
      Files.setPosixFilePermissions(dir.resolve("identity"), PosixFilePermissions.fromString("rw-------"));
      Files.writeString(dir.resolve("known_hosts"), knownHosts);
      // Our own config, never ~/.ssh/config: only this secret's key, only verified hosts.
      Files.writeString(dir.resolve("config"), "Host *\n  StrictHostKeyChecking yes\n  IdentitiesOnly yes\n"
          + "  IdentityFile " + dir.resolve("identity") + "\n");
      SshdSessionFactory factory = new SshdSessionFactoryBuilder()
          .setHomeDirectory(dir.toFile())
          .setSshDirectory(dir.toFile())
          .setConfigFile(home -> dir.resolve("config").toFile())
          .setDefaultKnownHostsFiles(home -> List.of(dir.resolve("known_hosts")))
          .build(null);
      return new GitCredentials(null, factory, dir);
    }
    String token = decode(data, "token");
    String user = decode(data, "username");
    String pass = token != null ? token : decode(data, "password");
    if (pass == null) {
      throw new IOException("secret " + secretName + " has none of identity, token, password");
    }
    return new GitCredentials(new UsernamePasswordCredentialsProvider(user != null ? user : "git", pass), null, null);
  }

  public void configure(TransportCommand<?, ?> command) {
    if (password != null) {
      command.setCredentialsProvider(password);
    }
    if (ssh != null) {
      command.setTransportConfigCallback(t -> {
        if (t instanceof SshTransport s) {
          s.setSshSessionFactory(ssh);
        }
      });
    }
  }

  private static String decode(Map<String, String> data, String key) {
    String v = data.get(key);
    return v == null ? null : new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    if (ssh != null) {
      ssh.close();
    }
    if (sshDir != null) {
      try (Stream<Path> files = Files.walk(sshDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
