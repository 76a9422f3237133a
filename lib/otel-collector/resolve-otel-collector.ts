import { checkNumberInRange, checkReleaseName, checkReplicas } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { checkSecretKey, checkSecretName } from '../core/secret-reference';
import { ValidationError, show, withPath } from '../core/validation-error';
import { CollectorConfig } from './collector-config';
import { OTEL_COLLECTOR_DEFAULTS } from './otel-collector-defaults';
import { COLLECTOR_METRICS_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT, SPAN_METRICS_PORT } from './otel-collector-ports';
import { DatadogExporterOptions, OtelCollectorProps, SpanMetricsOptions } from './otel-collector-props';
import { TailSampling } from './tail-sampling';

/** {@link OtelCollectorProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedOtelCollector {
  /** The namespace as given, which the release waits for when this program creates it. */
  readonly namespace: INamespace;
  /** Helm release name; also the Service name applications send to. */
  readonly releaseName: string;
  /** The `job` label of the collector's own metrics (:8888): `<namespace>/<releaseName>`. */
  readonly metricsJob: string;
  /** The `job` label of the span metrics (:8889): `<namespace>/<releaseName>-spanmetrics`. */
  readonly spanMetricsJob: string;
  /** Number of collector replicas (1 with tail sampling). */
  readonly replicas: number;
  /** Requests and limits of the collector container. */
  readonly resources: ResourceRequirements;
  /** The tail sampling processor's settings; undefined when tail sampling is off. */
  readonly tailSampling?: TailSampling;
  /** Span metrics with their defaults; undefined when switched off. */
  readonly spanMetrics?: Required<SpanMetricsOptions>;
  /** The Datadog exporter with its defaults; undefined when traces go to the backend only. */
  readonly datadog?: Required<DatadogExporterOptions>;
  /**
   * The whole collector configuration, built and validated once (every pipeline's components exist,
   * connectors on both sides): the chart's `alternateConfig` and the review file.
   */
  readonly collectorConfig: Record<string, unknown>;
}

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const DATADOG_SITE = /^([a-z0-9-]+\.)+[a-z]{2,}$/;
const POD_IP = '${env:MY_POD_IP}';
const DEFAULT_DIMENSIONS = ['http.request.method', 'http.response.status_code'];
const DEFAULT_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** The one place the collector's props are checked and defaulted; `path` names the construct in errors. */
export function resolveOtelCollector(props: OtelCollectorProps, path: string): ResolvedOtelCollector {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'otel-collector', path);
  const backend = props.tracesBackend;
  if (!backend || typeof backend.otlpGrpcEndpoint !== 'string' || !/^[a-z0-9.-]+:\d+$/.test(backend.otlpGrpcEndpoint)) {
    throw new ValidationError(path, `tracesBackend ${show(backend?.otlpGrpcEndpoint)} has no OTLP gRPC endpoint of the form host:port; pass the Jaeger construct.`);
  }
  const replicas = checkReplicas(props.replicas ?? OTEL_COLLECTOR_DEFAULTS.replicas, path);
  let tailSampling: TailSampling | undefined;
  if (props.tailSampling !== undefined) {
    tailSampling = new TailSampling(props.tailSampling, `${path} tailSampling`);
    if (replicas > 1) {
      throw new ValidationError(path, `replicas ${show(replicas)} with tailSampling would split a trace's spans over several collectors, each deciding on a fragment; use replicas: 1 (scale vertically), or put a tier of collectors with the loadbalancing exporter (routing_key: traceID) in front.`);
    }
  }
  const resources = validateResources(props.resources ?? OTEL_COLLECTOR_DEFAULTS.resources, `${path} resources`);
  const memoryLimitPercentage = checkNumberInRange(props.memoryLimitPercentage ?? 80, path, 'memoryLimitPercentage', { min: 10, max: 95 }, {
    requirement: 'must be a whole percentage from 10 to 95',
    hint: '; 80 leaves room for the Go runtime',
  });
  if (props.spanMetrics) checkSpanMetrics(path, props.spanMetrics);
  if (props.datadog) checkDatadog(path, props.datadog);

  const given = props.spanMetrics === false ? undefined : props.spanMetrics ?? {};
  const spanMetrics = given && {
    dimensions: given.dimensions ?? DEFAULT_DIMENSIONS,
    histogramBucketsMs: given.histogramBucketsMs ?? DEFAULT_BUCKETS_MS,
  };
  const datadog = props.datadog && {
    apiKeySecretName: props.datadog.apiKeySecretName,
    apiKeySecretKey: props.datadog.apiKeySecretKey ?? 'api-key',
    site: props.datadog.site ?? 'datadoghq.com',
  };
  const collectorConfig = buildCollectorConfig({ tracesEndpoint: backend.otlpGrpcEndpoint, memoryLimitPercentage, tailSampling, spanMetrics, datadog }, path);
  // The jobs the chart's ServiceMonitor sets: `<namespace>/<name>`, the convention of the loki chart and mixin.
  const metricsJob = `${namespace.namespaceName}/${releaseName}`;
  return { namespace, releaseName, metricsJob, spanMetricsJob: `${metricsJob}-spanmetrics`, replicas, resources, tailSampling, spanMetrics, datadog, collectorConfig };
}

/** What the collector configuration is built from. */
interface PipelineSettings {
  readonly tracesEndpoint: string;
  readonly memoryLimitPercentage: number;
  readonly tailSampling?: TailSampling;
  readonly spanMetrics?: Required<SpanMetricsOptions>;
  readonly datadog?: Required<DatadogExporterOptions>;
}

/** The collector configuration, validated (every pipeline's components exist, connectors on both sides). */
function buildCollectorConfig(settings: PipelineSettings, path: string): Record<string, unknown> {
  const { spanMetrics, tailSampling, datadog } = settings;
  const config = new CollectorConfig(path);
  config.addExtension('health_check', { endpoint: `${POD_IP}:13133` });
  config.addReceiver('otlp', { protocols: { grpc: { endpoint: `${POD_IP}:${OTLP_GRPC_PORT}` }, http: { endpoint: `${POD_IP}:${OTLP_HTTP_PORT}` } } });
  config.addProcessor('memory_limiter', { check_interval: '1s', limit_percentage: settings.memoryLimitPercentage, spike_limit_percentage: 20 });
  config.addProcessor('batch', { send_batch_size: 8192, send_batch_max_size: 16384, timeout: '1s' });
  config.addExporter('otlp/jaeger', {
    endpoint: settings.tracesEndpoint,
    // In-cluster traffic to Jaeger's plain-text OTLP port.
    tls: { insecure: true },
    sending_queue: { enabled: true, num_consumers: 10, queue_size: 5000 },
    retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '5m' },
  });
  const backends = ['otlp/jaeger'];
  // The unsampled stream: span metrics and Datadog's APM stats must see every span.
  const everySpan: string[] = [];
  if (spanMetrics) everySpan.push('spanmetrics');
  if (datadog) {
    config.addExporter('datadog', { api: { key: '${env:DD_API_KEY}', site: datadog.site } });
    backends.push('datadog');
    // Without the datadog connector, Datadog APM shows no hits, errors or latency for these services
    // (opentelemetry-collector-contrib connector/datadogconnector): it computes the stats from every span,
    // before tail sampling, and hands them to the datadog exporter as metrics.
    config.addConnector('datadog/connector');
    config.addPipeline('metrics/datadog', { receivers: ['datadog/connector'], processors: ['batch'], exporters: ['datadog'] });
    everySpan.push('datadog/connector');
  }
  if (spanMetrics) {
    config.addConnector('spanmetrics', {
      histogram: { explicit: { buckets: spanMetrics.histogramBucketsMs.map((ms) => `${ms}ms`) } },
      dimensions: spanMetrics.dimensions.map((name) => ({ name })),
      exemplars: { enabled: true },
      metrics_flush_interval: '15s',
    });
    config.addExporter('prometheus', { endpoint: `${POD_IP}:${SPAN_METRICS_PORT}`, enable_open_metrics: true, metric_expiration: '5m' });
    config.addPipeline('metrics/spanmetrics', { receivers: ['spanmetrics'], processors: ['batch'], exporters: ['prometheus'] });
  }
  if (tailSampling) {
    // Span metrics must see every span, so they are taken before tail sampling drops any.
    config.addConnector('forward/sampling');
    config.addProcessor('tail_sampling', tailSampling.render());
    config.addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter'], exporters: [...everySpan, 'forward/sampling'] });
    config.addPipeline('traces/sampled', { receivers: ['forward/sampling'], processors: ['tail_sampling', 'batch'], exporters: backends });
  } else {
    config.addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: [...backends, ...everySpan] });
  }
  config.setTelemetry({
    // The collector's own metrics port: the ServiceMonitor's `metrics` endpoint once scraped (scrapedBy), else the pod's prometheus.io/* annotations.
    metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: POD_IP, port: COLLECTOR_METRICS_PORT } } } }] },
    logs: { level: 'info' },
  });
  return withPath(path, () => config.render());
}

function checkSpanMetrics(path: string, options: SpanMetricsOptions): void {
  const dims = options.dimensions ?? [];
  for (const dim of dims) {
    if (typeof dim !== 'string' || !ATTRIBUTE.test(dim)) {
      throw new ValidationError(path, `spanMetrics dimension ${show(dim)} is not a span attribute name; write e.g. "http.request.method".`);
    }
  }
  if (new Set(dims).size !== dims.length) {
    throw new ValidationError(path, `spanMetrics dimensions ${show(dims)} name an attribute twice; list each once.`);
  }
  const buckets = options.histogramBucketsMs;
  if (buckets !== undefined) {
    const ok = Array.isArray(buckets) && buckets.length > 0 && buckets.every((b, i) => Number.isInteger(b) && b > 0 && (i === 0 || b > buckets[i - 1]));
    if (!ok) {
      throw new ValidationError(path, `spanMetrics histogramBucketsMs ${show(buckets)} must be increasing whole milliseconds above 0, e.g. [5, 10, 25, 50, 100].`);
    }
  }
}

function checkDatadog(path: string, options: DatadogExporterOptions): void {
  checkSecretName(path, 'datadog.apiKeySecretName', options.apiKeySecretName, 'datadog-keys');
  if (options.apiKeySecretKey !== undefined) checkSecretKey(path, 'datadog.apiKeySecretKey', options.apiKeySecretKey, 'api-key');
  if (options.site !== undefined && !DATADOG_SITE.test(options.site)) {
    throw new ValidationError(path, `datadog site ${show(options.site)} is not a Datadog site host; write e.g. "datadoghq.eu" (no scheme).`);
  }
}
