// The log shipper (Fluent Bit).
// Public names of this folder: lib/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export type { DatadogLogsOutput } from './datadog-logs';
export { LogShipper } from './log-shipper';
export type { LogShipperProps } from './log-shipper-props';
