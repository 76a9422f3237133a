import { ResourceRequirements } from './resources';

/**
 * Requests and limits of the charts' smaller containers (operators, exporters, sidecars, jobs),
 * which the environments do not size: every container gets both, so the scheduler reserves room
 * for it and a leak is bounded. Sized for a small cluster with headroom; raise a limit rather than
 * remove it.
 */
export const COMPONENT_RESOURCES = {
  /** prometheus-operator. */
  prometheusOperator: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  /** The config-reloader sidecar and init container the operator adds to Prometheus. */
  configReloader: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  /** The admission webhook certificate jobs (create, patch) and the CRD upgrade job (busybox, kubectl). */
  hookJob: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  /** kube-state-metrics (grows with the number of objects in the cluster). */
  kubeStateMetrics: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  /** node-exporter, on every node. */
  nodeExporter: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
  /** k8s-sidecar (Grafana dashboards, Loki rules). */
  configSidecar: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
  /** Loki's memcached exporter. */
  memcachedExporter: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  /** Jaeger's Elasticsearch index cleaner (a nightly CronJob). */
  indexCleaner: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
} as const satisfies Record<string, ResourceRequirements>;

/**
 * Requests and limits of a memcached cache holding `allocatedMiB`: memcached's own overhead on top
 * (connections, slabs), memory request equal to the limit so the cache is never the first evicted.
 */
export function memcachedResources(allocatedMiB: number): ResourceRequirements {
  const memory = `${Math.ceil(allocatedMiB * 1.2)}Mi`;
  return { requests: { cpu: '100m', memory }, limits: { cpu: '1', memory } };
}
