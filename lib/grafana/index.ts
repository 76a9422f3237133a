// Grafana: the construct, its datasources and correlations, its database, and the escaping helpers.
export * from './grafana';
export * from './grafana-dashboard-config-map';
export * from './grafana-database';
export * from './grafana-datasources';
export * from './grafana-escape';
export * from './grafana-ini';
