package dev.baton.scheduler;

/** The scheduler's answer for one {@link dev.baton.scheduler.model.ClusterModel}. */
public record Decision(Placement placement, TransitionGraph graph) {
}
