/** A Helm chart from its upstream repository, pinned to one version. */
export interface HelmChartRef {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Repository URL. */
  readonly repository: string;
  /** Exact chart version. */
  readonly version: string;
}

/**
 * The pinned charts, from their current homes. Values files of exactly these versions are in
 * `../shared/charts/<chart>-<version>/`, and the tests check every key the constructs set against them.
 */
export const Charts = {
  kubePrometheusStack: {
    chart: 'kube-prometheus-stack',
    repository: 'https://prometheus-community.github.io/helm-charts',
    version: '88.5.3',
  },
  alertmanager: {
    chart: 'alertmanager',
    repository: 'https://prometheus-community.github.io/helm-charts',
    version: '1.42.0',
  },
  grafana: {
    chart: 'grafana',
    repository: 'https://grafana-community.github.io/helm-charts',
    version: '12.11.1',
  },
  loki: {
    chart: 'loki',
    repository: 'https://grafana-community.github.io/helm-charts',
    version: '18.11.0',
  },
  jaeger: {
    chart: 'jaeger',
    repository: 'https://jaegertracing.github.io/helm-charts',
    version: '4.11.1',
  },
  datadog: {
    chart: 'datadog',
    repository: 'https://helm.datadoghq.com',
    version: '3.240.0',
  },
  fluentBit: {
    chart: 'fluent-bit',
    repository: 'https://fluent.github.io/helm-charts',
    version: '0.58.1',
  },
  openTelemetryCollector: {
    chart: 'opentelemetry-collector',
    repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
    version: '0.170.0',
  },
  blackboxExporter: { chart: 'prometheus-blackbox-exporter', repository: 'https://prometheus-community.github.io/helm-charts', version: '11.17.2' },
} as const satisfies Record<string, HelmChartRef>;
