package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cli.kube.KubeOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.fabric8.kubernetes.client.CustomResource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;

/** What every resource verb shares: the connection flags and the cluster's configuration, read once. */
abstract class ResourceVerb extends BatonCommand {
    @Mixin
    KubeOptions kube;

    private BatonObjects config;

    BatonObjects config() {
        if (config == null) {
            config = BatonObjects.read(kube.client());
        }
        return config;
    }

    ResourceRef ref(String name) {
        return ResourceRef.find(config(), name, null, kube.namespace());
    }

    /**
     * Sets (value != null) or removes annotations on primitives, the objects the operator acts on: a merge patch of
     * the annotations alone, as kubectl annotate does, so it never conflicts with the status the operator writes
     * meanwhile (at every step of a transition).
     */
    void annotate(List<Primitive> primitives, java.util.Map<String, String> changes) {
        String patch;
        try {
            // a null value removes the annotation (RFC 7386)
            patch = new ObjectMapper().writeValueAsString(Map.of("metadata", Map.of("annotations", changes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (Primitive p : primitives) {
            kube.client().resources(Primitive.class).withName(p.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
    }

    /** Read-modify-write of the resource's object (see {@link #edit(Class, String, UnaryOperator)}). */
    @SuppressWarnings("unchecked")
    void edit(ResourceRef r, UnaryOperator<CustomResource<?, ?>> change) {
        edit((Class<CustomResource<?, ?>>) r.kind().type, r.name(), change);
    }

    /**
     * Read-modify-write of an object. The API server refuses it when the object changed since it was read — the
     * operator writes statuses all through a transition — so it is done again on a fresh read, a few times.
     */
    <T extends CustomResource<?, ?>> void edit(Class<T> type, String name, UnaryOperator<T> change) {
        onConflictAgain(() -> kube.client().resources(type).withName(name).edit(change));
    }

    static void onConflictAgain(Runnable write) {
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
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
