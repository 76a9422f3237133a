export * from './log-query-rules';
