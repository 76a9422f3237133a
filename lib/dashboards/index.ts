// Dashboards as typed code (@grafana/grafana-foundation-sdk builders → plain JSON), the panel helpers, and the lint.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { businessMetricsDashboard } from './business-metrics';
export type { BusinessMetricsProps } from './business-metrics';
export { clusterOverviewDashboard } from './cluster-overview';
export type { ClusterOverviewProps } from './cluster-overview';
export { Dashboard } from './dashboard';
export type { DashboardJson, DashboardModelBuilder } from './dashboard';
export { lintDashboard, LintRule } from './dashboard-lint';
export type { LintFinding } from './dashboard-lint';
export { alertmanagerSelfMonitoringDashboard, prometheusSelfMonitoringDashboard } from './self-monitoring';
export { serviceLogsDashboard } from './service-logs';
export type { ServiceLogsProps } from './service-logs';
export { serviceOverviewDashboard } from './service-overview';
export type { ServiceOverviewProps } from './service-overview';
export { sloDashboard } from './slo-dashboard';
export { DashboardFolder, standardDashboards } from './standard-dashboards';
export type { FolderedDashboard, StandardDashboardsProps } from './standard-dashboards';
export {
  barGaugePanel, datasourceVariable, logsPanel, LOKI_DATASOURCE, lokiTimeseriesPanel, pieChartPanel,
  PROMETHEUS_DATASOURCE, statPanel, timeseriesPanel,
} from './panels';
export type { NumericPanelProps, PromTarget } from './panels';
