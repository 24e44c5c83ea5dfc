package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A resource (or several) that runs only while a Ticket is granted (rsc_ticket). */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("rsctkt")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Ticket", jsonPath = ".spec.ticket")
@AdditionalPrinterColumn(name = "Resource", jsonPath = ".spec.resource")
@AdditionalPrinterColumn(name = "Loss-Policy", jsonPath = ".spec.lossPolicy")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TicketConstraint extends CustomResource<TicketConstraintSpec, ConstraintStatus> implements Namespaced {
}
