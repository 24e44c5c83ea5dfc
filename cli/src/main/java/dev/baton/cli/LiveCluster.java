package dev.baton.cli;

import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.GitSource;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.cib.Snapshot;
import dev.baton.cib.git.GitCache;
import dev.baton.cib.git.Manifest;
import dev.baton.cib.git.RevisionRejected;
import dev.baton.cli.kube.CliException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The configuration a GitSource would apply at some revision, in place of what it manages now, over the live
 * namespace ({@link dev.baton.cib.LiveState}). Reads only.
 */
final class LiveCluster {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private LiveCluster() {
    }

    /** A revision of a GitSource: its objects (stamped as a sync stamps them) and the commit id. */
    record Revision(GitSource source, String commit, List<GenericKubernetesResource> objects) {
    }

    /** Reads the objects of a GitSource at a revision (null: the head of its ref) with a throw-away clone. */
    static Revision revision(KubernetesClient c, String namespace, String name, String revision) throws IOException {
        GitSource source = c.resources(GitSource.class).withName(name).get();
        if (source == null) {
            throw CliException.usage("--git-source " + name + ": no GitSource '" + name + "' in namespace " + namespace);
        }
        Path dir = Files.createTempDirectory("kubectl-baton-git-");
        try {
            List<GenericKubernetesResource> objects = new GitCache(dir, true).objectsAt(c, source, revision);
            String commit = objects.stream().map(o -> o.getMetadata().getAnnotations()
                    .get(dev.baton.cib.git.GitOps.REVISION_ANNOTATION)).findFirst().orElse(revision);
            return new Revision(source, commit, objects);
        } catch (RevisionRejected e) {
            throw CliException.failed("GitSource " + name + (revision == null ? "" : " at " + revision)
                    + ": the revision would be rejected: " + e.getMessage());
        } catch (GitAPIException e) {
            throw CliException.failed("GitSource " + name + ": fetching " + source.getSpec().url + ": " + e.getMessage());
        } catch (IOException e) {
            throw CliException.failed("GitSource " + name + ": " + e.getMessage());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The snapshot with the revision's configuration in place of what the source manages: its objects
     * replace (or add to) the live ones, which keep their reported status; with prune, objects of the
     * source's inventory that the revision no longer has are gone. Everything else stays as it is.
     */
    static Snapshot withRevision(Snapshot s, Revision r) {
        Map<String, GenericKubernetesResource> git = new LinkedHashMap<>();
        r.objects().forEach(o -> git.put(Manifest.key(o), o));
        Set<String> gone = new HashSet<>();
        var st = r.source().getStatus();
        if (Boolean.TRUE.equals(r.source().getSpec().prune) && st != null && st.inventory != null) {
            st.inventory.stream().filter(k -> !git.containsKey(k)).forEach(gone::add);
        }
        HACluster cluster = merge(List.of(s.cluster()), HACluster.class, git, Set.of()).stream().findFirst()
                .orElse(s.cluster());
        return new Snapshot(cluster, merge(s.nodes(), HANode.class, git, gone),
                merge(s.primitives(), Primitive.class, git, gone), merge(s.groups(), ResourceGroup.class, git, gone),
                merge(s.clones(), Clone.class, git, gone), merge(s.locations(), LocationConstraint.class, git, gone),
                merge(s.colocations(), ColocationConstraint.class, git, gone),
                merge(s.orders(), OrderConstraint.class, git, gone), merge(s.tickets(), Ticket.class, git, gone),
                merge(s.ticketConstraints(), TicketConstraint.class, git, gone), s.actions(), s.transitions(),
                s.leases());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends CustomResource<?, ?>> List<T> merge(List<T> live, Class<T> kind,
            Map<String, GenericKubernetesResource> git, Set<String> gone) {
        String k = io.fabric8.kubernetes.api.model.HasMetadata.getKind(kind);
        Map<String, T> out = new LinkedHashMap<>();
        live.stream().filter(o -> !gone.contains(k + "/" + o.getMetadata().getName()))
                .forEach(o -> out.put(o.getMetadata().getName(), o));
        git.forEach((key, o) -> {
            if (!o.getKind().equals(k) || !Baton.API_VERSION.equals(o.getApiVersion())) {
                return;
            }
            T typed = JSON.convertValue(o, kind);
            T was = out.get(typed.getMetadata().getName());
            if (was != null) {
                ((CustomResource) typed).setStatus(was.getStatus());
                typed.getMetadata().setCreationTimestamp(was.getMetadata().getCreationTimestamp());
            }
            out.put(typed.getMetadata().getName(), typed);
        });
        return new ArrayList<>(out.values());
    }
}
