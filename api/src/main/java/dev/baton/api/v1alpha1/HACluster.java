package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The HA cluster of a namespace: cluster options, resource and operation defaults (crm_config). */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("hac")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Nodes", jsonPath = ".status.nodesOnline", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Resources", jsonPath = ".status.resources.started", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Failed", jsonPath = ".status.resources.failed", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Transition", jsonPath = ".status.currentTransition")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class HACluster extends CustomResource<HAClusterSpec, HAClusterStatus> implements Namespaced {
}
