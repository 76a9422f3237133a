/**
 * The `job` labels the chart's ServiceMonitor gives the stack's prod-like Loki (Distributed, both caches):
 * `<namespace>/<Service name>`. Unit tests compare `Loki.metricsJobs` with it, the render test
 * (test/self-monitoring) the jobs of the real chart's targets.
 */
export const PROD_LOKI_JOBS: readonly string[] = [
  'distributor', 'ingester', 'querier', 'query-frontend', 'query-scheduler', 'index-gateway', 'compactor', 'ruler', 'gateway-exporter', 'chunks-cache', 'results-cache',
].map((c) => `monitoring/loki-${c}`);
