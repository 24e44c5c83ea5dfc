/**
 * The baton.dev/v1alpha1 API: Pacemaker's configuration and state as Kubernetes custom resources.
 * Field names are Kubernetes-style camelCase, except the option bags Pacemaker users know by
 * name ({@code meta}), which keep Pacemaker's own attribute names.
 */
package dev.baton.api.v1alpha1;
