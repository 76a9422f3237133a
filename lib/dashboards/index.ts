// Dashboards as typed code (@grafana/grafana-foundation-sdk builders → plain JSON), and their lint.
export * from './business-metrics';
export * from './canonical-json';
export * from './cluster-overview';
export * from './dashboard';
export * from './dashboard-lint';
export * from './grafana-macros';
export * from './self-monitoring';
export * from './service-logs';
export * from './service-overview';
export * from './slo-dashboard';
export * from './standard-dashboards';
