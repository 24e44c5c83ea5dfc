package dev.baton.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A primitive resource: one agent instance (Pacemaker's {@code primitive}). */
@Group(Baton.GROUP)
@Version(Baton.VERSION)
@ShortNames("prim")
@Categories(Baton.CATEGORY)
@AdditionalPrinterColumn(name = "Agent", jsonPath = ".status.agent")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.node")
@AdditionalPrinterColumn(name = "Role", jsonPath = ".status.role")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = Rules.LABEL_NAME, message = Rules.LABEL_NAME_MSG)
public class Primitive extends CustomResource<PrimitiveSpec, PrimitiveStatus> implements Namespaced {
}
