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
    void annotate(List<Primitive> primitives, Map<String, String> changes) {
        for (Primitive p : primitives) {
            mergePatch(Primitive.class, p.getMetadata().getName(), Map.of("metadata", Map.of("annotations", changes)));
        }
    }

    /**
     * An RFC 7386 merge patch (a null value removes the key), as kubectl patch --type merge: it names only what it
     * changes and carries no resourceVersion, so the status the operator writes all through a transition cannot make
     * the API server refuse it, as it refuses a read-modify-write of the whole object.
     */
    <T extends CustomResource<?, ?>> void mergePatch(Class<T> type, String name, Map<String, ?> patch) {
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        kube.client().resources(type).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
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
