package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A ticket (Pacemaker's multi-site tickets, {@code crm_ticket}): granted to this cluster or not. Whoever grants
 * it (a person with {@code kubectl baton ticket grant}, or a site arbitrator) writes spec.granted; the resources
 * of the TicketConstraints that name it run only while it is granted and not in standby.
 */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("tkt")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Granted", jsonPath = ".spec.granted", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Standby", jsonPath = ".spec.standby", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Ticket extends CustomResource<TicketSpec, TicketStatus> implements Namespaced {
}
