package dev.baton.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's real nginx as a reverse proxy with a path prefix, as an Ingress puts one in front of the operator:
 * {@code http://127.0.0.1:PORT/PREFIX/x} is proxied to {@code http://127.0.0.1:UPSTREAM/x} (the prefix stripped),
 * with {@code X-Forwarded-Prefix: /PREFIX}, unbuffered (the console's status is a Server-Sent Events stream). One
 * process in the foreground ({@code daemon off; master_process off}), everything it writes in its own directory;
 * {@link #requests()} reads its access log, so a test can tell what went through it.
 */
final class PrefixProxy implements AutoCloseable {
  /** One line of the access log: what the browser asked the proxy and what the proxy answered. */
  record Request(String method, String uri, int status) {
  }

  private final Path dir;
  private final String prefix;
  private final int port;
  private final Process nginx;

  private PrefixProxy(Path dir, String prefix, int port, Process nginx) {
    this.dir = dir;
    this.prefix = prefix;
    this.port = port;
    this.nginx = nginx;
  }

  static PrefixProxy start(Path dir, String prefix, int upstreamPort) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // the *_temp_path lines: nginx creates its compiled-in ones (/var/lib/nginx/…) at start-up otherwise
    Files.writeString(dir.resolve("nginx.conf"), """
        daemon off;
        master_process off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 64; }
        http {
          log_format requests '$request_method $request_uri $status';
          access_log %1$s/access.log requests;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location /%3$s/ {
              proxy_pass http://127.0.0.1:%4$d/;
              proxy_buffering off;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header X-Forwarded-Prefix /%3$s;
            }
          }
        }
        """.formatted(dir, port, prefix, upstreamPort));
    // -e: the error log before the configuration is read (the compiled-in one is /var/log/nginx/error.log)
    Process p = new ProcessBuilder(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c",
        dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return new PrefixProxy(dir, prefix, port, p);
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IOException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")) + "\n"
              + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
        }
        Thread.sleep(50);
      }
    }
  }

  /** The URL of a path below the prefix, as a browser in front of the proxy uses it. */
  String url(String path) {
    return "http://127.0.0.1:" + port + "/" + prefix + "/" + path;
  }

  /**
   * The requests nginx has finished so far, oldest first (nginx logs a request when it ends: a stream once it
   * closes).
   */
  List<Request> requests() {
    Path log = dir.resolve("access.log");
    try {
      return !Files.exists(log) ? List.of() : Files.readAllLines(log).stream().map(l -> l.split(" "))
          .filter(f -> f.length == 3).map(f -> new Request(f[0], f[1], Integer.parseInt(f[2]))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    nginx.destroy();
    if (!nginx.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      nginx.destroyForcibly().waitFor();
    }
  }
}
