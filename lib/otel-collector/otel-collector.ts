import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { refuseCredentialAsSecretName } from '../core/secret-reference';
import { checkReleaseName, checkReplicas } from '../core/input-checks';
import { Charts } from '../core/charts';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show, withPath } from '../core/validation-error';
import { IOtlpTracesBackend } from '../jaeger/otlp-traces-backend';
import { ReviewArtifacts } from '../review/review-artifacts';
import { HARDENED_CONTAINER, nonRootPod } from '../core/security-context';
import { toYaml } from '../core/yaml';
import { CollectorConfig } from './collector-config';
import { OTEL_COLLECTOR_DEFAULTS } from './otel-collector-defaults';
import { TailSampling, TailSamplingProps } from './tail-sampling';

const OTLP_GRPC_PORT = 4317;
const OTLP_HTTP_PORT = 4318;

/** Span metrics (RED metrics from spans) for Prometheus, and so for Grafana's traces-to-metrics. */
export interface SpanMetricsOptions {
  /**
   * Span attributes that become metric labels, besides service, span name, kind and status code.
   * Keep them low-cardinality (never ids or raw URLs).
   * @default ['http.request.method', 'http.response.status_code']
   */
  readonly dimensions?: ReadonlyArray<string>;
  /** Latency histogram buckets, in milliseconds. @default [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] */
  readonly histogramBucketsMs?: ReadonlyArray<number>;
}

/** Sends traces to Datadog as well, with the API key from an existing Secret. */
export interface DatadogExporterOptions {
  /** Name of an existing Secret in the collector's namespace holding the API key. */
  readonly apiKeySecretName: string;
  /** Key of the API key in the Secret. @default 'api-key' (the Datadog chart's key name) */
  readonly apiKeySecretKey?: string;
  /** Datadog site. @default 'datadoghq.com' */
  readonly site?: string;
}

/** Props of {@link OtelCollector}. */
export interface OtelCollectorProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /** Where traces go: the Jaeger construct (or any OTLP traces backend). */
  readonly tracesBackend: IOtlpTracesBackend;
  /**
   * Helm release name; also the Service name applications send OTLP to.
   * @default 'otel-collector'
   */
  readonly releaseName?: string;
  /** Number of collector replicas; tail sampling refuses more than 1. @default 1 (tail sampling requires 1) */
  readonly replicas?: number;
  /** Requests and limits of the collector container. @default DEFAULT_SIZING.otelCollector.resources */
  readonly resources?: ResourceRequirements;
  /**
   * Tail sampling: keep failed and slow traces plus a share of the rest.
   * @default none (the SDKs' head sampling decides alone)
   */
  readonly tailSampling?: TailSamplingProps;
  /** Span metrics exposed on :8889 for Prometheus; `false` to switch off. @default enabled with the defaults of SpanMetricsOptions */
  readonly spanMetrics?: SpanMetricsOptions | false;
  /** Also export traces to Datadog. @default none */
  readonly datadog?: DatadogExporterOptions;
  /** Memory the collector may use before refusing data, as a % of its memory limit. @default 80 */
  readonly memoryLimitPercentage?: number;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const DATADOG_SITE = /^([a-z0-9-]+\.)+[a-z]{2,}$/;
/** The contrib image: tail_sampling, spanmetrics, prometheus and datadog live only there. */
export const OTEL_COLLECTOR_CONTRIB_IMAGE = 'otel/opentelemetry-collector-contrib';
const POD_IP = '${env:MY_POD_IP}';
const DEFAULT_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/**
 * The OpenTelemetry collector as the cluster's OTLP gateway (opentelemetry-collector chart 0.170.0,
 * deployment mode, contrib image): OTLP in on 4317/4318 (Service ports only, never host ports),
 * memory_limiter and batch, optional tail sampling, traces to Jaeger through a typed reference, span
 * metrics for Prometheus, optionally Datadog. The whole collector config is a validated
 * {@link CollectorConfig}, given to the chart as `alternateConfig` so the chart's default receivers
 * (jaeger, zipkin, debug exporter…) are not merged in.
 */
export class OtelCollector extends Construct implements IMonitoringComponent {
  /** Namespace the collector runs in. */
  public readonly namespace: string;
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
  /** Helm release name (the `releaseName` prop, default `otel-collector`). */
  public readonly releaseName: string;
  /** Service name applications send to. */
  public readonly serviceName: string;
  /** OTLP gRPC for SDKs, as `host:port`. */
  public readonly otlpGrpcEndpoint: string;
  /** OTLP HTTP base URL for SDKs (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  public readonly otlpHttpEndpoint: string;
  /** Where Prometheus scrapes span metrics (undefined when switched off). */
  public readonly spanMetricsUrl?: string;
  /** Number of collector replicas. */
  public readonly replicas: number;
  /** The tail sampling processor's settings; undefined when tail sampling is off. */
  public readonly tailSampling?: TailSampling;
  /** The Helm release of the opentelemetry-collector chart. */
  public readonly release: Release;

  private readonly props: OtelCollectorProps;
  private readonly resources: ResourceRequirements;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'otel-collector', path);
    const backend = props.tracesBackend;
    if (!backend || typeof backend.otlpGrpcEndpoint !== 'string' || !/^[a-z0-9.-]+:\d+$/.test(backend.otlpGrpcEndpoint)) {
      throw new ValidationError(path, `tracesBackend ${show(backend?.otlpGrpcEndpoint)} has no OTLP gRPC endpoint of the form host:port; pass the Jaeger construct.`);
    }
    this.replicas = checkReplicas(props.replicas ?? OTEL_COLLECTOR_DEFAULTS.replicas, path);
    if (props.tailSampling !== undefined) {
      this.tailSampling = new TailSampling(props.tailSampling, `${path} tailSampling`);
      if (this.replicas > 1) {
        throw new ValidationError(path, `replicas ${show(this.replicas)} with tailSampling would split a trace's spans over several collectors, each deciding on a fragment; use replicas: 1 (scale vertically), or put a tier of collectors with the loadbalancing exporter (routing_key: traceID) in front.`);
      }
    }
    this.resources = validateResources(props.resources ?? OTEL_COLLECTOR_DEFAULTS.resources, `${path} resources`);
    const limit = props.memoryLimitPercentage ?? 80;
    if (!Number.isInteger(limit) || limit < 10 || limit > 95) {
      throw new ValidationError(path, `memoryLimitPercentage ${show(limit)} must be a whole percentage from 10 to 95; 80 leaves room for the Go runtime.`);
    }
    if (props.spanMetrics) validateSpanMetrics(path, props.spanMetrics);
    if (props.datadog) validateDatadog(path, props.datadog);

    this.serviceName = this.releaseName;
    const host = `${this.serviceName}.${this.namespace}.svc`;
    this.otlpGrpcEndpoint = `${host}:${OTLP_GRPC_PORT}`;
    this.otlpHttpEndpoint = `http://${host}:${OTLP_HTTP_PORT}`;
    if (props.spanMetrics !== false) this.spanMetricsUrl = `http://${host}:8889/metrics`;
    // Fail at construction, not at synth, when the pipeline is wrong.
    this.collectorConfig();

    this.release = createChartRelease(this, 'release', {
      chart: Charts.openTelemetryCollector,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
    });
    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'OtelCollector',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.openTelemetryCollector,
      replicas: this.replicas,
      resources: this.resources,
    }));
    review.addFile(`otel-collector/${this.releaseName}.yaml`, () => toYaml(this.collectorConfig()), path);
  }

  /** The collector configuration, validated (every pipeline's components exist, connectors on both sides). */
  public collectorConfig(): Record<string, unknown> {
    const props = this.props;
    const config = new CollectorConfig(this.node.path);
    config.addExtension('health_check', { endpoint: `${POD_IP}:13133` });
    config.addReceiver('otlp', { protocols: { grpc: { endpoint: `${POD_IP}:${OTLP_GRPC_PORT}` }, http: { endpoint: `${POD_IP}:${OTLP_HTTP_PORT}` } } });
    config.addProcessor('memory_limiter', { check_interval: '1s', limit_percentage: props.memoryLimitPercentage ?? 80, spike_limit_percentage: 20 });
    config.addProcessor('batch', { send_batch_size: 8192, send_batch_max_size: 16384, timeout: '1s' });
    config.addExporter('otlp/jaeger', {
      endpoint: props.tracesBackend.otlpGrpcEndpoint,
      // In-cluster traffic to Jaeger's plain-text OTLP port.
      tls: { insecure: true },
      sending_queue: { enabled: true, num_consumers: 10, queue_size: 5000 },
      retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '5m' },
    });
    const backends = ['otlp/jaeger'];
    if (props.datadog) {
      config.addExporter('datadog', { api: { key: '${env:DD_API_KEY}', site: props.datadog.site ?? 'datadoghq.com' } });
      backends.push('datadog');
    }
    const spanMetrics = props.spanMetrics === false ? undefined : props.spanMetrics ?? {};
    if (spanMetrics) {
      config.addConnector('spanmetrics', {
        histogram: { explicit: { buckets: (spanMetrics.histogramBucketsMs ?? DEFAULT_BUCKETS_MS).map((ms) => `${ms}ms`) } },
        dimensions: (spanMetrics.dimensions ?? ['http.request.method', 'http.response.status_code']).map((name) => ({ name })),
        exemplars: { enabled: true },
        metrics_flush_interval: '15s',
      });
      config.addExporter('prometheus', { endpoint: `${POD_IP}:8889`, enable_open_metrics: true, metric_expiration: '5m' });
      config.addPipeline('metrics/spanmetrics', { receivers: ['spanmetrics'], processors: ['batch'], exporters: ['prometheus'] });
    }
    if (this.tailSampling) {
      // Span metrics must see every span, so they are taken before tail sampling drops any.
      config.addConnector('forward/sampling');
      config.addProcessor('tail_sampling', this.tailSampling.render());
      config.addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter'], exporters: [...(spanMetrics ? ['spanmetrics'] : []), 'forward/sampling'] });
      config.addPipeline('traces/sampled', { receivers: ['forward/sampling'], processors: ['tail_sampling', 'batch'], exporters: backends });
    } else {
      config.addPipeline('traces', { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: [...backends, ...(spanMetrics ? ['spanmetrics'] : [])] });
    }
    config.setTelemetry({
      // Port 8888 is what the pod's prometheus.io/* annotations point at.
      metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: POD_IP, port: 8888 } } } }] },
      logs: { level: 'info' },
    });
    return withPath(this.node.path, () => config.render());
  }

  /** As a client: the collector exports traces to Jaeger. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.OTEL_COLLECTOR, description: 'OTel collector', podLabels: this.podLabels }];
  }

  /** The gateway applications send to, from every namespace; metrics for Prometheus. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [{
      name: 'otel-collector',
      podLabels: this.podLabels,
      ingress: [{ from: [NetworkPeer.allNamespaces()], ports: tcpPorts(OTLP_GRPC_PORT, OTLP_HTTP_PORT) }, { from: [PeerRole.PROMETHEUS], ports: tcpPorts(8888, 8889) }],
    }];
  }

  /** The chart offers a budget only through keys it documents in comments: one of the stack's for more than one replica. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return this.replicas > 1 ? [{ name: this.releaseName, podLabels: this.podLabels }] : [];
  }

  private get podLabels(): PodLabels {
    return { ...recommendedPodLabels('opentelemetry-collector', this.releaseName), component: 'standalone-collector' };
  }

  /** opentelemetry-collector chart values. Every key exists in the pinned chart and passes its schema. */
  public chartValues(): Record<string, unknown> {
    const props = this.props;
    const servicePort = (containerPort: number, extra: Record<string, unknown> = {}) => ({
      enabled: true, containerPort, servicePort: containerPort, protocol: 'TCP', ...extra,
    });
    return {
      fullnameOverride: this.releaseName,
      mode: 'deployment',
      image: { repository: OTEL_COLLECTOR_CONTRIB_IMAGE },
      command: { name: 'otelcol-contrib' },
      alternateConfig: this.collectorConfig(),
      replicaCount: this.replicas,
      resources: this.resources,
      useGOMEMLIMIT: true,
      extraEnvs: props.datadog
        ? [{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: props.datadog.apiKeySecretName, key: props.datadog.apiKeySecretKey ?? 'api-key' } } }]
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
        metrics: servicePort(8888),
        ...(this.spanMetricsUrl ? { spanmetrics: servicePort(8889) } : {}),
      },
      // Prometheus discovers the collector's own metrics through the pod annotations (:8888) and the
      // span metrics through the Service annotations (:8889), with no CRD needed.
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8888', 'prometheus.io/path': '/metrics' },
      service: {
        type: 'ClusterIP',
        annotations: this.spanMetricsUrl ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8889', 'prometheus.io/path': '/metrics' } : {},
      },
    };
  }
}

function validateSpanMetrics(path: string, options: SpanMetricsOptions): void {
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

function validateDatadog(path: string, options: DatadogExporterOptions): void {
  refuseCredentialAsSecretName(options.apiKeySecretName, path, 'datadog.apiKeySecretName', 'datadog-keys');
  if (typeof options.apiKeySecretName !== 'string' || !K8S_NAME.test(options.apiKeySecretName)) {
    throw new ValidationError(path, `datadog apiKeySecretName ${show(options.apiKeySecretName)} is not a valid Secret name; give the name of an existing Secret holding the API key, e.g. "datadog-secret".`);
  }
  if (options.apiKeySecretKey !== undefined && !SECRET_KEY.test(options.apiKeySecretKey)) {
    throw new ValidationError(path, `datadog apiKeySecretKey ${show(options.apiKeySecretKey)} is not a valid Secret key; use letters, digits, '-', '_' and '.'.`);
  }
  if (options.site !== undefined && !DATADOG_SITE.test(options.site)) {
    throw new ValidationError(path, `datadog site ${show(options.site)} is not a Datadog site host; write e.g. "datadoghq.eu" (no scheme).`);
  }
}
