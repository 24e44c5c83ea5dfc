package dev.baton.cli.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.api.v1alpha1.Baton;
import dev.baton.api.v1alpha1.Clone;
import dev.baton.api.v1alpha1.ColocationConstraint;
import dev.baton.api.v1alpha1.HACluster;
import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.LocationConstraint;
import dev.baton.api.v1alpha1.MetaAttributes;
import dev.baton.api.v1alpha1.OrderConstraint;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.ResourceAction;
import dev.baton.api.v1alpha1.ResourceGroup;
import dev.baton.api.v1alpha1.Ticket;
import dev.baton.api.v1alpha1.TicketConstraint;
import dev.baton.api.v1alpha1.Transition;
import dev.baton.cib.Snapshot;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configuration of one HA cluster (one namespace) as the API holds it: read live from the API server
 * or from YAML files, so status, resource and lint work on either.
 */
public record BatonObjects(HACluster cluster, List<HANode> nodes, List<Primitive> primitives,
                           List<ResourceGroup> groups, List<Clone> clones, List<LocationConstraint> locations,
                           List<ColocationConstraint> colocations, List<OrderConstraint> orders,
                           List<Ticket> tickets, List<TicketConstraint> ticketConstraints) {

    public static BatonObjects read(KubernetesClient c) {
        List<HACluster> clusters = list(c, HACluster.class);
        return new BatonObjects(clusters.isEmpty() ? null : clusters.get(0), list(c, HANode.class),
                list(c, Primitive.class), list(c, ResourceGroup.class), list(c, Clone.class),
                list(c, LocationConstraint.class), list(c, ColocationConstraint.class), list(c, OrderConstraint.class),
                list(c, Ticket.class), list(c, TicketConstraint.class));
    }

    private static <T extends CustomResource<?, ?>> List<T> list(KubernetesClient c, Class<T> kind) {
        return c.resources(kind).list().getItems();
    }

    /** Every baton.dev object in a YAML file, or in the *.yaml / *.yml files under a directory. */
    public static BatonObjects load(Path from) throws IOException {
        if (!Files.exists(from)) {
            throw CliException.usage(from + " does not exist (--from takes a directory or a YAML file)");
        }
        List<Path> files;
        if (Files.isDirectory(from)) {
            try (Stream<Path> s = Files.walk(from)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
        } else {
            files = List.of(from);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectMapper json = new ObjectMapper();
        List<HACluster> clusters = new ArrayList<>();
        BatonObjects o = new BatonObjects(null, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (Path f : files) {
            try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc == null || !doc.isObject() || !Baton.API_VERSION.equals(doc.path("apiVersion").asText())) {
                        continue;
                    }
                    String kind = doc.path("kind").asText();
                    try {
                        switch (kind) {
                            case "HACluster" -> clusters.add(json.treeToValue(doc, HACluster.class));
                            case "HANode" -> o.nodes.add(json.treeToValue(doc, HANode.class));
                            case "Primitive" -> o.primitives.add(json.treeToValue(doc, Primitive.class));
                            case "ResourceGroup" -> o.groups.add(json.treeToValue(doc, ResourceGroup.class));
                            case "Clone" -> o.clones.add(json.treeToValue(doc, Clone.class));
                            case "LocationConstraint" -> o.locations.add(json.treeToValue(doc, LocationConstraint.class));
                            case "ColocationConstraint" -> o.colocations.add(json.treeToValue(doc, ColocationConstraint.class));
                            case "OrderConstraint" -> o.orders.add(json.treeToValue(doc, OrderConstraint.class));
                            case "Ticket" -> o.tickets.add(json.treeToValue(doc, Ticket.class));
                            case "TicketConstraint" -> o.ticketConstraints.add(json.treeToValue(doc,
                                    TicketConstraint.class));
                            default -> { }
                        }
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw CliException.usage(f + ": " + kind + " " + doc.path("metadata").path("name").asText()
                                + " does not match the baton.dev/v1alpha1 schema: " + e.getOriginalMessage());
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw CliException.usage(f + " is not valid YAML: " + e.getOriginalMessage());
            }
        }
        if (clusters.size() > 1) {
            throw CliException.usage(from + " holds " + clusters.size() + " HACluster objects; one namespace is one cluster");
        }
        return new BatonObjects(clusters.isEmpty() ? null : clusters.get(0), o.nodes, o.primitives, o.groups,
                o.clones, o.locations, o.colocations, o.orders, o.tickets, o.ticketConstraints);
    }

    public Optional<Primitive> primitive(String name) {
        return primitives.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst();
    }

    public Optional<ResourceGroup> group(String name) {
        return groups.stream().filter(g -> name.equals(g.getMetadata().getName())).findFirst();
    }

    public Optional<Clone> clone(String name) {
        return clones.stream().filter(c -> name.equals(c.getMetadata().getName())).findFirst();
    }

    /** The group that has this primitive as a member, if any. */
    public Optional<ResourceGroup> groupOf(String primitive) {
        return groups.stream().filter(g -> g.getSpec() != null && g.getSpec().members != null
                && g.getSpec().members.contains(primitive)).findFirst();
    }

    /** The clone of this primitive or group, if any. */
    public Optional<Clone> cloneOf(String resource) {
        return clones.stream().filter(c -> c.getSpec() != null && resource.equals(c.getSpec().resource)).findFirst();
    }

    /** This configuration with the state reported on it, as the operator reads a namespace. */
    public Snapshot snapshot(List<ResourceAction> actions, List<Transition> transitions, List<Lease> leases) {
        return new Snapshot(cluster, nodes, primitives, groups, clones, locations, colocations, orders, tickets,
                ticketConstraints, actions, transitions, leases);
    }

    /** The cluster's resource defaults (rsc_defaults), empty when there is no HACluster or none are set. */
    public MetaAttributes resourceDefaults() {
        return cluster != null && cluster.getSpec() != null && cluster.getSpec().resourceDefaults != null
                ? cluster.getSpec().resourceDefaults : new MetaAttributes();
    }
}
