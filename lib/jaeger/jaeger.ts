import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { refuseCredentialAsSecretName } from '../core/secret-reference';
import { checkReleaseName, checkReplicas } from '../core/input-checks';
import { Charts } from '../core/charts';
import { Duration, DurationLike, toDuration } from '../core/duration';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ManifestsRelease } from '../core/manifests-release';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show, withPath } from '../core/validation-error';
import { ReviewArtifacts } from '../review/review-artifacts';
import { JAEGER_DEFAULTS } from './jaeger-defaults';
import { JaegerStorage } from './jaeger-storage';
import { IOtlpTracesBackend } from './otlp-traces-backend';
import { SamplingStrategies } from './sampling-strategies';
import { COMPONENT_RESOURCES } from '../core/component-resources';
import { HARDENED_CONTAINER, RUNTIME_DEFAULT_SECCOMP } from '../core/security-context';

const OTLP_GRPC_PORT = 4317;
const OTLP_HTTP_PORT = 4318;
const QUERY_PORT = 16686;
/** Remote sampling strategies (HTTP). */
const SAMPLING_PORT = 5778;

/** Exposes the query UI outside the cluster. */
export interface JaegerIngressOptions {
  /** Host name, e.g. `jaeger.example.com`. */
  readonly host: string;
  /** IngressClass. @default the cluster's default IngressClass */
  readonly ingressClassName?: string;
  /** Name of an existing TLS Secret (`kubernetes.io/tls`) for the host. @default no TLS (plain HTTP) */
  readonly tlsSecretName?: string;
  /** Extra annotations (e.g. an auth proxy's). @default {} */
  readonly annotations?: Record<string, string>;
}

/** Props of {@link Jaeger}. */
export interface JaegerProps {
  /** Namespace to install into (usually `MonitoringNamespace.namespaceName`). */
  readonly namespace: NamespaceProp;
  /**
   * Helm release name; also the Service name.
   * @default 'jaeger'
   */
  readonly releaseName?: string;
  /** Where traces are kept. @default JaegerStorage.memory() */
  readonly storage?: JaegerStorage;
  /**
   * How long traces are kept: the es-index-cleaner's days (Elasticsearch/OpenSearch, whole days) or the
   * schema's trace TTL (Cassandra). Memory storage keeps at most `maxTraces` until a restart.
   * @default 7d (seed 001 § 1.1)
   */
  readonly retention?: DurationLike;
  /**
   * Head-sampling strategies served to SDKs by Jaeger's remote sampling (port 5778).
   * @default probability 0.1 for every service, health endpoints at 0
   */
  readonly sampling?: SamplingStrategies;
  /**
   * Number of Jaeger replicas; more than one needs a shared storage.
   * @default 1 (more needs a shared storage, not memory)
   */
  readonly replicas?: number;
  /** Requests and limits of the Jaeger container. @default DEFAULT_SIZING.jaeger.resources */
  readonly resources?: ResourceRequirements;
  /**
   * Path the query UI and API are served under, e.g. `/jaeger` behind a shared host.
   * @default '/'
   */
  readonly queryBasePath?: string;
  /** Ingress for the query UI. @default none (in-cluster only) */
  readonly ingress?: JaegerIngressOptions;
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const BASE_PATH = /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/;
/** Where the sampling strategies ConfigMap is mounted (a directory, so edits reach the pod). */
const SAMPLING_DIR = '/etc/jaeger/sampling';
const PRIMARY_STORE = 'primary_store';

/**
 * Jaeger v2 (jaeger chart 4.11.1, one binary built on the OpenTelemetry collector) with its whole
 * configuration typed: OTLP receivers on 4317/4318, the storage backend, the query UI (base path,
 * ingress with TLS), remote sampling from a strategies file, health check and Prometheus metrics.
 * The sampling strategies are a ConfigMap of their own small release, mounted as a directory that
 * Jaeger re-reads, so a sampling change neither restarts Jaeger nor shows as a chart-values diff.
 */
export class Jaeger extends Construct implements IGrafanaDatasource, IOtlpTracesBackend, IMonitoringComponent {
  public readonly namespace: string;
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
  /** Helm release name (the `releaseName` prop, default `jaeger`). */
  public readonly releaseName: string;
  /** Service name (the chart's fullname, fixed to the release name). */
  public readonly serviceName: string;
  /** OTLP gRPC as `host:port`, for collectors' `otlp` exporters. */
  public readonly otlpGrpcEndpoint: string;
  /** OTLP HTTP base URL. */
  public readonly otlpHttpEndpoint: string;
  /** In-cluster URL of the query UI and API, base path included (Grafana's datasource URL). */
  public readonly jaegerQueryUrl: string;
  /** Remote sampling HTTP base URL (port 5778), for SDKs' Jaeger remote samplers. */
  public readonly samplingEndpoint: string;
  /** Number of Jaeger replicas. */
  public readonly replicas: number;
  /** How long traces are kept (default 7d). */
  public readonly retention: Duration;
  /** Where traces are kept (default memory). */
  public readonly storage: JaegerStorage;
  /** The head-sampling strategies served to SDKs (default probability 0.1, health endpoints at 0). */
  public readonly sampling: SamplingStrategies;
  /** Path the query UI and API are served under (default `/`). */
  public readonly queryBasePath: string;
  /** The jaeger chart release. */
  public readonly release: Release;
  /** The release holding the sampling strategies ConfigMap. */
  public readonly samplingRelease: ManifestsRelease;

  private readonly props: JaegerProps;
  private readonly resources: ResourceRequirements;

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'jaeger', path);
    this.storage = props.storage ?? JaegerStorage.memory();
    if (!(this.storage instanceof JaegerStorage)) {
      throw new ValidationError(path, `storage ${show(this.storage)} is not a JaegerStorage; use JaegerStorage.memory(), .elasticsearch(...), .opensearch(...) or .cassandra(...).`);
    }
    this.storage.validate(path);
    this.retention = toDuration(props.retention ?? '7d', `${path} retention`);
    if (this.storage.isSearchEngine && (this.retention.toDays() < 1 || !Number.isInteger(this.retention.toDays()))) {
      throw new ValidationError(path, `retention ${show(this.retention.toPrometheus())} must be whole days of at least 1 with ${this.storage.type} (indices are daily and removed per day); write e.g. "7d".`);
    }
    if (this.storage.type === 'cassandra' && this.retention.toHours() < 1) {
      throw new ValidationError(path, `retention ${show(this.retention.toPrometheus())} is shorter than an hour; Cassandra's trace TTL needs e.g. "7d".`);
    }
    this.replicas = checkReplicas(props.replicas ?? JAEGER_DEFAULTS.replicas, path);
    if (this.replicas > 1 && !this.storage.isShared) {
      throw new ValidationError(path, `replicas ${show(this.replicas)} with memory storage would give each replica its own traces (queries would miss most of them); use 1 replica, or a shared storage such as JaegerStorage.elasticsearch(...).`);
    }
    this.resources = validateResources(props.resources ?? JAEGER_DEFAULTS.resources, `${path} resources`);
    this.queryBasePath = props.queryBasePath ?? '/';
    if (typeof this.queryBasePath !== 'string' || !BASE_PATH.test(this.queryBasePath)) {
      throw new ValidationError(path, `queryBasePath ${show(this.queryBasePath)} is not an absolute URL path without a trailing slash; write e.g. "/jaeger", or "/" for the root.`);
    }
    if (props.ingress !== undefined) validateIngress(path, props.ingress);
    this.sampling = props.sampling ?? new SamplingStrategies({ defaultProbability: 0.1 });
    if (!(this.sampling instanceof SamplingStrategies)) {
      throw new ValidationError(path, `sampling ${show(this.sampling)} is not SamplingStrategies; pass new SamplingStrategies({ defaultProbability: 0.1 }).`);
    }

    this.serviceName = this.releaseName;
    const host = `${this.serviceName}.${this.namespace}.svc`;
    this.otlpGrpcEndpoint = `${host}:${OTLP_GRPC_PORT}`;
    this.otlpHttpEndpoint = `http://${host}:${OTLP_HTTP_PORT}`;
    this.jaegerQueryUrl = `http://${host}:${QUERY_PORT}${this.queryBasePath === '/' ? '' : this.queryBasePath}`;
    this.samplingEndpoint = `http://${host}:${SAMPLING_PORT}`;

    this.samplingRelease = new ManifestsRelease(this, 'sampling', {
      releaseName: `${this.releaseName}-sampling`,
      namespace: this.namespaceRef,
      manifests: () => [this.samplingConfigMap()],
    });
    this.release = createChartRelease(this, 'release', {
      chart: Charts.jaeger,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
      // The pod mounts the strategies ConfigMap, so it must exist first.
      dependsOn: [this.samplingRelease.release],
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Jaeger',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.jaeger,
      replicas: this.replicas,
      retention: this.storage.isShared ? this.retention.toPrometheus() : 'until restart',
      storage: this.storage.describe(),
      resources: this.resources,
    }));
    review.addFile(`jaeger/${this.releaseName}-sampling-strategies.json`, () => this.sampling.toJsonText(), path);
  }

  /** Grafana datasource with the fixed uid `jaeger`. */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return { type: DatasourceType.JAEGER, name: 'Jaeger', uid: 'jaeger', url: this.jaegerQueryUrl };
  }

  /** Name of the ConfigMap that holds `strategies.json`. */
  public get samplingConfigMapName(): string {
    return `${this.releaseName}-sampling-strategies`;
  }

  /** The ConfigMap with the sampling strategies file. */
  public samplingConfigMap(): Record<string, unknown> {
    const text = withPath(this.node.path, () => this.sampling.toJsonText());
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: this.samplingConfigMapName, namespace: this.namespace, labels: { 'app.kubernetes.io/name': 'jaeger', 'app.kubernetes.io/instance': this.releaseName } },
      data: { 'strategies.json': text },
    };
  }

  /** Jaeger v2's own configuration (the chart's `userconfig`), an OpenTelemetry-collector config. */
  public jaegerConfig(): Record<string, unknown> {
    const all = '0.0.0.0';
    const query: Record<string, unknown> = {
      storage: { traces: PRIMARY_STORE },
      base_path: this.queryBasePath,
      http: { endpoint: `${all}:${QUERY_PORT}` },
      grpc: { endpoint: `${all}:16685` },
    };
    return {
      service: {
        extensions: ['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2'],
        pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
        telemetry: {
          resource: { 'service.name': 'jaeger' },
          // Port 8888 is what the chart's prometheus.io/* pod annotations point at.
          metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: all, port: 8888 } } } }] },
          logs: { level: 'info' },
        },
      },
      extensions: {
        // The chart's probes call /status on 13133 (health check v2).
        healthcheckv2: { use_v2: true, http: { endpoint: `${all}:13133` } },
        jaeger_query: query,
        jaeger_storage: { backends: { [PRIMARY_STORE]: this.storage.backendConfig(this.retention, this.node.path) } },
        remote_sampling: {
          file: { path: `${SAMPLING_DIR}/strategies.json`, reload_interval: '30s' },
          http: { endpoint: `${all}:${SAMPLING_PORT}` },
          grpc: { endpoint: `${all}:5779` },
        },
      },
      receivers: { otlp: { protocols: { grpc: { endpoint: `${all}:${OTLP_GRPC_PORT}` }, http: { endpoint: `${all}:${OTLP_HTTP_PORT}` } } } },
      processors: { batch: {} },
      exporters: { jaeger_storage_exporter: { trace_storage: PRIMARY_STORE } },
    };
  }

  /** None: Jaeger calls no other component of the stack. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [];
  }

  /** OTLP from the collector, queries from Grafana, sampling strategies for applications anywhere, metrics for Prometheus. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [{
      name: 'jaeger',
      podLabels: this.podLabels,
      ingress: [
        { from: [PeerRole.OTEL_COLLECTOR], ports: tcpPorts(OTLP_GRPC_PORT, OTLP_HTTP_PORT) },
        { from: [PeerRole.GRAFANA], ports: tcpPorts(QUERY_PORT, 16685) },
        // Remote sampling strategies, fetched by the applications' SDKs wherever they run.
        { from: [NetworkPeer.allNamespaces()], ports: tcpPorts(SAMPLING_PORT, 5779) },
        { from: [PeerRole.PROMETHEUS], ports: tcpPorts(8888) },
      ],
    }];
  }

  /** jaeger 4.11.1 has no budget of its own: one for more than one replica (one replica would block every drain). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return this.replicas > 1 ? [{ name: this.releaseName, podLabels: this.podLabels }] : [];
  }

  /** The Jaeger v2 Deployment (not its maintenance CronJobs). */
  private get podLabels(): PodLabels {
    return recommendedPodLabels('jaeger', this.releaseName, 'all-in-one');
  }

  /** jaeger chart values. Every key exists in the pinned chart (checked by the tests). */
  public chartValues(): Record<string, unknown> {
    const ingress = this.props.ingress;
    const jaeger: Record<string, unknown> = {
      enabled: true,
      replicas: this.replicas,
      extraEnv: this.storage.secretEnv(),
      resources: this.resources,
      podSecurityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
      securityContext: { runAsNonRoot: true, ...HARDENED_CONTAINER },
      // A directory mount (no subPath), so ConfigMap updates reach the pod and reload_interval picks them up.
      extraVolumes: [{ name: 'sampling-strategies', configMap: { name: this.samplingConfigMapName } }],
      extraVolumeMounts: [{ name: 'sampling-strategies', mountPath: SAMPLING_DIR, readOnly: true }],
      ingress: ingress
        ? {
            enabled: true,
            ...(ingress.ingressClassName ? { ingressClassName: ingress.ingressClassName } : {}),
            annotations: { ...(ingress.annotations ?? {}) },
            hosts: [ingress.host],
            ...(ingress.tlsSecretName ? { tls: [{ secretName: ingress.tlsSecretName, hosts: [ingress.host] }] } : {}),
            pathType: 'Prefix',
          }
        : { enabled: false },
    };
    const values: Record<string, unknown> = {
      fullnameOverride: this.releaseName,
      userconfig: this.jaegerConfig(),
      jaeger,
      esIndexCleaner: { enabled: false },
    };
    const search = this.storage.searchOptions;
    if (search) {
      // The chart's storage.* only feeds its maintenance jobs; Jaeger itself reads `userconfig`.
      values.storage = { type: 'elasticsearch', elasticsearch: { url: search.urls[0] } };
      values.esIndexCleaner = {
        enabled: true,
        numberOfDays: this.retention.toDays(),
        // The cleaner reads ES_USERNAME / ES_PASSWORD / INDEX_PREFIX from its environment.
        extraEnv: [...this.storage.secretEnv(), { name: 'INDEX_PREFIX', value: search.indexPrefix ?? 'jaeger' }],
        // The chart's user 1000, made explicit non-root and hardened (Kubernetes securityContexts the chart passes through).
        podSecurityContext: { runAsUser: 1000, runAsNonRoot: true, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
        securityContext: { runAsUser: 1000, runAsNonRoot: true, ...HARDENED_CONTAINER },
        resources: COMPONENT_RESOURCES.indexCleaner,
      };
    }
    return values;
  }
}

function validateIngress(path: string, ingress: JaegerIngressOptions): void {
  if (typeof ingress.host !== 'string' || !HOST.test(ingress.host)) {
    throw new ValidationError(path, `ingress host ${show(ingress.host)} is not a DNS host name; write e.g. "jaeger.example.com" (no scheme, no path).`);
  }
  refuseCredentialAsSecretName(ingress.tlsSecretName, path, 'ingress.tlsSecretName', 'jaeger-tls');
  if (ingress.tlsSecretName !== undefined && !K8S_NAME.test(ingress.tlsSecretName)) {
    throw new ValidationError(path, `ingress tlsSecretName ${show(ingress.tlsSecretName)} is not a valid Secret name; give the name of an existing kubernetes.io/tls Secret, e.g. "jaeger-tls".`);
  }
  if (ingress.ingressClassName !== undefined && !K8S_NAME.test(ingress.ingressClassName)) {
    throw new ValidationError(path, `ingressClassName ${show(ingress.ingressClassName)} is not a valid IngressClass name, e.g. "nginx".`);
  }
}
