// The component contract: what a component tells the network policies and disruption budgets.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export type {
  DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity,
} from './monitoring-component';
export { NetworkPeer, PeerRole, tcpPorts } from './network-peer';
export type { IngressRule, PodLabels, PolicyPort } from './network-peer';
export type { SelfMonitoringOptions } from './self-monitoring';
