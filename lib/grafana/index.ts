// Grafana: the construct, its datasource correlations, its database, sign-in and grafana.ini settings.
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { Grafana } from './grafana';
export type { AddDashboardOptions } from './grafana';
export type { GrafanaAdminSecret, GrafanaIngress, GrafanaProps } from './grafana-props';
export { GrafanaDatabase } from './grafana-database';
export type { ExternalDatabaseProps, RenderedDatabase, SecretKeyReference } from './grafana-database';
export type { DatasourceCorrelations } from './grafana-datasources';
export type { GrafanaAuthSettings, GrafanaIniSections, GrafanaIniValue } from './grafana-ini';
export { GrafanaRules } from './grafana-rules';
export type { GrafanaRulesProps } from './grafana-rules';
