package dev.baton.operator.gitops;

import dev.baton.cib.git.GitOps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/** Core v1 Events about an object, from component baton-gitops. A failed write is logged, never fatal. */
final class EventRecorder {
  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  /** What events.k8s.io allows (note ≤ 1 kB); core v1 is looser, readers are not. */
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void record(HasMetadata about, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata().withGenerateName(about.getMetadata().getName() + ".")
        .withNamespace(about.getMetadata().getNamespace()).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion())
            .withKind(about.getKind()).withName(about.getMetadata().getName())
            .withNamespace(about.getMetadata().getNamespace()).withUid(about.getMetadata().getUid())
            .withResourceVersion(about.getMetadata().getResourceVersion()).build())
        .withType(type).withReason(reason).withMessage(message.length() > MAX_MESSAGE
            ? message.substring(0, MAX_MESSAGE - 1) + "…" : message)
        .withNewSource().withComponent(GitOps.FIELD_MANAGER).endSource()
        .withReportingComponent(GitOps.FIELD_MANAGER)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf("cannot record event %s on %s/%s: %s", reason, about.getKind(), about.getMetadata().getName(),
          e.getMessage());
    }
  }
}
