import { HARDENED_CONTAINER, nonRootPod } from '../core/security-context';
import { COLLECTOR_METRICS_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT, SPAN_METRICS_PORT } from './otel-collector-ports';
import { ResolvedOtelCollector } from './resolve-otel-collector';

/** The contrib image: tail_sampling, spanmetrics, prometheus and datadog live only there. */
export const OTEL_COLLECTOR_CONTRIB_IMAGE = 'otel/opentelemetry-collector-contrib';

/** opentelemetry-collector chart values from resolved settings. Every key exists in the pinned chart and passes its schema. */
export function otelCollectorValues(settings: ResolvedOtelCollector, scraped = false): Record<string, unknown> {
  const { datadog, spanMetrics } = settings;
  const servicePort = (containerPort: number, extra: Record<string, unknown> = {}) => ({
    enabled: true, containerPort, servicePort: containerPort, protocol: 'TCP', ...extra,
  });
  // One endpoint per metrics port of the Service, each with its own stable job (not the Service name).
  const endpoint = (port: string, job: string) => ({
    port, path: '/metrics', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: job }],
  });
  const scrapeAnnotations = (port: number) => ({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
  return {
    fullnameOverride: settings.releaseName,
    mode: 'deployment',
    image: { repository: OTEL_COLLECTOR_CONTRIB_IMAGE },
    command: { name: 'otelcol-contrib' },
    alternateConfig: settings.collectorConfig,
    replicaCount: settings.replicas,
    resources: settings.resources,
    useGOMEMLIMIT: true,
    extraEnvs: datadog
      ? [{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: datadog.apiKeySecretName, key: datadog.apiKeySecretKey } } }]
      : [],
    podSecurityContext: nonRootPod(10001),
    securityContext: { runAsNonRoot: true, runAsUser: 10001, ...HARDENED_CONTAINER },
    // hostPort 0: never bind the node's 4317/4318 (the Datadog agent's OTLP receiver may need them).
    ports: {
      otlp: servicePort(OTLP_GRPC_PORT, { hostPort: 0, appProtocol: 'grpc' }),
      'otlp-http': servicePort(OTLP_HTTP_PORT, { hostPort: 0 }),
      'jaeger-compact': { enabled: false },
      'jaeger-thrift': { enabled: false },
      'jaeger-grpc': { enabled: false },
      zipkin: { enabled: false },
      metrics: servicePort(COLLECTOR_METRICS_PORT),
      ...(spanMetrics ? { spanmetrics: servicePort(SPAN_METRICS_PORT) } : {}),
    },
    // Scraped by a Prometheus (OtelCollector.scrapedBy): the chart's ServiceMonitor scrapes the
    // collector's own metrics (:8888) under `metricsJob` and the span metrics (:8889) under
    // `spanMetricsJob`, and no prometheus.io annotation is set, so nothing is scraped twice. Otherwise the
    // annotations let an annotation-discovering Prometheus find them (jobs `kubernetes-pods` and
    // `kubernetes-service-endpoints`), with no CRD needed.
    ...(scraped
      ? {
          serviceMonitor: {
            enabled: true,
            metricsEndpoints: [
              endpoint('metrics', settings.metricsJob),
              ...(spanMetrics ? [endpoint('spanmetrics', settings.spanMetricsJob)] : []),
            ],
          },
          service: { type: 'ClusterIP' },
        }
      : {
          podAnnotations: scrapeAnnotations(COLLECTOR_METRICS_PORT),
          service: { type: 'ClusterIP', annotations: spanMetrics ? scrapeAnnotations(SPAN_METRICS_PORT) : {} },
        }),
  };
}
