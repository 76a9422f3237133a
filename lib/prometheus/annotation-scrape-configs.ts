/** Limits applied to every annotation-discovered target, as a cardinality guard. */
export interface ScrapeLimits {
  /** Samples per scrape above which the scrape fails. */
  readonly sampleLimit: number;
  /** Labels per sample above which the scrape fails. */
  readonly labelLimit: number;
}

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
      // Completed and failed pods keep their annotations but have nothing to scrape.
      { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: 'Pending|Succeeded|Failed|Completed' },
      { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], action: 'replace', target_label: 'app' },
    );
  } else {
    relabel.push(
      // Not `service`: applications' own `service` label (the seeds' http metrics) must not become `exported_service`.
      { source_labels: ['__meta_kubernetes_service_name'], action: 'replace', target_label: 'kubernetes_service' },
      { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod' },
    );
  }
  return {
    job_name: jobName,
    kubernetes_sd_configs: [{ role }],
    sample_limit: limits.sampleLimit,
    label_limit: limits.labelLimit,
    relabel_configs: relabel,
  };
}
