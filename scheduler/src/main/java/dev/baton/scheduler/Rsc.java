package dev.baton.scheduler;

import dev.baton.scheduler.model.Primitive;
import dev.baton.scheduler.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's working copy of one resource (primitive, group, clone, or clone instance): configuration
 * resolved against defaults, what runs now, and the decision being built. Mutable only during one
 * {@link Scheduler#schedule} run.
 */
final class Rsc {
    enum Kind { PRIMITIVE, GROUP, CLONE }

    final String id;
    final Kind kind;
    final Rsc parent;
    final List<Rsc> children = new ArrayList<>();
    final Primitive primitive;
    /** Meta attributes after inheriting from parents and rsc_defaults. */
    final Map<String, String> meta;
    NodeScores scores;
    final List<Colocation> thisWith = new ArrayList<>();
    final List<Colocation> withThis = new ArrayList<>();
    /** Location constraints with role=Promoted, used for promotion only. */
    final List<dev.baton.scheduler.model.LocationConstraint> promotedLocations = new ArrayList<>();

    // what runs now (primitives)
    final List<Integer> runningOn = new ArrayList<>();
    /** The id the history used on each node where it runs ("drbd:1" for what is here instance drbd:0). */
    final Map<Integer, String> historyNames = new java.util.HashMap<>();
    Role role = Role.STOPPED;
    boolean failed;
    boolean orphan;
    boolean blocked;
    /** Its failure is recovered by demoting it (on-fail=demote), not by stopping it. */
    boolean recoverByDemote;
    /** A promote failed: it may not be promoted in this transition. */
    boolean promoteFailed;
    /** A failure was ignored (on-fail=ignore): migration-threshold does not apply. */
    boolean failureIgnored;
    /** Healthy, but restarted where it runs (a container whose contents failed, {@link Containers}). */
    boolean restart;
    /** A partial live migration in progress (migrate_to done on the source, not yet finished on the target). */
    int partialSource = -1;
    int partialTarget = -1;

    // the decision
    int next = -1;
    Role nextRole;
    boolean provisional = true;
    boolean assigning;
    boolean merging;
    int promotionScore;
    /** A clone instance's rank for assignment: its priority, raised to its best promotion score (Pacemaker). */
    int instancePriority;
    /** A promotable clone's instances in the order its promotion sorted them (null: instance order). */
    java.util.List<Rsc> instanceOrder;
    /** Nodes whose history (active or not) this primitive (an anonymous clone's: this instance) was bound to. */
    final java.util.Set<Integer> knownOn = new java.util.HashSet<>();

    Rsc(String id, Kind kind, Rsc parent, Primitive primitive, Map<String, String> meta) {
        this.id = id;
        this.kind = kind;
        this.parent = parent;
        this.primitive = primitive;
        this.meta = meta;
    }

    /** The configured id without a clone instance number. */
    String baseId() {
        int colon = id.lastIndexOf(':');
        return colon < 0 ? id : id.substring(0, colon);
    }

    Rsc owningClone() {
        for (Rsc r = this; r != null; r = r.parent) {
            if (r.kind == Kind.CLONE) {
                return r;
            }
        }
        return null;
    }

    boolean promotable() {
        Rsc c = owningClone();
        return c != null && c.isPromotableClone;
    }

    boolean isPromotableClone;
    boolean uniqueClone;

    boolean managed() {
        String isManaged = meta.get("is-managed");
        return (isManaged == null || dev.baton.scheduler.model.ClusterProperties.truthy(isManaged))
                && !dev.baton.scheduler.model.ClusterProperties.truthy(meta.get("maintenance"));
    }

    int stickiness() {
        return Score.pacemaker(meta.getOrDefault("resource-stickiness", "0"));
    }

    private Integer priority;

    /** Meta attributes never change during a run, and ranking asks for the priority very often. */
    int priority() {
        if (priority == null) {
            priority = Score.pacemaker(meta.getOrDefault("priority", "0"));
        }
        return priority;
    }

    /** As Pacemaker: "default" is INFINITY, and a negative threshold is read as 1. */
    int migrationThreshold() {
        String v = meta.get("migration-threshold");
        if (v == null || v.equalsIgnoreCase("default")) {
            return Score.INFINITY;
        }
        return Score.pacemaker(v) < 0 ? 1 : Score.pacemaker(v);
    }

    /** failure-timeout in whole seconds (Pacemaker's unit for it), 0 when failures never expire. */
    long failureTimeoutSeconds() {
        String t = meta.get("failure-timeout");
        return t == null || t.isBlank() ? 0 : dev.baton.scheduler.importer.Durations.pacemaker(t) / 1000;
    }

    Role targetRole() {
        String t = meta.get("target-role");
        return t == null || t.equalsIgnoreCase("started") ? null : Role.pacemaker(t);
    }

    List<Rsc> primitives() {
        List<Rsc> out = new ArrayList<>();
        collect(out);
        return out;
    }

    private void collect(List<Rsc> out) {
        if (kind == Kind.PRIMITIVE) {
            out.add(this);
        }
        for (Rsc c : children) {
            c.collect(out);
        }
    }

    Rsc firstMember() {
        return kind == Kind.GROUP && !children.isEmpty() ? children.get(0) : this;
    }

    Rsc lastMember() {
        return kind == Kind.GROUP && !children.isEmpty() ? children.get(children.size() - 1) : this;
    }

    int currentNode() {
        if (kind == Kind.GROUP) {
            return firstMember().currentNode();
        }
        // active on several nodes: a partial migration's source, else the first one the history lists
        if (partialSource >= 0 && runningOn.contains(partialSource)) {
            return partialSource;
        }
        return runningOn.isEmpty() ? -1 : runningOn.get(0);
    }

    @Override
    public String toString() {
        return id;
    }
}
