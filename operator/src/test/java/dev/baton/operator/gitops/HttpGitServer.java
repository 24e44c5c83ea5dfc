package dev.baton.operator.gitops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Git's own smart-HTTP server ({@code git http-backend}, run as CGI with an argument vector) behind
 * the JDK's HTTP server on loopback, with HTTP Basic authentication as a Git host would ask for it.
 */
final class HttpGitServer implements AutoCloseable {
  private final HttpServer http;

  private HttpGitServer(HttpServer http) {
    this.http = http;
  }

  /** Serves the repositories under root to user:password only. */
  static HttpGitServer start(Path root, String user, String password) throws IOException {
    String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", exchange -> {
      try (exchange) {
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        cgi(exchange, root, user);
      }
    });
    http.start();
    return new HttpGitServer(http);
  }

  String url(String repository) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + repository + ".git";
  }

  private static void cgi(HttpExchange exchange, Path root, String user) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of("git", "http-backend"));
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("REMOTE_USER", user);
    env.put("REMOTE_ADDR", "127.0.0.1");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath());
    env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
    for (String[] h : new String[][] {{"Content-Type", "CONTENT_TYPE"}, {"Content-Length", "CONTENT_LENGTH"},
        {"Content-Encoding", "HTTP_CONTENT_ENCODING"}, {"Git-Protocol", "GIT_PROTOCOL"}}) {
      String v = exchange.getRequestHeaders().getFirst(h[0]);
      if (v != null) {
        env.put(h[1], v);
      }
    }
    Process p = pb.start();
    Thread body = new Thread(() -> {
      try (OutputStream in = p.getOutputStream(); InputStream req = exchange.getRequestBody()) {
        req.transferTo(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    body.start();
    InputStream out = p.getInputStream();
    int status = 200;
    for (String line = header(out); !line.isEmpty(); line = header(out)) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.substring(0, 3));
      } else {
        exchange.getResponseHeaders().add(name, value);
      }
    }
    exchange.sendResponseHeaders(status, 0);
    try (OutputStream response = exchange.getResponseBody()) {
      out.transferTo(response);
    }
  }

  /** One CGI header line, without its line end; "" at the blank line that ends the headers. */
  private static String header(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
