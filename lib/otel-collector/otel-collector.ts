import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { toYaml } from '../core/yaml';
import type { IScrapingPrometheus } from '../prometheus/monitors/monitors';
import { ReviewArtifacts } from '../review/review-artifacts';
import { IRulePack } from '../rules/rule-pack';
import { COLLECTOR_METRICS_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT, SPAN_METRICS_PORT } from './otel-collector-ports';
import { OtelCollectorProps } from './otel-collector-props';
import { otelCollectorValues } from './otel-collector-values';
import { ResolvedOtelCollector, resolveOtelCollector } from './resolve-otel-collector';
import { TailSampling } from './tail-sampling';
import { TracingPipelineRules } from './tracing-pipeline-rules';
import { ChartScrape } from '../prometheus/monitors/chart-scrape';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/**
 * The OpenTelemetry collector as the cluster's OTLP gateway (opentelemetry-collector chart 0.170.0,
 * deployment mode, contrib image): OTLP in on 4317/4318 (Service ports only, never host ports),
 * memory_limiter and batch, optional tail sampling, traces to Jaeger through a typed reference, span
 * metrics for Prometheus, optionally Datadog. The whole collector config is a validated
 * `CollectorConfig` (collector-config.ts), given to the chart as `alternateConfig` so the chart's default receivers
 * (jaeger, zipkin, debug exporter…) are not merged in.
 */
export class OtelCollector extends Construct implements IMonitoringComponent {
  /** Namespace the collector runs in. */
  public readonly namespace: string;
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
  /** The `job` label of the collector's own metrics (:8888) once {@link scrapedBy} turns on the chart's ServiceMonitor: `<namespace>/<releaseName>`. */
  public readonly metricsJob: string;
  /** The `job` label of the span metrics (:8889), when on: `<namespace>/<releaseName>-spanmetrics`. */
  public readonly spanMetricsJob?: string;
  /** Number of collector replicas. */
  public readonly replicas: number;
  /** The tail sampling processor's settings; undefined when tail sampling is off. */
  public readonly tailSampling?: TailSampling;
  /** The Helm release of the opentelemetry-collector chart. */
  public readonly release: Release;

  private readonly settings: ResolvedOtelCollector;
  private readonly scrape: ChartScrape;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveOtelCollector(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.replicas = this.settings.replicas;
    this.metricsJob = this.settings.metricsJob;
    if (this.settings.spanMetrics) this.spanMetricsJob = this.settings.spanMetricsJob;
    this.tailSampling = this.settings.tailSampling;

    this.serviceName = this.releaseName;
    const host = `${this.serviceName}.${this.namespace}.svc`;
    this.otlpGrpcEndpoint = `${host}:${OTLP_GRPC_PORT}`;
    this.otlpHttpEndpoint = `http://${host}:${OTLP_HTTP_PORT}`;
    if (this.settings.spanMetrics) this.spanMetricsUrl = `http://${host}:${SPAN_METRICS_PORT}/metrics`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.openTelemetryCollector,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      values: () => otelCollectorValues(this.settings, this.scrape.enabled),
    });
    this.scrape = new ChartScrape(this.node.path, this.release, this.settings.namespace);
    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'OtelCollector',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.openTelemetryCollector,
      replicas: this.replicas,
      resources: this.settings.resources,
    }));
    review.addFile(`otel-collector/${this.releaseName}.yaml`, () => toYaml(this.settings.collectorConfig), path);
  }

  /** The collector configuration, validated (every pipeline's components exist, connectors on both sides); a copy. */
  public collectorConfig(): Record<string, unknown> {
    return structuredClone(this.settings.collectorConfig);
  }

  /**
   * Has `prometheus` scrape the collector: turns on the chart's ServiceMonitor (the own metrics under
   * {@link metricsJob}, the span metrics under {@link spanMetricsJob}) instead of the prometheus.io
   * annotations, and orders the release after the Prometheus release, which installs the ServiceMonitor
   * CRD. Throws when called twice with different Prometheuses.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus);
    return this;
  }

  /**
   * The tracing pipeline's alerts ({@link TracingPipelineRules}) for this collector: every alert selects
   * `namespace` and `job` = {@link metricsJob}, and OtelCollectorDown is on. Its alerts need the scrape
   * of {@link scrapedBy} (the annotation scrape has the job `kubernetes-pods`).
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return TracingPipelineRules.create({
      ...selfMonitoringPackProps(options),
      selector: { namespace: this.namespace, job: this.metricsJob },
    });
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
      ingress: [{ from: [NetworkPeer.allNamespaces()], ports: tcpPorts(OTLP_GRPC_PORT, OTLP_HTTP_PORT) }, { from: [PeerRole.PROMETHEUS], ports: tcpPorts(COLLECTOR_METRICS_PORT, SPAN_METRICS_PORT) }],
    }];
  }

  /** The chart offers a budget only through keys it documents in comments: one of the stack's for more than one replica. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return this.replicas > 1 ? [{ name: this.releaseName, podLabels: this.podLabels }] : [];
  }

  private get podLabels(): PodLabels {
    return { ...recommendedPodLabels('opentelemetry-collector', this.releaseName), component: 'standalone-collector' };
  }
}
