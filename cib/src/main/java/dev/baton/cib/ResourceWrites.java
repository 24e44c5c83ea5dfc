package dev.baton.cib;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.LocationConstraintSpec;
import dev.baton.api.v1alpha1.Primitive;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes behind crm_resource's verbs, shared by {@code kubectl baton resource} and the console's actions so both
 * leave the same objects: move/ban are location constraints ({@link MoveConstraints}' names), clear deletes them,
 * cleanup is a request annotation on the primitives ({@link FailCounts#CLEANUP}), standby/online is the HANode's
 * spec.standby. Checks of the names are the caller's; this only writes, into one namespace.
 */
public final class ResourceWrites {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;

    public ResourceWrites(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Creates the move/ban constraint, or replaces one of the same name (a second move to another node). */
    public void constraint(String name, String resource, String node, String score, String expires, String createdBy) {
        LocationConstraint l = new LocationConstraint();
        l.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Map.of(MoveConstraints.CREATED_BY, createdBy)).build());
        LocationConstraintSpec s = new LocationConstraintSpec();
        s.resource = resource;
        s.node = node;
        s.score = new IntOrString(score);
        s.expires = expires;
        l.setSpec(s);
        onConflictAgain(() -> client.resources(LocationConstraint.class).inNamespace(namespace).resource(l)
                .createOr(existing -> existing.update()));
    }

    public void deleteConstraint(String name) {
        client.resources(LocationConstraint.class).inNamespace(namespace).withName(name).delete();
    }

    /** crm_resource -C: forget the failures of the primitives (on one node, or every node when node is null). */
    public void cleanup(List<Primitive> primitives, String node) {
        Map<String, String> changes = new HashMap<>();
        changes.put(FailCounts.CLEANUP, now());
        changes.put(FailCounts.CLEANUP_NODE, node);
        annotate(primitives, changes);
    }

    /** crm_attribute --node N --name standby: a standby node runs nothing; online again with false. */
    public void standby(String node, boolean standby) {
        mergePatch(HANode.class, node, Map.of("spec", Map.of("standby", standby)));
    }

    /**
     * Sets (value != null) or removes annotations on primitives, the objects the operator acts on: a merge patch of
     * the annotations alone, as kubectl annotate does, so it never conflicts with the status the operator writes
     * meanwhile (at every step of a transition).
     */
    public void annotate(List<Primitive> primitives, Map<String, String> changes) {
        for (Primitive p : primitives) {
            mergePatch(Primitive.class, p.getMetadata().getName(), Map.of("metadata", Map.of("annotations", changes)));
        }
    }

    /**
     * An RFC 7386 merge patch (a null value removes the key), as kubectl patch --type merge: it names only what it
     * changes and carries no resourceVersion, so the status the operator writes all through a transition cannot make
     * the API server refuse it, as it refuses a read-modify-write of the whole object.
     */
    public <T extends CustomResource<?, ?>> void mergePatch(Class<T> type, String name, Map<String, ?> patch) {
        String json;
        try {
            json = JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        client.resources(type).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    public static void onConflictAgain(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** An RFC 3339 time with milliseconds, so two requests in the same second still differ. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
