package dev.baton.operator.console;

import dev.baton.api.v1alpha1.Baton;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * Who is asking, and whether they may see a namespace, as the API server says for every request: the bearer token is
 * the user's own (kubectl's), checked with a TokenReview; what they may see, with a SubjectAccessReview for the verb
 * {@code kubectl baton status} needs first ({@code list haclusters.baton.dev} in the namespace). The console never
 * shows more than the user could read with their own token.
 */
final class ConsoleAuth {
  static final String VERB = "list";
  static final String RESOURCE = "haclusters";

  /** An authenticated user, as the API server knows them. */
  record User(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  }

  /** No token, or one the API server does not accept: 401. */
  static final class Unauthenticated extends Exception {
    Unauthenticated(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;

  ConsoleAuth(KubernetesClient client) {
    this.client = client;
  }

  /** The user of an Authorization header ("Bearer TOKEN"). */
  User authenticate(String authorization) throws Unauthenticated {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      throw new Unauthenticated("a Kubernetes bearer token is required (Authorization: Bearer TOKEN)");
    }
    TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
        .withNewSpec().withToken(authorization.substring(7).trim()).endSpec().build());
    var status = review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
      throw new Unauthenticated("the API server did not accept the token"
          + (status != null && status.getError() != null ? ": " + status.getError() : ""));
    }
    UserInfo u = status.getUser();
    return new User(u.getUsername(), u.getUid(), u.getGroups() == null ? List.of() : u.getGroups(),
        u.getExtra() == null ? Map.of() : u.getExtra());
  }

  /** Whether the user may see the namespace's cluster. */
  boolean allowed(User user, String namespace) {
    return allowed(user, namespace, VERB, RESOURCE);
  }

  /** Whether the user may VERB baton.dev's RESOURCE in the namespace (an action's write, for one). */
  boolean allowed(User user, String namespace, String verb, String resource) {
    SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
        new SubjectAccessReviewBuilder().withNewSpec().withUser(user.name()).withUid(user.uid())
            .withGroups(user.groups()).withExtra(user.extra())
            .withNewResourceAttributes().withNamespace(namespace).withVerb(verb).withGroup(Baton.GROUP)
            .withResource(resource).endResourceAttributes().endSpec().build());
    return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
  }
}
