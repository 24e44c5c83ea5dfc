package dev.baton.api.v1alpha1;

import java.util.List;

/** The API group's constants and the list of its kinds. */
public final class Baton {
  private Baton() {
  }

  public static final String GROUP = "baton.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "baton";

  /** Every kind of the API, in the order a configuration is best applied. */
  public static final List<Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>>> KINDS = List.of(
      HACluster.class, HANode.class, Primitive.class, ResourceGroup.class, Clone.class,
      LocationConstraint.class, ColocationConstraint.class, OrderConstraint.class, Ticket.class, TicketConstraint.class,
      Transition.class, ResourceAction.class, GitSource.class);
}
