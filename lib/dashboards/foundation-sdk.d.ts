// tsconfig uses moduleResolution "node", which ignores package.json "exports"; the SDK publishes its
// modules only through "exports" (`@grafana/grafana-foundation-sdk/dashboard` → dist/dashboard). These
// declarations point the type checker at the same files Node loads at run time.
declare module '@grafana/grafana-foundation-sdk/cog' { export * from '@grafana/grafana-foundation-sdk/dist/cog'; }
declare module '@grafana/grafana-foundation-sdk/common' { export * from '@grafana/grafana-foundation-sdk/dist/common'; }
declare module '@grafana/grafana-foundation-sdk/dashboard' { export * from '@grafana/grafana-foundation-sdk/dist/dashboard'; }
declare module '@grafana/grafana-foundation-sdk/prometheus' { export * from '@grafana/grafana-foundation-sdk/dist/prometheus'; }
declare module '@grafana/grafana-foundation-sdk/loki' { export * from '@grafana/grafana-foundation-sdk/dist/loki'; }
declare module '@grafana/grafana-foundation-sdk/timeseries' { export * from '@grafana/grafana-foundation-sdk/dist/timeseries'; }
declare module '@grafana/grafana-foundation-sdk/stat' { export * from '@grafana/grafana-foundation-sdk/dist/stat'; }
declare module '@grafana/grafana-foundation-sdk/gauge' { export * from '@grafana/grafana-foundation-sdk/dist/gauge'; }
declare module '@grafana/grafana-foundation-sdk/logs' { export * from '@grafana/grafana-foundation-sdk/dist/logs'; }
declare module '@grafana/grafana-foundation-sdk/piechart' { export * from '@grafana/grafana-foundation-sdk/dist/piechart'; }
declare module '@grafana/grafana-foundation-sdk/bargauge' { export * from '@grafana/grafana-foundation-sdk/dist/bargauge'; }
