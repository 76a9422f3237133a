/**
 * The `app.kubernetes.io/managed-by` label of the objects this library applies itself through
 * Terraform's Kubernetes provider (dashboard ConfigMaps, NetworkPolicies, PodDisruptionBudgets): one
 * value everywhere, so that `kubectl get -l app.kubernetes.io/managed-by=terraform` finds them all.
 * Objects of Helm releases carry the charts' own labels (`Helm`).
 */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'terraform' } as const;
