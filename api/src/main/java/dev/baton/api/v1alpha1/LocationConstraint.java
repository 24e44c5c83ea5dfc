package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Where a resource prefers, or must not, run (rsc_location). */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("loc")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Resource", jsonPath = ".spec.resource")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.node")
@AdditionalPrinterColumn(name = "Score", jsonPath = ".spec.score")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LocationConstraint extends CustomResource<LocationConstraintSpec, ConstraintStatus> implements Namespaced {
}
