package dev.baton.operator.console;

import dev.baton.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.json.JsonObject;
import dev.baton.cib.Injections;
import dev.baton.cib.LiveState;
import dev.baton.cib.ResourceWrites;
import dev.baton.cib.Simulation;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.model.ClusterModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The web console's HTTP side, in the operator's own HTTP server: the page itself is static
 * (META-INF/resources/console/), its data comes from here, each request authenticated and authorized as the user
 * ({@link ConsoleAuth}). {@code GET api/namespaces}: the clusters the user may see; {@code GET
 * api/namespaces/NS/status}: the namespace's status as Server-Sent Events, one {@code status} event at once and one
 * on every change; {@code GET api/namespaces/NS/simulate}: scores and what-if; {@code POST api/namespaces/NS/actions}:
 * crm_resource's verbs. All paths are relative to the page, so it works behind a path prefix (an Ingress, a proxy).
 */
@ApplicationScoped
public class ConsoleRoutes {
  private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class);
  /** A comment line this often keeps proxies from closing a quiet stream. */
  static final long KEEPALIVE_MS = 15_000;
  /**
   * A stream ends after this long and the page reconnects: the reconnect is authorized again, so a user whose rights
   * were taken away stops seeing the cluster within this time.
   */
  static final long STREAM_MS = 5 * 60_000;

  @Inject
  KubernetesClient client;

  private ConsoleAuth auth;
  private final ScheduledExecutorService coalescing = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "console-feed");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, ClusterFeed> feeds = new HashMap<>();

  void routes(@Observes Router router) {
    auth = new ConsoleAuth(client);
    // the page's own URL ends in a slash, so its relative paths resolve below it, also behind a prefix
    // (Vert.x matches /console/ here too: that one is the page)
    router.get("/console").handler(rc -> {
      if (rc.request().path().endsWith("/")) {
        rc.next();
      } else {
        rc.response().setStatusCode(302).putHeader("Location", "console/").end();
      }
    });
    router.get("/console/api/namespaces").blockingHandler(this::namespaces, false);
    router.get("/console/api/namespaces/:namespace/status").blockingHandler(this::status, false);
    router.get("/console/api/namespaces/:namespace/simulate").blockingHandler(this::simulate, false);
    router.post("/console/api/namespaces/:namespace/actions").handler(BodyHandler.create().setBodyLimit(16 * 1024))
        .blockingHandler(this::action, false);
  }

  /** The namespaces with an HACluster the user may see, and who the API server says they are. */
  private void namespaces(RoutingContext rc) {
    ConsoleAuth.User user = user(rc);
    if (user == null) {
      return;
    }
    TreeSet<String> visible = new TreeSet<>();
    client.resources(HACluster.class).inAnyNamespace().list().getItems().stream()
        .map(c -> c.getMetadata().getNamespace()).distinct().filter(ns -> auth.allowed(user, ns))
        .forEach(visible::add);
    json(rc, 200, Map.of("user", user.name(), "namespaces", visible));
  }

  /** The request's user if they may see the namespace, or null when the answer (401, 403, 502) was sent. */
  private ConsoleAuth.User viewer(RoutingContext rc, String ns) {
    ConsoleAuth.User user = user(rc);
    if (user != null && !auth.allowed(user, ns)) {
      forbidden(rc, user, ConsoleAuth.VERB, ConsoleAuth.RESOURCE, ns);
      return null;
    }
    return user;
  }

  private static void forbidden(RoutingContext rc, ConsoleAuth.User user, String verb, String resource, String ns) {
    json(rc, 403, Map.of("error", user.name() + " may not " + verb + " " + resource + ".baton.dev in namespace "
        + ns));
  }

  /**
   * {@code kubectl baton simulate -o json --show-scores [--node-fail N]… [--op-fail R:O:N:RC]…
   * [--ticket-grant|revoke|standby|activate T]…} on the live cluster:
   * the scores with their contributions, and what the scheduler would do after the modifications, with where
   * everything runs now (the page shows the difference). Nothing is written.
   */
  private void simulate(RoutingContext rc) {
    String ns = rc.pathParam("namespace");
    if (viewer(rc, ns) == null) {
      return;
    }
    try {
      Injections injections = Injections.parse(rc.queryParam("node-fail"), rc.queryParam("op-fail")).withTickets(
          Map.of(Injections.TicketChange.GRANT, rc.queryParam("ticket-grant"), Injections.TicketChange.REVOKE,
              rc.queryParam("ticket-revoke"), Injections.TicketChange.STANDBY, rc.queryParam("ticket-standby"),
              Injections.TicketChange.ACTIVATE, rc.queryParam("ticket-activate")));
      ClusterModel current = LiveState.model(LiveState.read(client, ns), Instant.now());
      Decision d = Scheduler.schedule(injections.apply(current));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("modifications", injections.describe(current));
      body.put("current", Simulation.current(current, d));
      body.put("simulation", Simulation.json(d, true));
      json(rc, 200, body);
    } catch (IllegalArgumentException e) {
      json(rc, 400, Map.of("error", e.getMessage()));
    } catch (KubernetesClientException e) {
      json(rc, 502, Map.of("error", "reading the cluster: " + e.getMessage()));
    }
  }

  /**
   * POST {@code {"verb": …, "resource": …, "node": …}}: one of {@link ConsoleActions}, if the user may make its
   * writes (a SubjectAccessReview for each). The page asks for confirmation first; this does it.
   */
  private void action(RoutingContext rc) {
    String ns = rc.pathParam("namespace");
    ConsoleAuth.User user = user(rc);
    if (user == null) {
      return;
    }
    ConsoleActions.Request request;
    try {
      JsonObject body = rc.body().asJsonObject();
      request = new ConsoleActions.Request(ConsoleActions.Verb.valueOf(body.getString("verb")),
          body.getString("resource"), body.getString("node"));
    } catch (RuntimeException e) {
      json(rc, 400, Map.of("error", "expected {\"verb\": one of " + java.util.Arrays.toString(ConsoleActions.Verb
          .values()) + ", \"resource\": NAME, \"node\": NAME}"));
      return;
    }
    for (ConsoleActions.Permission p : ConsoleActions.permissions(request.verb())) {
      if (!auth.allowed(user, ns, p.verb(), p.resource())) {
        forbidden(rc, user, p.verb(), p.resource(), ns);
        return;
      }
    }
    try {
      List<String> done = ConsoleActions.run(LiveState.read(client, ns), new ResourceWrites(client, ns), request);
      LOG.infof("console: %s in %s by %s: %s", request.verb(), ns, user.name(), String.join("; ", done));
      json(rc, 200, Map.of("done", done));
    } catch (ConsoleActions.Rejected e) {
      json(rc, 400, Map.of("error", e.getMessage()));
    } catch (KubernetesClientException e) {
      json(rc, 502, Map.of("error", "the API server refused the change: " + e.getMessage()));
    }
  }

  private void status(RoutingContext rc) {
    String ns = rc.pathParam("namespace");
    if (viewer(rc, ns) == null) {
      return;
    }
    HttpServerResponse response = rc.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    // Vert.x wants a response written on its own context; the feed calls from its informer and timer threads
    Context context = rc.vertx().getOrCreateContext();
    Consumer<String> viewer = status -> context.runOnContext(v -> {
      if (!response.ended() && !response.closed()) {
        response.write("event: status\ndata: " + status + "\n\n");
      }
    });
    Vertx vertx = rc.vertx();
    long keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> {
      if (!response.ended() && !response.closed()) {
        response.write(": keepalive\n\n");
      }
    });
    long expiry = vertx.setTimer(STREAM_MS, id -> {
      if (!response.ended() && !response.closed()) {
        response.end("event: expired\ndata: {}\n\n");
      }
    });
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable close = () -> {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      vertx.cancelTimer(keepalive);
      vertx.cancelTimer(expiry);
      unsubscribe(ns, viewer);
    };
    response.closeHandler(v -> close.run());
    response.endHandler(v -> close.run());
    try {
      subscribe(ns, viewer);
    } catch (RuntimeException e) {
      close.run();
      LOG.warnf(e, "console: watching %s", ns);
      if (!response.ended()) {
        response.end("event: error\ndata: " + ConsoleJson.write(String.valueOf(e.getMessage())) + "\n\n");
      }
    }
  }

  private void subscribe(String ns, Consumer<String> viewer) {
    synchronized (feeds) {
      ClusterFeed feed = feeds.get(ns);
      if (feed == null) {
        feed = new ClusterFeed(client, ns, coalescing);
        try {
          feed.start();
        } catch (RuntimeException e) {
          feed.stop();
          throw e;
        }
        feeds.put(ns, feed);
      }
      // under the same lock as the last viewer's leaving: never added to a feed that was just stopped
      feed.add(viewer);
    }
  }

  private void unsubscribe(String ns, Consumer<String> viewer) {
    synchronized (feeds) {
      ClusterFeed feed = feeds.get(ns);
      if (feed != null && feed.remove(viewer)) {
        feeds.remove(ns);
        feed.stop();
      }
    }
  }

  /** The request's user, or null when the answer (401, or 502 when the API server fails) was sent. */
  private ConsoleAuth.User user(RoutingContext rc) {
    try {
      return auth.authenticate(rc.request().getHeader("Authorization"));
    } catch (ConsoleAuth.Unauthenticated e) {
      rc.response().putHeader("WWW-Authenticate", "Bearer");
      json(rc, 401, Map.of("error", e.getMessage()));
    } catch (KubernetesClientException e) {
      LOG.warnf("console: reviewing a token: %s", e.getMessage());
      json(rc, 502, Map.of("error", "the API server could not review the token: " + e.getMessage()));
    }
    return null;
  }

  private static void json(RoutingContext rc, int code, Object body) {
    rc.response().setStatusCode(code).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(ConsoleJson.write(body));
  }
}
