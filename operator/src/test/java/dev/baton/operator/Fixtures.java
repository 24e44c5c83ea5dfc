package dev.baton.operator;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.HANodeStatus;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Snapshot;
import dev.baton.testsupport.ControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Snapshots from the repository's samples, as the informer caches would hold them. */
final class Fixtures {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Fixtures() {
  }

  static List<HasMetadata> sample(String name) throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(ControlPlane.repo().resolve("samples").resolve(name))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    Map<String, Class<? extends HasMetadata>> kinds = Map.of("HACluster", HACluster.class, "HANode", HANode.class,
        "Primitive", Primitive.class, "ResourceGroup", ResourceGroup.class, "Clone", Clone.class,
        "LocationConstraint", LocationConstraint.class, "ColocationConstraint", ColocationConstraint.class,
        "OrderConstraint", OrderConstraint.class);
    for (Path f : files) {
      for (String doc : Files.readString(f).split("(?m)^---$")) {
        if (doc.isBlank()) {
          continue;
        }
        String kind = doc.lines().filter(l -> l.startsWith("kind:")).findFirst().orElseThrow().substring(5).trim();
        HasMetadata o = JSON.unmarshal(doc, kinds.get(kind));
        o.getMetadata().setNamespace("test");
        o.getMetadata().setGeneration(1L);
        out.add(o);
      }
    }
    return out;
  }

  static Snapshot snapshot(List<HasMetadata> objects, List<ResourceAction> actions) {
    return snapshot(objects, actions, List.of());
  }

  /** With a Lease for each of {@code joined}: those nodes' agents joined the cluster once. */
  static Snapshot snapshot(List<HasMetadata> objects, List<ResourceAction> actions, List<String> joined) {
    List<Lease> leases = joined.stream().map(n -> new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
        .withNewMetadata().withName(n).withNamespace("test").withResourceVersion("1").endMetadata()
        .withNewSpec().withHolderIdentity(n).endSpec().build()).toList();
    return new Snapshot(only(objects, HACluster.class).get(0), only(objects, HANode.class),
        only(objects, Primitive.class), only(objects, ResourceGroup.class), only(objects, Clone.class),
        only(objects, LocationConstraint.class), only(objects, ColocationConstraint.class),
        only(objects, OrderConstraint.class), only(objects, Ticket.class),
        only(objects, TicketConstraint.class), actions, List.<Transition>of(), leases);
  }

  static <T> List<T> only(List<HasMetadata> objects, Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Appends an operation result to a node's reported history, as the agent writes it. */
  static void report(HANode node, String resource, String op, String interval, int rc, String time) {
    if (node.getStatus() == null) {
      node.setStatus(new HANodeStatus());
    }
    if (node.getStatus().resources == null) {
      node.getStatus().resources = new ArrayList<>();
    }
    HANodeStatus.ResourceHistory rh = node.getStatus().resources.stream().filter(r -> r.resource.equals(resource))
        .findFirst().orElseGet(() -> {
          HANodeStatus.ResourceHistory h = new HANodeStatus.ResourceHistory();
          h.resource = resource;
          h.operations = new ArrayList<>();
          node.getStatus().resources.add(h);
          return h;
        });
    HANodeStatus.OperationRecord r = new HANodeStatus.OperationRecord();
    r.operation = op;
    r.interval = interval;
    r.rc = rc;
    r.lastRun = time;
    r.status = "done";
    rh.operations.add(r);
  }
}
