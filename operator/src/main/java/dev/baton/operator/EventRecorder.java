package dev.baton.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes Events (core/v1) about Baton objects, for `kubectl describe` and `kubectl get events`. */
public final class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private EventRecorder() {
  }

  public static void record(KubernetesClient client, String namespace, String kind, String name, String type,
      String reason, String message) {
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata().withName(name + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(namespace).endMetadata()
          .withNewInvolvedObject().withApiVersion(dev.baton.api.v1alpha1.Baton.API_VERSION).withKind(kind)
          .withName(name).withNamespace(namespace).endInvolvedObject()
          .withType(type).withReason(reason).withMessage(message)
          .withFirstTimestamp(now).withLastTimestamp(now).withEventTime(new MicroTime(now)).withCount(1)
          .withReportingComponent("baton-operator").withReportingInstance("baton-operator")
          .withAction(reason).withNewSource().withComponent("baton-operator").endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.debugf("event %s for %s/%s not recorded: %s", reason, kind, name, e.getMessage());
    }
  }
}
