import { COMPONENT_RESOURCES } from '../core/component-resources';
import { ingressChartValues, ingressTls } from '../core/ingress';
import { HARDENED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from '../core/security-context';
import { withPath } from '../core/validation-error';
import { SCRAPED_BY_MONITOR_LABEL } from '../prometheus/annotation-scrape-configs';
import { JAEGER_STORAGE_DEFAULTS } from './jaeger-storage';
import { ResolvedJaeger } from './resolve-jaeger';

/** Jaeger's ports, written once: its config binds them, the construct's endpoints and network policies name them. */
export const JAEGER_PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  /** The query UI and HTTP API. */
  queryHttp: 16686,
  queryGrpc: 16685,
  /** Remote sampling strategies (HTTP), for SDKs. */
  samplingHttp: 5778,
  samplingGrpc: 5779,
  /** Prometheus metrics: the Service's `internal-metrics` port (Jaeger's ServiceMonitor) and the chart's prometheus.io/* pod annotations. */
  metrics: 8888,
  /** Health check v2: what the chart's probes call (/status). */
  health: 13133,
} as const;

/** The name of the metrics port (:8888) in the chart's Service: what Jaeger's ServiceMonitor scrapes. */
export const JAEGER_METRICS_PORT_NAME = 'internal-metrics';

/** Where the sampling strategies ConfigMap is mounted (a directory, so edits reach the pod). */
const SAMPLING_DIR = '/etc/jaeger/sampling';
const PRIMARY_STORE = 'primary_store';

/** The ConfigMap with the sampling strategies file, rendered from the strategies as they are at synthesis. */
export function jaegerSamplingConfigMap(settings: ResolvedJaeger, path: string): Record<string, unknown> {
  const text = withPath(path, () => settings.sampling.toJsonText());
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: settings.samplingConfigMapName,
      namespace: settings.namespace.namespaceName,
      labels: { 'app.kubernetes.io/name': 'jaeger', 'app.kubernetes.io/instance': settings.releaseName },
    },
    data: { 'strategies.json': text },
  };
}

/** Jaeger v2's own configuration (the chart's `userconfig`), an OpenTelemetry-collector config; `path` names the construct in errors. */
function jaegerConfig(settings: ResolvedJaeger, path: string): Record<string, unknown> {
  const all = '0.0.0.0';
  const query: Record<string, unknown> = {
    storage: { traces: PRIMARY_STORE },
    base_path: settings.queryBasePath,
    http: { endpoint: `${all}:${JAEGER_PORTS.queryHttp}` },
    grpc: { endpoint: `${all}:${JAEGER_PORTS.queryGrpc}` },
  };
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      telemetry: {
        resource: { 'service.name': 'jaeger' },
        // The metrics port is what the chart's prometheus.io/* pod annotations point at.
        metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: all, port: JAEGER_PORTS.metrics } } } }] },
        logs: { level: 'info' },
      },
    },
    extensions: {
      // The chart's probes call /status on the health port (health check v2).
      healthcheckv2: { use_v2: true, http: { endpoint: `${all}:${JAEGER_PORTS.health}` } },
      jaeger_query: query,
      jaeger_storage: { backends: { [PRIMARY_STORE]: settings.storage.backendConfig(settings.retention, path) } },
      remote_sampling: {
        file: { path: `${SAMPLING_DIR}/strategies.json`, reload_interval: '30s' },
        http: { endpoint: `${all}:${JAEGER_PORTS.samplingHttp}` },
        grpc: { endpoint: `${all}:${JAEGER_PORTS.samplingGrpc}` },
      },
    },
    receivers: { otlp: { protocols: { grpc: { endpoint: `${all}:${JAEGER_PORTS.otlpGrpc}` }, http: { endpoint: `${all}:${JAEGER_PORTS.otlpHttp}` } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: PRIMARY_STORE } },
  };
}

/** Values of the jaeger chart from resolved settings. Every key exists in the pinned chart (checked by the tests). */
export function jaegerValues(settings: ResolvedJaeger, path: string, scrapedByMonitor = false): Record<string, unknown> {
  const { ingress, storage } = settings;
  const jaeger: Record<string, unknown> = {
    enabled: true,
    replicas: settings.replicas,
    // The chart annotates the pod prometheus.io/scrape whatever the values: with the ServiceMonitor of
    // Jaeger.scrapedBy, this label keeps the pod out of annotation discovery (one job, not two).
    ...(scrapedByMonitor ? { podLabels: { [SCRAPED_BY_MONITOR_LABEL.key]: SCRAPED_BY_MONITOR_LABEL.value } } : {}),
    extraEnv: storage.secretEnv(),
    resources: settings.resources,
    podSecurityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    securityContext: { runAsNonRoot: true, ...HARDENED_CONTAINER },
    // A directory mount (no subPath), so ConfigMap updates reach the pod and reload_interval picks them up.
    extraVolumes: [{ name: 'sampling-strategies', configMap: { name: settings.samplingConfigMapName } }],
    extraVolumeMounts: [{ name: 'sampling-strategies', mountPath: SAMPLING_DIR, readOnly: true }],
    ingress: ingress
      ? {
          ...ingressChartValues(ingress),
          ...(ingress.tlsSecretName ? { tls: ingressTls(ingress) } : {}),
          pathType: 'Prefix',
        }
      : { enabled: false },
  };
  const values: Record<string, unknown> = {
    fullnameOverride: settings.releaseName,
    userconfig: jaegerConfig(settings, path),
    jaeger,
    esIndexCleaner: { enabled: false },
  };
  const search = storage.searchOptions;
  if (search) {
    // The chart's storage.* only feeds its maintenance jobs; Jaeger itself reads `userconfig`.
    values.storage = { type: 'elasticsearch', elasticsearch: { url: search.urls[0] } };
    values.esIndexCleaner = {
      enabled: true,
      numberOfDays: settings.retention.toDays(),
      // The cleaner reads ES_USERNAME / ES_PASSWORD / INDEX_PREFIX from its environment.
      extraEnv: [...storage.secretEnv(), { name: 'INDEX_PREFIX', value: search.indexPrefix ?? JAEGER_STORAGE_DEFAULTS.indexPrefix }],
      // The chart's user 1000, made explicit non-root and hardened (Kubernetes securityContexts the chart passes through).
      podSecurityContext: { runAsUser: 1000, runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
      securityContext: { runAsUser: 1000, runAsNonRoot: true, ...HARDENED_CONTAINER },
      resources: COMPONENT_RESOURCES.indexCleaner,
    };
  }
  return values;
}
