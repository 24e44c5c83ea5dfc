package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Copies of a primitive or group on several nodes; promotable for primary/replica (clone, ms). */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("clone")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Resource", jsonPath = ".spec.resource")
@AdditionalPrinterColumn(name = "Promotable", jsonPath = ".spec.promotable", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.activeOn")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Clone extends CustomResource<CloneSpec, PlacementStatus> implements Namespaced {
}
