// The log shipper (Fluent Bit).
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export type { DatadogLogsOutput } from './datadog-logs';
export { ElasticsearchLogSink, SearchEngine } from './elasticsearch-output';
export type { ElasticsearchLogSinkProps, ResolvedElasticsearchSink, SearchCaSecret, SearchCredentialsSecret } from './elasticsearch-output';
export { LogShipper } from './log-shipper';
export type { LogShipperProps } from './log-shipper-props';
export { LOG_SHIPPER_JOB, LogShipperRules } from './log-shipper-rules';
export type { LogShipperRulesProps } from './log-shipper-rules';
