export * from './component-network-policy';
export * from './component-resources';
export * from './monitoring-disruption-budgets';
export * from './monitoring-network-policies';
export * from './network-peer';
export * from './pod-selectors';
export * from './safe-defaults-exceptions';
export * from './security-context';
