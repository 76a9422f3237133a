/** A label set that selects pods (`matchLabels`). */
export type PodLabels = Readonly<Record<string, string>>;

function named(name: string, release: string, component?: string): PodLabels {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': release, ...(component ? { 'app.kubernetes.io/component': component } : {}) };
}

/**
 * The labels each chart puts on its pods, as functions of the Helm release name: what the stack's
 * NetworkPolicies and PodDisruptionBudgets select. They follow the pinned charts' templates (and, for
 * Prometheus, the operator's labelling of the pods it creates); a chart upgrade that changes them must
 * change this file.
 */
export const PodSelectors = {
  /** Prometheus pods, created by the operator for the Prometheus object `<release>-prometheus`. */
  prometheus: (release: string): PodLabels => ({ 'app.kubernetes.io/name': 'prometheus', prometheus: `${release}-prometheus` }),
  /** prometheus-operator (kube-prometheus-stack names it after the chart, not the release). */
  prometheusOperator: (release: string): PodLabels => ({ app: 'kube-prometheus-stack-operator', release }),
  kubeStateMetrics: (release: string): PodLabels => named('kube-state-metrics', release),
  alertmanager: (release: string): PodLabels => named('alertmanager', release),
  grafana: (release: string): PodLabels => named('grafana', release),
  /** Every Loki pod of the release: the gateway, the single binary or the distributed components, the caches. */
  loki: (release: string): PodLabels => named('loki', release),
  lokiGateway: (release: string): PodLabels => named('loki', release, 'gateway'),
  fluentBit: (release: string): PodLabels => named('fluent-bit', release),
  /** The Jaeger v2 Deployment (not its maintenance CronJobs). */
  jaeger: (release: string): PodLabels => named('jaeger', release, 'all-in-one'),
  otelCollector: (release: string): PodLabels => ({ ...named('opentelemetry-collector', release), component: 'standalone-collector' }),
  /** The Datadog node agent DaemonSet (named after the chart's fullname, the release). */
  datadogAgent: (release: string): PodLabels => ({ app: release }),
  datadogClusterAgent: (release: string): PodLabels => ({ app: `${release}-cluster-agent` }),
} as const;
