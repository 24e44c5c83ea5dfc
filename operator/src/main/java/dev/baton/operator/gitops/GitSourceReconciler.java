package dev.baton.operator.gitops;

import dev.baton.api.v1alpha1.Condition;
import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.GitSourceStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Thin: {@link GitSync} does the work; this maps its result to kstatus conditions and Events. */
@ControllerConfiguration(name = GitSourceReconciler.NAME)
public class GitSourceReconciler implements Reconciler<GitSource> {
  public static final String NAME = "gitsource";
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  /** Shorter intervals are raised to this, so one typo cannot hammer the Git server. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private final GitSync sync;
  private final EventRecorder events;

  public GitSourceReconciler(KubernetesClient client,
      @ConfigProperty(name = "baton.gitops.cache-dir") Optional<String> cacheDir,
      @ConfigProperty(name = "baton.gitops.parallelism", defaultValue = "16") int parallelism) throws IOException {
    this.sync = new GitSync(client, cacheDir.map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "baton-gitops")), parallelism);
    this.events = new EventRecorder(client);
  }

  @Override
  public UpdateControl<GitSource> reconcile(GitSource source, Context<GitSource> context) {
    GitSourceStatus status = Objects.requireNonNullElseGet(source.getStatus(), GitSourceStatus::new);
    source.setStatus(status);
    long generation = source.getMetadata().getGeneration();
    status.observedGeneration = generation;
    if (Boolean.TRUE.equals(source.getSpec().suspend)) {
      String ready = status.condition(Condition.READY).map(c -> c.status).orElse(Condition.UNKNOWN);
      String kept = status.lastAppliedRevision == null ? "nothing applied yet"
          : "revision " + GitSync.shortSha(status.lastAppliedRevision) + " stays applied";
      set(status, Condition.READY, ready, "Suspended", "suspended; " + kept, generation);
      set(status, "Reconciling", Condition.FALSE, "Suspended", "suspended", generation);
      set(status, "Stalled", Condition.FALSE, "Suspended", "suspended", generation);
      return UpdateControl.patchStatus(source);
    }

    String previous = status.lastAppliedRevision;
    Condition before = status.condition(Condition.READY).orElse(null);
    GitSync.Result r = sync.sync(source);
    if (r.revision() != null) {
      status.lastAttemptedRevision = r.revision();
    }
    switch (r.outcome()) {
      case APPLIED -> {
        status.lastAppliedRevision = r.revision();
        status.inventory = r.inventory();
        set(status, Condition.READY, Condition.TRUE, "Applied", r.message(), generation);
        set(status, "Reconciling", Condition.FALSE, "Applied", r.message(), generation);
        set(status, "Stalled", Condition.FALSE, "Applied", r.message(), generation);
        if (!r.revision().equals(previous)) {
          events.record(source, EventRecorder.NORMAL, "Applied", r.message());
        }
      }
      case VALIDATION_FAILED -> {
        // Stalled: retrying cannot help until Git changes; the interval still polls for that.
        set(status, Condition.READY, Condition.FALSE, "ValidationFailed", r.message(), generation);
        set(status, "Reconciling", Condition.FALSE, "ValidationFailed", r.message(), generation);
        set(status, "Stalled", Condition.TRUE, "ValidationFailed", r.message(), generation);
        warnOnce(source, before, "ValidationFailed", r.message());
      }
      case FETCH_FAILED, APPLY_FAILED -> {
        String reason = r.outcome() == GitSync.Outcome.FETCH_FAILED ? "FetchFailed" : "ApplyFailed";
        set(status, Condition.READY, Condition.FALSE, reason, r.message(), generation);
        set(status, "Reconciling", Condition.TRUE, reason, "retrying: " + r.message(), generation);
        set(status, "Stalled", Condition.FALSE, reason, r.message(), generation);
        warnOnce(source, before, reason, r.message());
      }
    }
    return UpdateControl.patchStatus(source).rescheduleAfter(interval(source.getSpec().interval));
  }

  /** A failure that repeats at every interval is one Event, not one per poll. */
  private void warnOnce(GitSource source, Condition before, String reason, String message) {
    if (before == null || !reason.equals(before.reason) || !message.equals(before.message)) {
      events.record(source, EventRecorder.WARNING, reason, message);
    }
  }

  /** Pacemaker's duration forms ("30s", "1min", "500ms"; a bare number is seconds). */
  static Duration interval(IntOrString interval) {
    if (interval == null) {
      return DEFAULT_INTERVAL;
    }
    long millis = interval.getIntVal() != null ? interval.getIntVal() * 1000L
        : dev.baton.scheduler.importer.Durations.toMillis(interval.getStrVal());
    Duration d = Duration.ofMillis(millis);
    return d.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : d;
  }

  private static void set(GitSourceStatus status, String type, String value, String reason, String message,
      long generation) {
    status.setCondition(new Condition(type, value, reason, message, generation,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
  }

  @PreDestroy
  void close() {
    sync.close();
  }
}
