export * from './datadog-logs';
export * from './fluent-bit-pipeline';
export * from './log-shipper';
