package dev.baton.operator.gitops;

import static dev.baton.operator.gitops.GitSyncTest.primitive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceSpec;
import dev.baton.operator.gitops.GitSync.Outcome;
import dev.baton.operator.gitops.GitSync.Result;
import dev.baton.testsupport.GitServer;
import dev.baton.testsupport.KubeApi;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from a Secret: ssh key + known_hosts against an SSH server, a token against HTTP Basic auth. */
@ExtendWith(KubeApi.class)
class CredentialsTest {
  @TempDir
  Path keys;
  @TempDir
  Path cache;

  @Test
  void fetchesWithTheSecretsKeyAndOnlyFromAKnownHost(KubeApi.Env env) throws Exception {
    Path hostKey = keygen("host");
    Path clientKey = keygen("client");
    keygen("other");
    Files.copy(keys.resolve("client.pub"), keys.resolve("authorized_keys"));
    try (GitServer git = GitServer.start(); GitServer.Author author = git.repository("ssh");
        SshGitServer ssh = SshGitServer.start(author.bare, hostKey, keys.resolve("authorized_keys"));
        GitSync sync = new GitSync(env.client(), cache, 4)) {
      String sha = author.write("www.yaml", primitive("www", "apache2")).push("www");
      String url = "ssh://git@127.0.0.1:" + ssh.port() + "/ssh.git";
      secret(env, "ssh-key", clientKey, knownHost(ssh.port(), keys.resolve("host.pub")));
      secret(env, "wrong-host", clientKey, knownHost(ssh.port(), keys.resolve("other.pub")));

      Result r = sync.sync(source(env, "by-ssh", url, "ssh-key"));
      assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.APPLIED);
      assertThat(r.revision()).isEqualTo(sha);

      Result refused = sync.sync(source(env, "spoofed", url, "wrong-host"));
      assertThat(refused.outcome()).isEqualTo(Outcome.FETCH_FAILED);
      assertThat(refused.message()).isEqualTo("fetching " + url + ": Server key did not validate");

      Result missing = sync.sync(source(env, "no-secret", url, "absent"));
      assertThat(missing.message()).contains("secret absent not found");
    }
  }

  @Test
  void fetchesOverHttpWithTheSecretsTokenOrPassword(KubeApi.Env env) throws Exception {
    try (GitServer git = GitServer.start(); GitServer.Author author = git.repository("http");
        HttpGitServer http = HttpGitServer.start(git.base(), "git", "s3cret");
        GitSync sync = new GitSync(env.client(), cache, 4)) {
      String sha = author.write("web.yaml", primitive("web", "apache2")).push("web");
      String url = http.url("http");
      env.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("token").endMetadata()
          .addToStringData("token", "s3cret").build()).create();
      env.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("basic").endMetadata()
          .addToStringData("username", "git").addToStringData("password", "s3cret").build()).create();
      env.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("wrong").endMetadata()
          .addToStringData("token", "guess").build()).create();

      Result byToken = sync.sync(source(env, "by-token", url, "token"));
      assertThat(byToken.outcome()).as(byToken.message()).isEqualTo(Outcome.APPLIED);
      assertThat(byToken.revision()).isEqualTo(sha);
      // fetched (the revision is known); the objects are another source's, so it must not take them over
      Result byPassword = sync.sync(source(env, "by-password", url, "basic"));
      assertThat(byPassword.revision()).isEqualTo(sha);
      assertThat(byPassword.outcome()).isEqualTo(Outcome.VALIDATION_FAILED);
      assertThat(byPassword.message()).contains("web.yaml document 1 (Primitive/web): already applied by GitSource by-token");

      Result wrong = sync.sync(source(env, "wrong", url, "wrong"));
      assertThat(wrong.outcome()).isEqualTo(Outcome.FETCH_FAILED);
      assertThat(wrong.message()).contains("not authorized");
    }
  }

  private Path keygen(String name) throws Exception {
    Process p = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", name,
        "-f", keys.resolve(name).toString())).redirectErrorStream(true).start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return keys.resolve(name);
  }

  private static String knownHost(int port, Path pub) throws Exception {
    return "[127.0.0.1]:" + port + " " + Files.readString(pub).trim() + "\n";
  }

  private void secret(KubeApi.Env env, String name, Path identity, String knownHosts) throws Exception {
    env.client().secrets().resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .addToStringData("identity", Files.readString(identity)).addToStringData("known_hosts", knownHosts)
        .build()).create();
  }

  private static GitSource source(KubeApi.Env env, String name, String url, String secret) {
    GitSource s = GitSyncTest.source(env.namespace(), name, url, null, false);
    s.getSpec().secretRef = new GitSourceSpec.SecretRef();
    s.getSpec().secretRef.name = secret;
    return s;
  }
}
