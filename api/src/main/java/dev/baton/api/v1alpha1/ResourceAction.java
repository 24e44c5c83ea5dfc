package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One action of a transition, addressed to the agent of one node. */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("ract")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.node")
@AdditionalPrinterColumn(name = "Resource", jsonPath = ".spec.resource")
@AdditionalPrinterColumn(name = "Action", jsonPath = ".spec.action")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "RC", jsonPath = ".status.rc", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ResourceAction extends CustomResource<ResourceActionSpec, ResourceActionStatus> implements Namespaced {
}
