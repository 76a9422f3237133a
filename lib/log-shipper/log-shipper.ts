import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { IScrapingPrometheus } from '../prometheus/monitors/monitors';
import { Charts } from '../core/charts';
import { ReviewArtifacts } from '../review/review-artifacts';
import { IRulePack } from '../rules/rule-pack';
import { ElasticsearchLogSink } from './elasticsearch-output';
import { FLUENT_BIT_HTTP_PORT } from './fluent-bit-pipeline';
import { LogShipperProps } from './log-shipper-props';
import { logShipperValues } from './log-shipper-values';
import { LogShipperRules } from './log-shipper-rules';
import { ResolvedLogShipper, resolveLogShipper } from './resolve-log-shipper';
import { ChartScrape } from '../prometheus/monitors/chart-scrape';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/**
 * Fluent Bit as a DaemonSet (fluent-bit chart): tails every container's log, adds Kubernetes
 * metadata, parses JSON application logs and pushes them to Loki through the typed push target, with
 * labels namespace/app/container/level only; optionally to Datadog as well. Promtail, the old
 * choice, is end-of-life.
 */
export class LogShipper extends Construct implements IMonitoringComponent {
  /** Namespace the DaemonSet runs in. */
  public readonly namespace: string;
  /** Helm release name (the `releaseName` prop, default `fluent-bit`). */
  public readonly releaseName: string;
  /** Where the shipper pushes. */
  public readonly lokiPushUrl: string;
  /** The fluent-bit chart release. */
  public readonly release: Release;
  /**
   * The Elasticsearch/OpenSearch sink, when the props give one; it is also the Grafana datasource of
   * those logs (`grafana.addDatasource(shipper.elasticsearch)`).
   */
  public readonly elasticsearch?: ElasticsearchLogSink;
  /**
   * The `job` label of the shipper's own metrics once {@link scrapedBy} is called: `<namespace>/<releaseName>`,
   * the convention of the other components' scrapes.
   */
  public readonly jobName: string;

  private readonly settings: ResolvedLogShipper;
  private readonly scrape: ChartScrape;

  constructor(scope: Construct, id: string, props: LogShipperProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveLogShipper(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.lokiPushUrl = this.settings.lokiPushUrl;
    this.elasticsearch = props.elasticsearch;
    this.jobName = `${this.namespace}/${this.releaseName}`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.fluentBit,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      values: () => logShipperValues(this.settings, this.scrape.enabled ? this.jobName : undefined),
    });
    this.scrape = new ChartScrape(this.node.path, this.release, this.settings.namespace);

    const review = ReviewArtifacts.of(this);
    const sinks = ['Loki', ...(this.settings.datadogApiKey ? ['Datadog'] : []), ...(this.settings.elasticsearch ? [this.settings.elasticsearch.engine === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'] : [])];
    review.addComponent(() => ({
      component: `LogShipper (Fluent Bit → ${sinks.join(' + ')})`,
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.fluentBit,
      resources: this.settings.resources,
    }));
    review.addFile('log-shipper/fluent-bit.conf', () => this.fluentBitConfig(), path);
  }

  /** The whole Fluent Bit configuration as the pods read it, for review. */
  public fluentBitConfig(): string {
    const p = this.settings.pipeline;
    return [p.service, p.inputs, p.filters, p.outputs].join('\n');
  }

  /**
   * Has `prometheus` scrape the shipper's own metrics: turns on the chart's ServiceMonitor (job
   * {@link jobName}, with each pod's `node`) and orders the release after the Prometheus release, whose
   * CRDs the chart needs to render it (it leaves the ServiceMonitor out when the API is missing).
   * Throws when called twice with different Prometheuses.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus);
    return this;
  }

  /**
   * The shipper's self-monitoring alerts ({@link LogShipperRules}): outputs retrying, logs lost, an input
   * stalled, the shipper down; they select {@link jobName}, the job of the scrape of {@link scrapedBy}.
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return LogShipperRules.create({
      ...selfMonitoringPackProps(options),
      job: this.jobName,
    });
  }

  /** As a client: Fluent Bit pushes to Loki's gateway. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.LOG_SHIPPER, description: 'Fluent Bit', podLabels: this.podLabels }];
  }

  /** Metrics for Prometheus only. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [{ name: 'fluent-bit', podLabels: this.podLabels, ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(FLUENT_BIT_HTTP_PORT) }] }];
  }

  /** None: a DaemonSet, one pod per node. */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  private get podLabels(): PodLabels {
    return recommendedPodLabels('fluent-bit', this.releaseName);
  }
}
