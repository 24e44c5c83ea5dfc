package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cli.kube.KubeOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
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

    /** Sets (value != null) or removes annotations on primitives, the objects the operator acts on. */
    void annotate(List<Primitive> primitives, java.util.Map<String, String> changes) {
        for (Primitive p : primitives) {
            edit(Primitive.class, p.getMetadata().getName(), x -> {
                var a = x.getMetadata().getAnnotations() == null ? new java.util.LinkedHashMap<String, String>()
                        : new java.util.LinkedHashMap<>(x.getMetadata().getAnnotations());
                changes.forEach((k, v) -> {
                    if (v == null) {
                        a.remove(k);
                    } else {
                        a.put(k, v);
                    }
                });
                x.getMetadata().setAnnotations(a);
                return x;
            });
        }
    }

    /** Read-modify-write of the resource's object; the API server rejects it if someone changed it meanwhile. */
    @SuppressWarnings("unchecked")
    void edit(ResourceRef r, UnaryOperator<CustomResource<?, ?>> change) {
        edit((Class<CustomResource<?, ?>>) r.kind().type, r.name(), change);
    }

    <T extends CustomResource<?, ?>> void edit(Class<T> type, String name, UnaryOperator<T> change) {
        kube.client().resources(type).withName(name).edit(change);
    }

    /** An RFC 3339 time with milliseconds, so two requests in the same second still differ. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
