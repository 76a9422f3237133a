export * from './component-network-policy';
export * from './monitoring-disruption-budgets';
export * from './monitoring-network-policies';
export * from './safe-defaults-exceptions';
