package dev.baton.operator.console;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.ClusterStatus;
import dev.baton.cib.Snapshot;
import dev.baton.cib.TransitionTimeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The status of one namespace's cluster ({@link ClusterStatus}, what {@code kubectl baton status} shows) kept current
 * by watches while anyone looks at it: informers on the namespace's Baton objects and Leases, started by the first
 * viewer and stopped with the last. Every change recomputes the status (after a short coalescing delay, so one write
 * burst of the operator is one update); a viewer is sent the status only when it differs from the last one sent, as
 * {@code {"time": NOW, "status": {...}, "timeline": [...], "gitSources": [...]}} (or {@code "error"} in place of
 * them when they cannot be computed).
 */
final class ClusterFeed {
  private static final Logger LOG = Logger.getLogger(ClusterFeed.class);
  /** Events closer together than this are one update: the operator writes several statuses per transition step. */
  static final long COALESCE_MS = 50;

  private final String namespace;
  private final ScheduledExecutorService executor;
  private final Map<Class<? extends HasMetadata>, SharedIndexInformer<? extends HasMetadata>> informers =
      new LinkedHashMap<>();
  private final List<Consumer<String>> viewers = new CopyOnWriteArrayList<>();
  private boolean scheduled;
  private String last;

  ClusterFeed(KubernetesClient client, String namespace, ScheduledExecutorService executor) {
    this.namespace = namespace;
    this.executor = executor;
    ResourceEventHandler<HasMetadata> changed = new ResourceEventHandler<>() {
      @Override
      public void onAdd(HasMetadata o) {
        changed();
      }

      @Override
      public void onUpdate(HasMetadata before, HasMetadata after) {
        changed();
      }

      @Override
      public void onDelete(HasMetadata o, boolean finalStateUnknown) {
        changed();
      }
    };
    for (Class<? extends HasMetadata> kind : List.of(HACluster.class, HANode.class, Primitive.class,
        ResourceGroup.class, Clone.class, LocationConstraint.class, ColocationConstraint.class, OrderConstraint.class,
        Ticket.class, TicketConstraint.class, ResourceAction.class, Transition.class, Lease.class, GitSource.class)) {
      informers.put(kind, inform(client, kind, changed));
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> SharedIndexInformer<T> inform(KubernetesClient client, Class<T> kind,
      ResourceEventHandler<HasMetadata> handler) {
    SharedIndexInformer<T> informer = client.resources(kind).inNamespace(namespace).runnableInformer(0);
    informer.addEventHandler((ResourceEventHandler<T>) (ResourceEventHandler<?>) handler);
    return informer;
  }

  /** Starts the watches; returns once every cache holds the namespace as it is now. */
  void start() {
    informers.values().stream().map(i -> i.start().toCompletableFuture()).toList()
        .forEach(java.util.concurrent.CompletableFuture::join);
  }

  void stop() {
    informers.values().forEach(SharedIndexInformer::stop);
  }

  /** Adds a viewer; it is sent the current status at once and every different one after. */
  synchronized void add(Consumer<String> viewer) {
    viewers.add(viewer);
    if (last == null) {
      last = body();
    }
    viewer.accept(payload(last));
  }

  /** Removes a viewer; returns whether it was the last. */
  synchronized boolean remove(Consumer<String> viewer) {
    viewers.remove(viewer);
    return viewers.isEmpty();
  }

  private synchronized void changed() {
    if (!scheduled) {
      scheduled = true;
      executor.schedule(this::publish, COALESCE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private void publish() {
    String now;
    synchronized (this) {
      scheduled = false;
      now = body();
      if (now.equals(last)) {
        return;
      }
      last = now;
    }
    String payload = payload(now);
    for (Consumer<String> v : viewers) {
      v.accept(payload);
    }
  }

  private static String payload(String body) {
    return "{\"time\":" + ConsoleJson.write(Instant.now().toString()) + "," + body + "}";
  }

  /** The status as a JSON member; a failure to compute it is sent as such rather than leaving the page stale. */
  private String body() {
    try {
      Snapshot s = snapshot();
      return "\"status\":" + ConsoleJson.write(ClusterStatus.of(namespace, s, Instant.now()))
          + ",\"timeline\":" + ConsoleJson.write(TransitionTimeline.of(s).transitions())
          + ",\"gitSources\":" + ConsoleJson.write(list(GitSource.class).stream()
              .sorted(Comparator.comparing(g -> g.getMetadata().getName())).map(GitSourceInfo::of).toList());
    } catch (RuntimeException e) {
      LOG.warnf(e, "console: status of %s", namespace);
      return "\"error\":" + ConsoleJson.write(String.valueOf(e.getMessage()));
    }
  }

  private Snapshot snapshot() {
    // one namespace is one cluster: the oldest HACluster is it (the operator rejects the others)
    HACluster cluster = list(HACluster.class).stream()
        .min(Comparator.comparing((HACluster c) -> c.getMetadata().getCreationTimestamp())
            .thenComparing(c -> c.getMetadata().getName())).orElse(null);
    return new Snapshot(cluster, list(HANode.class), list(Primitive.class), list(ResourceGroup.class),
        list(Clone.class), list(LocationConstraint.class), list(ColocationConstraint.class),
        list(OrderConstraint.class), list(Ticket.class), list(TicketConstraint.class), list(ResourceAction.class),
        list(Transition.class), list(Lease.class));
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> List<T> list(Class<T> kind) {
    return new ArrayList<>(((SharedIndexInformer<T>) informers.get(kind)).getStore().list());
  }
}
