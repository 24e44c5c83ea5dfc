package dev.baton.cib;

import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.api.v1alpha1.TransitionSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The recent Transitions as a timeline: each with what caused it (its reason: the fault, the configuration change)
 * and the Git revision that brought the change, and each action the agents ran for it as a bar from its start to its
 * end on its node, with its result. Read from the Transition objects and their ResourceActions (which the agents
 * time), newest transition first; the operator keeps {@code spec.transitionHistoryLimit} of them.
 */
public record TransitionTimeline(List<Entry> transitions) {
    /** Transitions shown: the newest this many. */
    public static final int LIMIT = 10;

    public record Entry(String name, String reason, String revision, String phase, String created, String startTime,
                        String completionTime, Long durationMs, Integer actionsTotal, List<Bar> actions) {
    }

    /** One action run on a node; phase Pending, Running, Succeeded, Failed or TimedOut (null: not yet picked up). */
    public record Bar(String name, String action, String resource, String node, String interval, String phase,
                      String startTime, String completionTime, Long durationMs, Integer rc, String rcText,
                      String exitReason) {
    }

    public static TransitionTimeline of(Snapshot s) {
        List<Entry> entries = s.transitions().stream()
                .sorted(Comparator.comparing((Transition t) -> t.getMetadata().getCreationTimestamp())
                        .thenComparing(t -> t.getMetadata().getName()).reversed())
                .limit(LIMIT).map(t -> entry(t, s.actions())).toList();
        return new TransitionTimeline(entries);
    }

    private static Entry entry(Transition t, List<ResourceAction> actions) {
        String name = t.getMetadata().getName();
        TransitionSpec spec = t.getSpec();
        var st = t.getStatus();
        List<Bar> bars = actions.stream().filter(a -> a.getSpec() != null && name.equals(a.getSpec().transition))
                .sorted(Comparator.comparing((ResourceAction a) -> a.getStatus() == null || a.getStatus().startTime == null
                        ? "~" : a.getStatus().startTime).thenComparing(a -> a.getMetadata().getName()))
                .map(TransitionTimeline::bar).toList();
        return new Entry(name, spec == null ? null : spec.reason, spec == null ? null : spec.revision,
                st == null ? null : st.phase, t.getMetadata().getCreationTimestamp(),
                st == null ? null : st.startTime, st == null ? null : st.completionTime,
                st == null ? null : st.durationMs,
                st != null && st.actionsTotal != null ? st.actionsTotal
                        : spec == null || spec.actions == null ? null : (int) spec.actions.stream()
                                .map(a -> a.resource).filter(Objects::nonNull).count(),
                bars);
    }

    private static Bar bar(ResourceAction a) {
        var st = a.getStatus();
        return new Bar(a.getMetadata().getName(), a.getSpec().action == null ? null : a.getSpec().action.toString(),
                a.getSpec().resource, a.getSpec().node, a.getSpec().interval, st == null ? null : st.phase,
                st == null ? null : st.startTime, st == null ? null : st.completionTime,
                st == null ? null : st.durationMs, st == null ? null : st.rc, st == null ? null : st.rcText,
                st == null ? null : st.exitReason);
    }
}
