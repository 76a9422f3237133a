/** Limits applied to every annotation-discovered target, as a cardinality guard. */
export interface ScrapeLimits {
  /** Samples per scrape above which the scrape fails. */
  readonly sampleLimit: number;
  /** Labels per sample above which the scrape fails. */
  readonly labelLimit: number;
}

/**
 * The application's own `service` label wins over the target's. With honor_labels false (kept: an
 * application must not overwrite `namespace`, `pod` or `job`), Prometheus renames a scraped `service`
 * that collides with the target label to `exported_service`; these two steps move it back, so the seeds'
 * http metrics keep the `service` they set themselves, and series without one keep the target's.
 */
export const APPLICATION_SERVICE_WINS: ReadonlyArray<Record<string, unknown>> = [
  { source_labels: ['exported_service'], regex: '(.+)', target_label: 'service', replacement: '$1', action: 'replace' },
  { regex: 'exported_service', action: 'labeldrop' },
];

/**
 * The pod label that keeps a pod out of annotation discovery although its chart gives it
 * `prometheus.io/scrape` annotations no value removes (Jaeger's): set on pods a ServiceMonitor or
 * PodMonitor already scrapes, so that their series are not stored twice under two jobs.
 */
export const SCRAPED_BY_MONITOR_LABEL = { key: 'observability.platform/scraped-by', value: 'monitor' } as const;

/**
 * Scrape jobs for pods and services that carry the `prometheus.io/scrape: "true"` annotation, with
 * `prometheus.io/port`, `prometheus.io/path` and `prometheus.io/scheme` honoured (the seeds' convention,
 * seed 001 § 2.1), in addition to ServiceMonitors and PodMonitors.
 */
export function annotationScrapeConfigs(limits: ScrapeLimits): Record<string, unknown>[] {
  return [annotatedJob('kubernetes-pods', 'pod', limits), annotatedJob('kubernetes-service-endpoints', 'endpoints', limits)];
}

function annotatedJob(jobName: string, role: 'pod' | 'endpoints', limits: ScrapeLimits): Record<string, unknown> {
  const meta = role === 'pod' ? '__meta_kubernetes_pod_annotation' : '__meta_kubernetes_service_annotation';
  const relabel: Record<string, unknown>[] = [
    { source_labels: [`${meta}_prometheus_io_scrape`], action: 'keep', regex: 'true' },
    { source_labels: [`${meta}_prometheus_io_scheme`], action: 'replace', target_label: '__scheme__', regex: '(https?)' },
    { source_labels: [`${meta}_prometheus_io_path`], action: 'replace', target_label: '__metrics_path__', regex: '(.+)' },
    {
      source_labels: ['__address__', `${meta}_prometheus_io_port`],
      action: 'replace',
      regex: '([^:]+)(?::\\d+)?;(\\d+)',
      replacement: '$1:$2',
      target_label: '__address__',
    },
    { source_labels: ['__meta_kubernetes_namespace'], action: 'replace', target_label: 'namespace' },
  ];
  if (role === 'pod') {
    relabel.push(
      { source_labels: ['__meta_kubernetes_pod_label_observability_platform_scraped_by'], action: 'drop', regex: SCRAPED_BY_MONITOR_LABEL.value },
      // Completed and failed pods keep their annotations but have nothing to scrape.
      { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: 'Pending|Succeeded|Failed|Completed' },
      { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], action: 'replace', target_label: 'app' },
      // `service` (the seed packs', dashboards' and trace→metrics links' label) from the same pod label;
      // `(.+)`: a pod without it gets no `service` rather than an empty one.
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], action: 'replace', regex: '(.+)', target_label: 'service' },
    );
  } else {
    relabel.push(
      { source_labels: ['__meta_kubernetes_service_name'], action: 'replace', target_label: 'kubernetes_service' },
      // `service` from the Kubernetes Service's name, as a ServiceMonitor's targets get it from the operator.
      { source_labels: ['__meta_kubernetes_service_name'], action: 'replace', target_label: 'service' },
      { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod' },
    );
  }
  return {
    job_name: jobName,
    kubernetes_sd_configs: [{ role }],
    sample_limit: limits.sampleLimit,
    label_limit: limits.labelLimit,
    relabel_configs: relabel,
    metric_relabel_configs: APPLICATION_SERVICE_WINS,
  };
}
