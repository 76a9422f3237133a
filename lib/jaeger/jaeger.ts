import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { Duration } from '../core/duration';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ManifestsRelease } from '../core/manifests-release';
import { IScrapingPrometheus, ServiceMonitor } from '../prometheus/monitors/monitors';
import { ScrapedOnce } from '../prometheus/monitors/scraped-once';
import { IRulePack } from '../rules/rule-pack';
import { ReviewArtifacts } from '../review/review-artifacts';
import { JaegerProps } from './jaeger-props';
import { JaegerRules } from './jaeger-rules';
import { JaegerStorage } from './jaeger-storage';
import { JAEGER_METRICS_PORT_NAME, JAEGER_PORTS, jaegerSamplingConfigMap, jaegerValues } from './jaeger-values';
import { IOtlpTracesBackend } from './otlp-traces-backend';
import { ResolvedJaeger, resolveJaeger } from './resolve-jaeger';
import { SamplingStrategies } from './sampling-strategies';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/**
 * Jaeger v2 (jaeger chart 4.11.1, one binary built on the OpenTelemetry collector) with its whole
 * configuration typed: OTLP receivers on 4317/4318, the storage backend, the query UI (base path,
 * ingress with TLS), remote sampling from a strategies file, health check and Prometheus metrics.
 * The sampling strategies are a ConfigMap of their own small release, mounted as a directory that
 * Jaeger re-reads, so a sampling change neither restarts Jaeger nor shows as a chart-values diff.
 */
export class Jaeger extends Construct implements IGrafanaDatasource, IOtlpTracesBackend, IMonitoringComponent {
  public readonly namespace: string;
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

  private readonly settings: ResolvedJaeger;
  private readonly scrape = new ScrapedOnce<ServiceMonitor>(this.node.path, 'ServiceMonitor');

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveJaeger(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.storage = this.settings.storage;
    this.retention = this.settings.retention;
    this.replicas = this.settings.replicas;
    this.queryBasePath = this.settings.queryBasePath;
    this.sampling = this.settings.sampling;

    this.serviceName = this.releaseName;
    const host = `${this.serviceName}.${this.namespace}.svc`;
    this.otlpGrpcEndpoint = `${host}:${JAEGER_PORTS.otlpGrpc}`;
    this.otlpHttpEndpoint = `http://${host}:${JAEGER_PORTS.otlpHttp}`;
    this.jaegerQueryUrl = `http://${host}:${JAEGER_PORTS.queryHttp}${this.queryBasePath === '/' ? '' : this.queryBasePath}`;
    this.samplingEndpoint = `http://${host}:${JAEGER_PORTS.samplingHttp}`;

    this.samplingRelease = new ManifestsRelease(this, 'sampling', {
      releaseName: `${this.releaseName}-sampling`,
      namespace: this.settings.namespace,
      manifests: () => [jaegerSamplingConfigMap(this.settings, path)],
    });
    this.release = createChartRelease(this, 'release', {
      chart: Charts.jaeger,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      values: () => jaegerValues(this.settings, path, this.scrape.enabled),
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
      resources: this.settings.resources,
    }));
    review.addFile(`jaeger/${this.releaseName}-sampling-strategies.json`, () => this.sampling.toJsonText(), path);
  }

  /** Grafana datasource with the fixed uid `jaeger`. */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return { type: DatasourceType.JAEGER, name: 'Jaeger', uid: 'jaeger', url: this.jaegerQueryUrl };
  }

  /**
   * The `job` label of Jaeger's own metrics once {@link scrapedBy} is called: `<namespace>/<serviceName>`
   * (e.g. `monitoring/jaeger`), set by its ServiceMonitor.
   */
  public get jobName(): string {
    return `${this.namespace}/${this.serviceName}`;
  }

  /**
   * Has `prometheus` scrape Jaeger's own metrics (the collector telemetry on :8888): a `ServiceMonitor`
   * (the jaeger chart has none) selecting Jaeger's Service and its `internal-metrics` port, under the job
   * {@link jobName}, in its own small release after the Prometheus release (which installs the CRD).
   * Returns the ServiceMonitor; a second call with the same Prometheus returns the same one, with another
   * one throws.
   *
   * The chart also puts `prometheus.io/scrape` annotations on the pod, which no value removes: the pod then
   * gets the label `SCRAPED_BY_MONITOR_LABEL`, which annotation discovery (job `kubernetes-pods`) skips.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): ServiceMonitor {
    return this.scrape.by(prometheus, () => new ServiceMonitor(this, 'service-monitor', {
      prometheus,
      namespace: this.settings.namespace,
      name: this.releaseName,
      // The chart's Service labels (jaeger.labels + the component); the maintenance jobs have no Service.
      selector: { matchLabels: { ...this.podLabels } },
      // A stable job (the convention of the stack's self-scrapes), not the Service name the operator would use.
      endpoints: [{ port: JAEGER_METRICS_PORT_NAME, path: '/metrics', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: this.jobName }] }],
    }));
  }

  /**
   * The {@link JaegerRules} for this Jaeger, selecting its job and namespace. Its alerts need the scrape of
   * {@link scrapedBy}.
   * @param options.runbookBaseUrl base of the runbook links (default `https://runbooks.example.com/alerts`).
   * @param options.team the owning team (default `platform`).
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return JaegerRules.create({
      ...selfMonitoringPackProps(options),
      selector: { job: this.jobName, namespace: this.namespace },
    });
  }

  /** Name of the ConfigMap that holds `strategies.json`. */
  public get samplingConfigMapName(): string {
    return this.settings.samplingConfigMapName;
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
        { from: [PeerRole.OTEL_COLLECTOR], ports: tcpPorts(JAEGER_PORTS.otlpGrpc, JAEGER_PORTS.otlpHttp) },
        { from: [PeerRole.GRAFANA], ports: tcpPorts(JAEGER_PORTS.queryHttp, JAEGER_PORTS.queryGrpc) },
        // Remote sampling strategies, fetched by the applications' SDKs wherever they run.
        { from: [NetworkPeer.allNamespaces()], ports: tcpPorts(JAEGER_PORTS.samplingHttp, JAEGER_PORTS.samplingGrpc) },
        { from: [PeerRole.PROMETHEUS], ports: tcpPorts(JAEGER_PORTS.metrics) },
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
}
