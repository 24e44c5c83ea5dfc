package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A constraint's status: Ready, or why it is left out. Written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConstraintStatus extends BatonStatus {
}
