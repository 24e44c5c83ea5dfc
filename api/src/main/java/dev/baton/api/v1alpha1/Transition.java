package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One scheduler run that changed something: its input, its action graph and its progress. */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("tr")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".spec.reason")
@AdditionalPrinterColumn(name = "Actions", jsonPath = ".status.actionsTotal", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.durationMs", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Transition extends CustomResource<TransitionSpec, TransitionStatus> implements Namespaced {
}
