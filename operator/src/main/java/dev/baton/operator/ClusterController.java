package dev.baton.operator;

import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.BatonStatus;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ConstraintStatus;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HAClusterSpec;
import dev.baton.api.v1alpha1.HAClusterStatus;
import dev.baton.api.v1alpha1.PlacementStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveStatus;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.TicketStatus;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.api.v1alpha1.TransitionSpec;
import dev.baton.api.v1alpha1.TransitionStatus;
import dev.baton.cib.Durations;
import dev.baton.cib.FailCounts;
import dev.baton.cib.ModelBuilder;
import dev.baton.cib.OperationHistory;
import dev.baton.cib.Problems;
import dev.baton.cib.NodeState;
import dev.baton.cib.SchedulerInput;
import dev.baton.cib.Snapshot;
import dev.baton.scheduler.Decision;
import dev.baton.scheduler.Scheduler;
import dev.baton.scheduler.model.Role;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;

/**
 * One namespace's HA cluster: read (a {@link Snapshot}) → compute (the scheduler) → write (statuses,
 * Transitions, ResourceActions). Holds no state that matters across restarts except the
 * membership clock, the nodes back from being lost (what they reported before is forgotten; their
 * failures from before stay forgotten in the Primitives' statuses) and the quiet-period timer:
 * everything else is recomputed from the API.
 */
public final class ClusterController {
  private static final Logger LOG = Logger.getLogger(ClusterController.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  static final long DEFAULT_LEASE_MS = 2000;
  static final long DEFAULT_GRACE_MS = 500;
  static final long DEFAULT_QUIET_MS = 500;
  static final int DEFAULT_HISTORY = 20;
  static final String PROBE_REQUEST = "baton.dev/reprobe";

  private final KubernetesClient client;
  private final Membership membership;
  private final Metrics metrics;
  private final Map<String, String> lastConfig = new HashMap<>();
  private final Map<String, Instant> configChangedAt = new HashMap<>();
  private final Set<String> evented = new HashSet<>();
  /** namespace/node of the lost nodes told to be unfenceable, until they are no longer so. */
  private final Set<String> unfenceable = new HashSet<>();
  private final Rejoins rejoins;
  private final Instant started = Instant.now();
  private final Fencer fencer;

  public ClusterController(KubernetesClient client, Membership membership, Metrics metrics) {
    this.client = client;
    this.membership = membership;
    this.metrics = metrics;
    this.rejoins = new Rejoins(membership);
    this.fencer = new Fencer(client, membership, started);
  }

  /** Runs one reconcile; returns when it wants to run again even if nothing changes (or null). */
  public Duration reconcile(Snapshot observed) {
    Instant now = Instant.now();
    String ns = observed.namespace();
    HAClusterSpec cs = observed.cluster().getSpec() == null ? new HAClusterSpec() : observed.cluster().getSpec();
    long leaseMs = cs.lease == null ? DEFAULT_LEASE_MS : Durations.millis(cs.lease.duration, DEFAULT_LEASE_MS);
    long graceMs = cs.lease == null ? DEFAULT_GRACE_MS : Durations.millis(cs.lease.stopGrace, DEFAULT_GRACE_MS);
    observed.leases().forEach(l -> membership.observe(ns, l));
    // a watchdog fence whose stonith-watchdog-timeout has passed is done (its status written now, confirmed when
    // the API shows it); the next one due wakes this up
    List<Long> wakeups = new ArrayList<>();
    wakeups.add(fencer.completeWatchdogFences(observed, cs, now));
    // a node whose fence was confirmed is down from now on: what it ran may start elsewhere
    fencer.confirm(observed);
    Map<String, NodeState> states = new LinkedHashMap<>();
    observed.nodes().forEach(n -> states.put(name(n), membership.state(ns, name(n), leaseMs, graceMs)));
    observed.nodes().forEach(n -> wakeups.add(membership.nextChangeMs(ns, name(n), leaseMs, graceMs)));
    Map<String, Instant> rejoined = rejoins.update(ns, states, now);

    // An action sent to a node that is now lost will never report: it is no longer running, and it
    // is withdrawn so that the node's next agent does not run it when the node comes back.
    java.util.Set<ResourceAction> abandoned = observed.abandoned(states);
    for (ResourceAction a : abandoned) {
      LOG.infof("%s: %s %s on %s withdrawn: the node is lost", ns, a.getSpec().action, a.getSpec().resource,
          a.getSpec().node);
      client.resource(a).delete();
    }
    Snapshot s = observed.withoutActions(abandoned);

    // A configuration change waits for a quiet period, so `kubectl apply -f dir/` is one change.
    String config = s.configuration().map(o -> o.getKind() + "/" + name(o) + "@" + o.getMetadata().getGeneration())
        .collect(Collectors.joining(","));
    if (!config.equals(lastConfig.put(ns, config))) {
      configChangedAt.put(ns, now);
    }
    long quietMs = Durations.millis(cs.quietPeriod, DEFAULT_QUIET_MS);
    long sinceChange = Duration.between(configChangedAt.get(ns), now).toMillis();
    if (sinceChange < quietMs) {
      return Duration.ofMillis(quietMs - sinceChange);
    }

    SchedulerInput input = SchedulerInput.of(s, states, rejoined, now);
    warnUnfenceable(ns, input.unfenceable());
    ModelBuilder.Result built = input.built();
    OperationHistory history = input.history();
    Map<String, PrimitiveStatus> ledgers = input.ledgers();
    List<String> newFailures = input.newFailures();
    Decision decision = Scheduler.schedule(built.model());
    // A faulty primitive no node has reported on is not probed: the probe would run its agent with the params at
    // fault (IPaddr2 answers rc 6, a hard error). It is probed once fixed.
    Set<String> unprobed = s.primitives().stream()
        .filter(p -> built.problems().has(p) && history.nodesOf(name(p)).isEmpty())
        .map(ClusterController::name).collect(Collectors.toSet());
    Plan plan = Plan.of(decision.graph()).withoutProbesOf(unprobed);

    Set<String> online = states.entrySet().stream().filter(e -> e.getValue() == NodeState.ONLINE)
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    Optional<Transition> current = s.transitions().stream().filter(t -> t.getStatus() == null
        || "InProgress".equals(t.getStatus().phase)).reduce((a, b) -> b);
    List<ResourceAction> currentActions = current.map(t -> s.actions().stream()
        .filter(a -> name(t).equals(a.getSpec().transition)).toList()).orElse(List.of());
    Set<String> inFlight = new HashSet<>();
    s.actions().stream().filter(a -> Snapshot.running(a) && Snapshot.operation(a))
        .forEach(a -> inFlight.add(a.getSpec().resource));
    Set<Plan.Op> finished = currentActions.stream().filter(a -> !Snapshot.running(a)).map(ClusterController::op)
        .collect(Collectors.toSet());
    List<Plan.Op> currentOps = current.map(ClusterController::ops).orElse(null);
    Stepper.Step step = Stepper.step(plan, currentOps, finished, inFlight, online);

    Transition active = current.orElse(null);
    switch (step.kind()) {
      case CONVERGED -> current.ifPresent(t -> finish(t, currentActions,
          currentActions.stream().filter(a -> a.getStatus() != null && "Succeeded".equals(a.getStatus().phase)).count()
              == t.getSpec().actions.size() ? "Complete" : "Aborted", now));
      case WAIT -> {
        if (current.isPresent() && (currentOps == null || !currentOps.containsAll(plan.ops()))) {
          LOG.debugf("%s: waiting for running actions before recomputing", ns);
        }
      }
      case NEW -> {
        current.ifPresent(t -> finish(t, currentActions, "Aborted", now));
        String reason = reason(newFailures, states, s);
        active = createTransition(s, plan, reason, built, now);
        metrics.transition(reason);
      }
      case CONTINUE -> {
      }
    }
    if (active != null && !step.dispatch().isEmpty()) {
      dispatch(s, active, step.dispatch(), cs);
    }
    if (active != null && (step.kind() == Stepper.Kind.NEW || step.kind() == Stepper.Kind.CONTINUE)) {
      wakeups.add(fencer.request(s, active, plan.fences(), online, cs, built.model(), now));
    }
    monitors(s, history, online, plan, cs);
    probeRequests(s, ledgers, online, cs, now);
    built.askMetaData().values().forEach(a -> create(ActionFactory.metaData(s.cluster(), a.primitive(), a.node(), cs)));
    events(s);

    writeStatuses(s, built.problems(), history, ledgers, decision, states, active, step, now);
    pruneTransitions(s, cs);
    wakeups.add(failureExpiry(s, ledgers, cs, now));
    // a move/ban with a lifetime (cli-prefer-*, cli-ban-*) stops counting exactly when it expires
    s.locations().stream().filter(l -> l.getSpec().expires != null)
        .map(l -> Instant.parse(l.getSpec().expires).toEpochMilli() - now.toEpochMilli() + 1)
        .filter(ms -> ms > 0).forEach(wakeups::add);
    return wakeups.stream().filter(w -> w > 0).min(Long::compare).map(Duration::ofMillis).orElse(null);
  }

  /**
   * Once per loss, the lost nodes that fencing is on for but no device may fence (Pacemaker would leave them
   * unclean, "cannot be fenced"): Baton takes them as down by their lease alone, and says so.
   */
  private synchronized void warnUnfenceable(String ns, List<String> nodes) {
    unfenceable.removeIf(k -> k.startsWith(ns + "/") && !nodes.contains(k.substring(ns.length() + 1)));
    for (String node : nodes) {
      if (unfenceable.add(ns + "/" + node)) {
        String msg = node + " is lost and fencing is enabled, but no fencing device may fence it (pcmk_host_list,"
            + " pcmk_host_map): taken as down by its lease alone (its agent stopped what ran there when the lease ran"
            + " out), what ran there starts elsewhere without a fence";
        LOG.warnf("%s: %s", ns, msg);
        EventRecorder.record(client, ns, "HANode", node, "Warning", "LostWithoutFencing", msg);
      }
    }
  }

  /** Only the oldest HACluster of a namespace is acted on: one cluster per namespace. */
  void rejectDuplicate(HACluster cluster, HACluster oldest) {
    HAClusterStatus st = copy(cluster.getStatus(), HAClusterStatus.class, HAClusterStatus::new);
    Conditions.ready(st, cluster, false, "DuplicateCluster", "namespace " + cluster.getMetadata().getNamespace()
        + " already has HACluster " + name(oldest) + ": one HA cluster per namespace; delete this one");
    writeStatus(cluster, st);
  }

  private static Plan.Op op(ResourceAction a) {
    return new Plan.Op(a.getSpec().action.name(), a.getSpec().resource, a.getSpec().node);
  }

  private static List<Plan.Op> ops(Transition t) {
    List<Plan.Op> out = new ArrayList<>();
    if (t.getSpec().actions != null) {
      t.getSpec().actions.forEach(a -> out.add(new Plan.Op(a.action, a.resource, a.node)));
    }
    return out;
  }

  private String reason(List<String> failures, Map<String, NodeState> states, Snapshot s) {
    if (!failures.isEmpty()) {
      return String.join("; ", failures);
    }
    List<String> lost = states.entrySet().stream().filter(e -> e.getValue().down())
        .map(Map.Entry::getKey).toList();
    String revision = revision(s);
    return (revision != null ? "configuration at revision " + revision : "configuration or state change")
        + (lost.isEmpty() ? "" : "; nodes not online: " + lost);
  }

  /**
   * The Git revision(s) the configuration was applied from (a GitSource stamps every object it
   * applies), or null when none came from Git. Several sources may give several revisions: all are
   * named rather than one picked at random.
   */
  private static String revision(Snapshot s) {
    List<String> revisions = s.configuration().map(o -> o.getMetadata().getAnnotations()).filter(Objects::nonNull)
        .map(a -> a.get("baton.dev/git-revision")).filter(Objects::nonNull).distinct().sorted().toList();
    return revisions.isEmpty() ? null : String.join(",", revisions);
  }

  private Transition createTransition(Snapshot s, Plan plan, String reason, ModelBuilder.Result built, Instant now) {
    Transition t = new Transition();
    String name = "tr-" + now.toEpochMilli();
    t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(s.namespace())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Baton.API_VERSION).withKind("HACluster")
            .withName(name(s.cluster())).withUid(s.cluster().getMetadata().getUid()).build())
        .build());
    TransitionSpec spec = new TransitionSpec();
    spec.reason = reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason;
    spec.revision = revision(s);
    spec.input = compress(JSON.asJson(built.model()));
    spec.actions = new ArrayList<>();
    Map<Plan.Op, Integer> ids = new HashMap<>();
    for (Plan.Op op : plan.ops()) {
      ids.put(op, ids.size());
    }
    for (Plan.Op op : plan.ops()) {
      TransitionSpec.GraphAction g = new TransitionSpec.GraphAction();
      g.id = ids.get(op);
      g.action = op.action();
      g.resource = op.resource();
      g.node = op.node();
      List<Integer> after = plan.predecessors().get(op).stream().map(ids::get).sorted().toList();
      g.after = after.isEmpty() ? null : after;
      spec.actions.add(g);
    }
    t.setSpec(spec);
    Transition created = client.resource(t).create();
    TransitionStatus st = new TransitionStatus();
    st.phase = "InProgress";
    st.actionsTotal = plan.ops().size();
    st.actionsSucceeded = 0;
    st.actionsFailed = 0;
    st.startTime = now.toString();
    Conditions.ready(st, created, false, "InProgress", spec.reason);
    created.setStatus(st);
    LOG.infof("%s: transition %s (%d actions): %s", s.namespace(), name, plan.ops().size(), spec.reason);
    return client.resource(created).updateStatus();
  }

  private void dispatch(Snapshot s, Transition t, List<Plan.Op> ops, HAClusterSpec cs) {
    List<Plan.Op> all = ops(t);
    Map<String, Primitive> prims = s.primitives().stream().collect(Collectors.toMap(ClusterController::name, p -> p));
    for (Plan.Op op : ops) {
      Primitive p = prims.get(op.resource());
      if (p == null) {
        // an orphan (its Primitive was deleted): stop it with what the agent recorded
        continue;
      }
      create(ActionFactory.create(t, all.indexOf(op), op, p, cloneOf(s, op.resource()), cs));
    }
  }

  private void monitors(Snapshot s, OperationHistory history, Set<String> online, Plan plan, HAClusterSpec cs) {
    Set<String> existing = s.actions().stream().map(ClusterController::name).collect(Collectors.toSet());
    for (Monitors.Wanted w : Monitors.missing(s.primitives(), history, online, plan)) {
      if (existing.contains(w.actionName())) {
        continue;
      }
      create(ActionFactory.monitor(s.cluster(), w, cloneOf(s, name(w.primitive())), cs));
    }
    // Older monitor actions of the same monitor are superseded: the agent keeps only the newest running.
    Map<String, List<ResourceAction>> byMonitor = s.actions().stream()
        .filter(a -> a.getMetadata().getLabels() != null
            && a.getMetadata().getLabels().containsKey(ActionFactory.MONITOR_LABEL))
        .collect(Collectors.groupingBy(a -> a.getSpec().resource + "/" + a.getSpec().node + "/"
            + a.getMetadata().getLabels().get(ActionFactory.MONITOR_LABEL)));
    byMonitor.values().forEach(list -> list.stream().filter(a -> !Snapshot.running(a))
        .sorted(java.util.Comparator.comparing((ResourceAction a) -> a.getMetadata().getCreationTimestamp())
            .reversed()).skip(1).forEach(a -> client.resource(a).delete()));
  }

  /** baton.dev/reprobe and refresh (crm_resource --reprobe/--refresh): ask every online node again. */
  private void probeRequests(Snapshot s, Map<String, PrimitiveStatus> ledgers, Set<String> online,
      HAClusterSpec cs, Instant now) {
    for (Primitive p : s.primitives()) {
      Map<String, String> a = p.getMetadata().getAnnotations() == null ? Map.of() : p.getMetadata().getAnnotations();
      String request = a.get(PROBE_REQUEST) == null && a.get(FailCounts.REFRESH) == null ? null
          : a.getOrDefault(PROBE_REQUEST, "") + "/" + a.getOrDefault(FailCounts.REFRESH, "");
      PrimitiveStatus st = ledgers.get(name(p));
      if (request == null || request.equals(st.lastProbeRequest)) {
        continue;
      }
      st.lastProbeRequest = request;
      for (String node : online) {
        create(ActionFactory.probe(s.cluster(), p, node, cloneOf(s, name(p)), cs, now));
      }
    }
  }

  private static Optional<Clone> cloneOf(Snapshot s, String primitive) {
    return s.clones().stream().filter(c -> c.getSpec().resource.equals(primitive)
        || s.groups().stream().anyMatch(g -> name(g).equals(c.getSpec().resource)
        && g.getSpec().members.contains(primitive))).findFirst();
  }

  private void create(ResourceAction a) {
    try {
      client.resource(a).create();
      LOG.infof("%s: %s %s on %s dispatched (%s)", a.getMetadata().getNamespace(), a.getSpec().action,
          a.getSpec().resource, a.getSpec().node, a.getMetadata().getName());
      metrics.dispatched(a.getSpec().action.name());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void finish(Transition t, List<ResourceAction> actions, String phase, Instant now) {
    TransitionStatus st = copy(t.getStatus(), TransitionStatus.class, TransitionStatus::new);
    st.phase = phase;
    st.actionsTotal = t.getSpec().actions == null ? 0 : t.getSpec().actions.size();
    st.actionsSucceeded = (int) actions.stream().filter(a -> a.getStatus() != null
        && "Succeeded".equals(a.getStatus().phase)).count();
    st.actionsFailed = (int) actions.stream().filter(Snapshot::failed).count();
    st.completionTime = now.toString();
    if (st.startTime != null) {
      st.durationMs = Duration.between(Instant.parse(st.startTime), now).toMillis();
    }
    Conditions.ready(st, t, phase.equals("Complete"), phase,
        phase.equals("Complete") ? "all actions done" : "new input: recomputed");
    t.setStatus(st);
    client.resource(t).updateStatus();
    if (st.durationMs != null) {
      metrics.transitionFinished(t.getSpec().reason, phase, st.durationMs);
    }
  }

  /** Events name the resource, node, action and rc of each finished action, once. */
  private void events(Snapshot s) {
    for (ResourceAction a : s.actions()) {
      if (Snapshot.running(a) || !evented.add(a.getMetadata().getUid())) {
        continue;
      }
      var st = a.getStatus();
      if (st.completionTime != null && Instant.parse(st.completionTime).isBefore(started)) {
        continue;
      }
      boolean ok = "Succeeded".equals(st.phase);
      metrics.actionResult(a.getSpec().action.name(), ok ? "ok" : "failed");
      String msg = a.getSpec().action.name() + " " + a.getSpec().resource + " on " + a.getSpec().node + ": rc="
          + st.rc + (st.rcText == null ? "" : " (" + st.rcText + ")")
          + (st.exitReason == null ? "" : ": " + st.exitReason);
      EventRecorder.record(client, s.namespace(), "Primitive", a.getSpec().resource, ok ? "Normal" : "Warning",
          ok ? "ActionSucceeded" : "ActionFailed", msg);
    }
  }

  private void writeStatuses(Snapshot s, Problems problems, OperationHistory history,
      Map<String, PrimitiveStatus> ledgers, Decision decision, Map<String, NodeState> states,
      Transition active, Stepper.Step step, Instant now) {
    int started = 0;
    int failed = 0;
    for (Primitive p : s.primitives()) {
      PrimitiveStatus st = ledgers.get(name(p));
      List<String> activeOn = new ArrayList<>();
      boolean anyFailed = false;
      boolean promotable = cloneOf(s, name(p)).map(c -> Boolean.TRUE.equals(c.getSpec().promotable)).orElse(false);
      for (String node : history.nodesOf(name(p))) {
        OperationHistory.State h = history.state(name(p), node, FailCounts.cleanedAt(st, node));
        if (h.role().active() && !states.getOrDefault(node, NodeState.ONLINE).down()) {
          // as the scheduler's placement (and crm_mon) name it: a started promotable instance is Unpromoted
          activeOn.add((promotable && h.role() == Role.STARTED ? Role.UNPROMOTED : h.role()).label() + "@" + node);
          // a failure where it runs now; failures it moved away from stay in failCounts/lastFailure
          anyFailed |= h.lastFailure() != null;
        }
      }
      st.agent = OperationHistory.agent(p);
      st.activeOn = activeOn.isEmpty() ? null : activeOn;
      st.node = activeOn.isEmpty() ? null : activeOn.get(0).substring(activeOn.get(0).indexOf('@') + 1);
      st.role = activeOn.isEmpty() ? "Stopped" : activeOn.get(0).substring(0, activeOn.get(0).indexOf('@'));
      List<String> target = decision.placement().roles().getOrDefault(name(p), List.of());
      boolean pending = history.nodesOf(name(p)).stream()
          .anyMatch(n -> history.state(name(p), n, Instant.EPOCH).pending());
      st.state = anyFailed ? "Failed" : pending ? "Pending" : activeOn.isEmpty() ? "Stopped" : "Started";
      if (!activeOn.isEmpty()) {
        started++;
      }
      if (anyFailed) {
        failed++;
      }
      boolean converged = new TreeSet<>(target).equals(new TreeSet<>(activeOn));
      Problems.Problem pr = problems.of(p);
      if (pr != null) {
        Conditions.ready(st, p, false, pr.reason(), pr.message());
        writeStatus(p, st);
        continue;
      }
      Conditions.ready(st, p, converged && !anyFailed,
          anyFailed ? "Failed" : converged ? (activeOn.isEmpty() ? "Stopped" : "Started") : "Pending",
          anyFailed && st.lastFailure != null ? st.lastFailure.operation + " failed on " + st.lastFailure.node
              + " (rc=" + st.lastFailure.rc + ")" : converged ? "as scheduled: " + (target.isEmpty() ? "stopped" : target)
              : "scheduled: " + (target.isEmpty() ? "stopped" : target));
      writeStatus(p, st);
    }
    for (ResourceGroup g : s.groups()) {
      placement(g, problems, s, decision);
    }
    for (Clone c : s.clones()) {
      placement(c, problems, s, decision);
    }
    Map<String, Ticket> tickets = new HashMap<>();
    s.tickets().forEach(t -> tickets.put(name(t), t));
    for (HasMetadata c : concat(s.locations(), s.colocations(), s.orders(), s.ticketConstraints())) {
      ConstraintStatus st = new ConstraintStatus();
      BatonStatus old = statusOf(c);
      st.conditions = old == null ? null : old.conditions;
      Problems.Problem pr = problems.of(c);
      String inEffect = "in effect";
      if (c instanceof TicketConstraint tc && !tickets.containsKey(tc.getSpec().ticket)) {
        // Pacemaker's rule, said where the user looks: a ticket absent from the status is not granted
        inEffect += "; Ticket " + tc.getSpec().ticket + " does not exist: not granted";
      }
      Conditions.ready(st, c, pr == null, pr == null ? "Accepted" : pr.reason(),
          pr == null ? inEffect : pr.message() + " (left out until fixed)");
      writeStatus(c, st);
    }
    for (Ticket t : s.tickets()) {
      ticketStatus(t, s, now);
    }
    HAClusterStatus cst = copy(s.cluster().getStatus(), HAClusterStatus.class, HAClusterStatus::new);
    cst.onlineNodes = states.entrySet().stream().filter(e -> e.getValue() == NodeState.ONLINE)
        .map(Map.Entry::getKey).toList();
    cst.nodesOnline = cst.onlineNodes.size();
    HAClusterStatus.ResourceSummary sum = new HAClusterStatus.ResourceSummary();
    sum.configured = s.primitives().size();
    sum.started = started;
    sum.failed = failed;
    sum.stopped = s.primitives().size() - started;
    cst.resources = sum;
    boolean converged = step.kind() == Stepper.Kind.CONVERGED;
    cst.currentTransition = converged || active == null ? null : name(active);
    cst.operator = LeaderElection.IDENTITY;
    cst.fencing = FenceHistory.merge(cst.fencing, s);
    if (active != null) {
      cst.lastTransition = name(active);
    }
    long invalid = problems.all().size();
    Problems.Problem own = problems.of(s.cluster());
    Conditions.ready(cst, s.cluster(), converged && invalid == 0,
        own != null ? own.reason() : invalid > 0 ? "InvalidObjects" : converged ? "Converged" : "TransitionInProgress",
        own != null ? own.message() + (invalid > 1 ? "; other objects left out: " + problems.all().keySet() : "")
            : invalid > 0 ? invalid + " object(s) left out: " + problems.all().keySet()
            : converged ? cst.nodesOnline + " node(s) online, " + started + " resource(s) started"
            : "transition " + cst.currentTransition + " in progress");
    writeStatus(s.cluster(), cst);
    metrics.cluster(s.namespace(), cst.nodesOnline, started, failed, sum.stopped);
  }

  /**
   * A ticket is always Ready (its state is whatever was granted); the reason says that state as crm_mon --tickets
   * does, and lastGranted is when the operator first saw the current grant.
   */
  private void ticketStatus(Ticket t, Snapshot s, Instant now) {
    TicketStatus st = copy(t.getStatus(), TicketStatus.class, TicketStatus::new);
    boolean granted = t.getSpec() != null && Boolean.TRUE.equals(t.getSpec().granted);
    boolean standby = t.getSpec() != null && Boolean.TRUE.equals(t.getSpec().standby);
    boolean wasRevoked = st.condition(dev.baton.api.v1alpha1.Condition.READY).map(c -> "Revoked".equals(c.reason))
        .orElse(true);
    if (granted && (wasRevoked || st.lastGranted == null)) {
      st.lastGranted = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
    long dependents = s.ticketConstraints().stream().filter(c -> name(t).equals(c.getSpec().ticket)).count();
    String state = !granted ? "revoked" : standby ? "granted, in standby" : "granted";
    Conditions.ready(st, t, true, !granted ? "Revoked" : standby ? "Standby" : "Granted",
        state + ": " + dependents + " TicketConstraint(s) depend on it"
            + (granted && !standby ? "" : "; their resources stop as each one's lossPolicy says"));
    writeStatus(t, st);
  }

  private void placement(HasMetadata r, Problems problems, Snapshot s, Decision decision) {
    PlacementStatus st = copy((PlacementStatus) statusOf(r), PlacementStatus.class, PlacementStatus::new);
    Problems.Problem pr = problems.of(r);
    List<String> members = r instanceof ResourceGroup g ? g.getSpec().members
        : List.of(((Clone) r).getSpec().resource);
    List<String> where = members.stream().flatMap(m -> s.primitives().stream().filter(p -> name(p).equals(m))
        .map(p -> p.getStatus() == null || p.getStatus().activeOn == null ? List.<String>of() : p.getStatus().activeOn)
        .flatMap(List::stream)).distinct().sorted().toList();
    st.activeOn = where.isEmpty() ? null : where;
    st.node = where.isEmpty() ? null : where.get(0).substring(where.get(0).indexOf('@') + 1);
    st.state = where.isEmpty() ? "Stopped" : "Started";
    Conditions.ready(st, r, pr == null, pr == null ? "Accepted" : pr.reason(),
        pr == null ? "in effect" : pr.message() + " (left out until fixed)");
    writeStatus(r, st);
  }

  @SafeVarargs
  private static List<HasMetadata> concat(List<? extends HasMetadata>... lists) {
    List<HasMetadata> out = new ArrayList<>();
    for (List<? extends HasMetadata> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  private static BatonStatus statusOf(HasMetadata o) {
    return o instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr && cr.getStatus() instanceof BatonStatus b
        ? b : null;
  }

  /** Writes a status only when it changed, so statuses do not trigger reconciles of their own. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void writeStatus(HasMetadata o, BatonStatus next) {
    BatonStatus old = statusOf(o);
    if (old != null && JSON.asJson(withoutTimes(old)).equals(JSON.asJson(withoutTimes(next)))) {
      return;
    }
    HasMetadata copy = JSON.clone(o);
    ((io.fabric8.kubernetes.client.CustomResource) copy).setStatus(next);
    // The operator is this status' only writer, and the cache may not show its last write yet:
    // an unconditional update (custom resources allow it) instead of a conflict and a lost status.
    copy.getMetadata().setResourceVersion(null);
    try {
      client.resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
      LOG.debugf("status of %s/%s not written (%d): retried at the next reconcile", o.getKind(), name(o), e.getCode());
    }
  }

  private static BatonStatus withoutTimes(BatonStatus s) {
    BatonStatus c = JSON.clone(s);
    if (c.conditions != null) {
      c.conditions.forEach(k -> k.lastTransitionTime = null);
    }
    return c;
  }

  private static <T> T copy(T status, Class<T> type, java.util.function.Supplier<T> fresh) {
    return status == null ? fresh.get() : JSON.clone(status);
  }

  private void pruneTransitions(Snapshot s, HAClusterSpec cs) {
    int keep = cs.transitionHistoryLimit == null ? DEFAULT_HISTORY : cs.transitionHistoryLimit;
    List<Transition> done = s.transitions().stream().filter(t -> t.getStatus() != null
        && !"InProgress".equals(t.getStatus().phase)).toList();
    for (int i = 0; i < done.size() - keep; i++) {
      prune(done.get(i));
    }
  }

  /**
   * A pruned Transition's actions go first, then the Transition. The garbage collector would remove them only
   * some time after their owner (if it runs at all), and meanwhile they pile up or an agent acts on one; in this
   * order an operator stopped half-way leaves the Transition, and its successor prunes the rest. The actions are
   * selected by their label in the API server, not the cache, which may not show them all yet.
   */
  private void prune(Transition t) {
    client.resources(ResourceAction.class).inNamespace(t.getMetadata().getNamespace())
        .withLabel(ActionFactory.TRANSITION_LABEL, name(t)).list().getItems()
        .forEach(a -> client.resource(a).delete());
    client.resource(t).delete();
  }

  /** When the next fail-count expires (failure-timeout), so it is re-evaluated then and not later. */
  private static long failureExpiry(Snapshot s, Map<String, PrimitiveStatus> ledgers, HAClusterSpec cs, Instant now) {
    return s.primitives().stream().mapToLong(p -> FailCounts.nextExpiryMs(ledgers.get(name(p)),
        FailCounts.failureTimeoutMs(p, cs), now)).filter(ms -> ms > 0).min().orElse(-1);
  }

  private static String compress(String json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }
}
