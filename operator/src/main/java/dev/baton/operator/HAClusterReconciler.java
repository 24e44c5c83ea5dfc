package dev.baton.operator;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
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
import dev.baton.cib.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HA cluster of a namespace, reconciled as a whole: any change to a Baton object, a node's
 * Lease or an action's result in the namespace reconciles its HACluster. Thin: read the informer
 * caches into a {@link Snapshot}, let {@link ClusterController} compute and write.
 */
@ControllerConfiguration(name = "hacluster")
public class HAClusterReconciler implements Reconciler<HACluster> {
  static final List<Class<? extends HasMetadata>> WATCHED = List.of(HANode.class, Primitive.class,
      ResourceGroup.class, Clone.class, LocationConstraint.class, ColocationConstraint.class, OrderConstraint.class,
      Ticket.class, TicketConstraint.class, ResourceAction.class, Transition.class, Lease.class);

  private final ClusterController controller;

  public HAClusterReconciler(KubernetesClient client, Membership membership, Metrics metrics) {
    this.controller = new ClusterController(client, membership, metrics);
  }

  @Override
  public List<EventSource<?, HACluster>> prepareEventSources(EventSourceContext<HACluster> context) {
    return WATCHED.stream().<EventSource<?, HACluster>>map(kind -> informer(kind, context)).toList();
  }

  private static <R extends HasMetadata> InformerEventSource<R, HACluster> informer(Class<R> kind,
      EventSourceContext<HACluster> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(kind, HACluster.class)
        .withSecondaryToPrimaryMapper((R r) -> context.getPrimaryCache().list(r.getMetadata().getNamespace())
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
  }

  @Override
  public UpdateControl<HACluster> reconcile(HACluster cluster, Context<HACluster> context) {
    String ns = cluster.getMetadata().getNamespace();
    HACluster oldest = context.getPrimaryCache().list(ns)
        .min(Comparator.comparing((HACluster c) -> c.getMetadata().getCreationTimestamp())
            .thenComparing(c -> c.getMetadata().getName())).orElse(cluster);
    if (!oldest.getMetadata().getName().equals(cluster.getMetadata().getName())) {
      controller.rejectDuplicate(cluster, oldest);
      return UpdateControl.noUpdate();
    }
    Snapshot s = new Snapshot(cluster, list(context, HANode.class, ns), list(context, Primitive.class, ns),
        list(context, ResourceGroup.class, ns), list(context, Clone.class, ns),
        list(context, LocationConstraint.class, ns), list(context, ColocationConstraint.class, ns),
        list(context, OrderConstraint.class, ns), list(context, Ticket.class, ns),
        list(context, TicketConstraint.class, ns), list(context, ResourceAction.class, ns),
        list(context, Transition.class, ns), list(context, Lease.class, ns));
    Duration again = controller.reconcile(s);
    UpdateControl<HACluster> control = UpdateControl.noUpdate();
    return again == null ? control : control.rescheduleAfter(again);
  }

  /** Lists a namespace straight from the informer cache (associations by mapper can be stale). */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> List<R> list(Context<HACluster> context, Class<R> kind, String ns) {
    InformerEventSource<R, HACluster> source = (InformerEventSource<R, HACluster>) context.eventSourceRetriever()
        .getEventSourceFor(kind);
    return source.list(ns).toList();
  }

  static Set<Class<? extends HasMetadata>> watched() {
    return Set.copyOf(WATCHED);
  }
}
