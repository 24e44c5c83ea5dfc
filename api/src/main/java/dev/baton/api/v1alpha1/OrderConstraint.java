package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Start (or promote, …) one resource before another (rsc_order). */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("ord")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "First", jsonPath = ".spec.first")
@AdditionalPrinterColumn(name = "Then", jsonPath = ".spec.then")
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".spec.kind")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class OrderConstraint extends CustomResource<OrderConstraintSpec, ConstraintStatus> implements Namespaced {
}
