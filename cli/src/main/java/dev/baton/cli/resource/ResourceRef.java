package dev.baton.cli.resource;

import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.PlacementStatus;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.cli.kube.BatonObjects;
import dev.baton.cli.kube.CliException;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A resource named on the command line: a Primitive, ResourceGroup or Clone of the cluster. */
public record ResourceRef(String name, Kind kind, CustomResource<?, ?> object, BatonObjects config) {
    public enum Kind {
        primitive(Primitive.class), group(ResourceGroup.class), clone(Clone.class);

        public final Class<? extends CustomResource<?, ?>> type;

        Kind(Class<? extends CustomResource<?, ?>> type) {
            this.type = type;
        }
    }

    /** Finds the resource, or fails with a line that says where to look; kind narrows it (crm_resource -t). */
    public static ResourceRef find(BatonObjects o, String name, Kind kind, String namespace) {
        List<ResourceRef> found = new ArrayList<>();
        o.primitive(name).ifPresent(p -> found.add(new ResourceRef(name, Kind.primitive, p, o)));
        o.group(name).ifPresent(g -> found.add(new ResourceRef(name, Kind.group, g, o)));
        o.clone(name).ifPresent(c -> found.add(new ResourceRef(name, Kind.clone, c, o)));
        List<ResourceRef> matching = found.stream().filter(r -> kind == null || r.kind == kind).toList();
        if (matching.isEmpty()) {
            throw CliException.usage("no " + (kind == null ? "resource" : kind.name()) + " '" + name + "' in namespace "
                    + namespace + " ('kubectl baton resource list' shows the resources)");
        }
        if (matching.size() > 1) {
            throw CliException.usage("'" + name + "' is both a " + matching.get(0).kind + " and a " + matching.get(1).kind
                    + "; say which with --type");
        }
        return matching.get(0);
    }

    /** The node must be an HANode of the cluster. */
    public static void requireNode(BatonObjects o, String node, String namespace) {
        if (o.nodes().stream().map(HANode::getMetadata).noneMatch(m -> node.equals(m.getName()))) {
            throw CliException.usage("no node '" + node + "' in namespace " + namespace + " (nodes: "
                    + String.join(", ", o.nodes().stream().map(n -> n.getMetadata().getName()).sorted().toList()) + ")");
        }
    }

    /** The primitives the resource consists of: itself, a group's members, a clone's primitive(s). */
    public List<Primitive> primitives() {
        return switch (kind) {
            case primitive -> List.of((Primitive) object);
            case group -> ((ResourceGroup) object).getSpec().members.stream()
                    .flatMap(m -> config.primitive(m).stream()).toList();
            case clone -> find(config, ((Clone) object).getSpec().resource, null, "").primitives();
        };
    }

    /** Nodes it is active on, with the role ("Promoted") when it has one; from the operator's status. */
    public List<String> activeOn() {
        List<String> entries = new ArrayList<>();
        String node;
        if (object instanceof Primitive p && p.getStatus() != null) {
            if (p.getStatus().activeOn != null) {
                entries.addAll(p.getStatus().activeOn);
            }
            node = p.getStatus().node;
        } else if (object.getStatus() instanceof PlacementStatus s) {
            if (s.activeOn != null) {
                entries.addAll(s.activeOn);
            }
            node = s.node;
        } else {
            node = null;
        }
        if (entries.isEmpty() && node != null) {
            entries.add(node);
        }
        return entries;
    }

    /** Only the node names of {@link #activeOn()}. */
    public Set<String> activeNodes() {
        Set<String> nodes = new LinkedHashSet<>();
        activeOn().forEach(e -> nodes.add(e.contains("@") ? e.substring(e.indexOf('@') + 1) : e));
        return nodes;
    }

    /** Constraints belong on the top-level resource: a group member or cloned resource moves with its parent. */
    public void requireTopLevel() {
        config.groupOf(name).ifPresent(g -> {
            throw CliException.usage(name + " is a member of group " + g.getMetadata().getName()
                    + "; use the group instead");
        });
        config.cloneOf(name).ifPresent(c -> {
            throw CliException.usage(name + " is cloned by " + c.getMetadata().getName() + "; use the clone instead");
        });
    }
}
