// Network policies and disruption budgets.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { ComponentNetworkPolicy } from './component-network-policy';
export type { ComponentNetworkPolicyProps, ResolvedIngressRule } from './component-network-policy';
export { MonitoringDisruptionBudgets } from './monitoring-disruption-budgets';
export type { MonitoringDisruptionBudgetsProps } from './monitoring-disruption-budgets';
export { MonitoringNetworkPolicies } from './monitoring-network-policies';
export type { MonitoringNetworkPoliciesProps } from './monitoring-network-policies';
