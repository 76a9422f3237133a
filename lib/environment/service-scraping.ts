import { NamespaceProp } from '../core/namespace';
import { IScrapingPrometheus, MonitorProps } from '../prometheus/monitors/monitors';
import { RelabelConfig } from '../prometheus/monitors/scrape-checks';
import { EnvironmentService } from './component-options';

/** The Service port an environment's service is scraped on unless its `scrape.port` says otherwise. */
export const DEFAULT_METRICS_PORT = 'http-metrics';

/** The pod/Service label that names a service unless its `scrape.matchLabels` say otherwise. */
const DEFAULT_SERVICE_NAME_LABEL = 'app.kubernetes.io/name';

/**
 * The relabeling that sets the target label `service` to `service`, after the operator's own
 * (which sets it to the Kubernetes Service's name): the seed packs, the service dashboards and Grafana's
 * trace→metrics links select `service="<name>"`, which need not be the Kubernetes Service's name. A
 * `service` label the application exposes itself becomes `exported_service` (honor_labels is false).
 */
export function serviceLabelRelabeling(service: string): RelabelConfig {
  // No source labels: the empty joined value matches the default regex `(.*)`, so `service` is always written.
  return { targetLabel: 'service', replacement: service, action: 'replace' };
}

/**
 * Relabelings that leave targets already scraped through `prometheus.io/scrape` annotations (of the
 * Service or of the pod; the stack's Prometheus always runs annotation discovery) to that discovery: the
 * same target scraped twice would store every series twice (two `job`s), doubling every `sum(rate(…))`.
 */
export const SKIP_ANNOTATED_TARGETS: readonly RelabelConfig[] = [
  { sourceLabels: ['__meta_kubernetes_service_annotation_prometheus_io_scrape'], regex: 'true', action: 'drop' },
  { sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'drop' },
];

/** The ServiceMonitor's object name for a service: `svc-<service>` in DNS-1123 form. */
export function serviceMonitorName(service: string): string {
  return `svc-${service.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

/**
 * The ServiceMonitor an environment's service gets (undefined with `scrape: false`): in `namespace`
 * (the stack's), selecting Services labelled `app.kubernetes.io/name: <service>` (or `scrape.matchLabels`)
 * in the service's own namespace, port `http-metrics` (or `scrape.port`), without the targets annotation
 * discovery scrapes already ({@link SKIP_ANNOTATED_TARGETS}), with {@link serviceLabelRelabeling}.
 * The ServiceMonitor checks port, path, interval and selector, and names itself in errors.
 */
export function serviceMonitorProps(entry: EnvironmentService, prometheus: IScrapingPrometheus, namespace: NamespaceProp): MonitorProps | undefined {
  if (entry.scrape === false) return undefined;
  const scrape = entry.scrape ?? {};
  return {
    prometheus,
    namespace,
    name: serviceMonitorName(entry.service),
    selector: { matchLabels: scrape.matchLabels ?? { [DEFAULT_SERVICE_NAME_LABEL]: entry.service } },
    namespaceSelector: { matchNames: [entry.namespace] },
    endpoints: [{
      port: scrape.port ?? DEFAULT_METRICS_PORT,
      path: scrape.path,
      interval: scrape.interval,
      relabelings: [...SKIP_ANNOTATED_TARGETS, serviceLabelRelabeling(entry.service)],
    }],
  };
}
