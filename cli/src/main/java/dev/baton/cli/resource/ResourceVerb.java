package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.Primitive;
import dev.baton.cib.ResourceWrites;
import dev.baton.cli.kube.BatonCommand;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cli.kube.KubeOptions;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * What every resource verb shares: the connection flags, the cluster's configuration, read once, and the writes
 * ({@link ResourceWrites}, the same the console's actions make).
 */
abstract class ResourceVerb extends BatonCommand {
    /** The value of baton.dev/created-by on the constraints the CLI creates. */
    static final String CREATED_BY = "kubectl-baton";

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

    ResourceWrites writes() {
        return new ResourceWrites(kube.client(), kube.client().getNamespace());
    }

    void annotate(List<Primitive> primitives, Map<String, String> changes) {
        writes().annotate(primitives, changes);
    }

    <T extends CustomResource<?, ?>> void mergePatch(Class<T> type, String name, Map<String, ?> patch) {
        writes().mergePatch(type, name, patch);
    }

    static String now() {
        return ResourceWrites.now();
    }
}
