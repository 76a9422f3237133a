import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { memcachedResources } from '../core/component-resources';
import { Duration } from '../core/duration';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ManifestsRelease } from '../core/manifests-release';
import { ValidationError, show } from '../core/validation-error';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import type { IScrapingPrometheus } from '../prometheus/monitors/monitors';
import { LabelMatcher } from '../rules/label-matcher';
import { literalAlternatives } from '../rules/packs/pack-props';
import { IRulePack } from '../rules/rule-pack';
import type { WorkloadReview } from '../review/component-review';
import { ReviewArtifacts } from '../review/review-artifacts';
import { renderLogRulesSummary } from '../review/log-rules-summary';
import { LokiDeploymentMode } from './deployment-mode';
import { LogAlertRule } from './log-alert-rule';
import { ILogRulePack, renderLogRuleFile } from './log-rule-pack';
import { LokiProps } from './loki-props';
import { ILokiPushTarget } from './loki-push-target';
import { LokiRules } from './loki-rules';
import { LOKI_DISTRIBUTED_COMPONENTS, LokiComponentScaling, lokiComponentsScaled } from './loki-components';
import { lokiValues } from './loki-values';
import { ResolvedLoki, resolveLoki } from './resolve-loki';
import { LokiTenancy } from './tenancy';
import { ChartScrape } from '../prometheus/monitors/chart-scrape';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/** The nginx gateway's container port (its Service listens on 80). */
const GATEWAY_PORT = 8080;
/** Loki's HTTP port (API and metrics). */
const LOKI_HTTP_PORT = 3100;
/** The gateway's access-log exporter sidecar (metrics of the nginx requests), scraped through the `<release>-gateway-exporter` Service. */
const GATEWAY_EXPORTER_PORT = 4040;
/** The memcached exporter of the chunks and results caches. */
const MEMCACHED_EXPORTER_PORT = 9150;
const PACK_NAME = /^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/;

/**
 * Loki on the grafana-community loki chart: Monolithic for dev, Distributed on object storage for
 * prod; schema v13 on tsdb with a 24h index; retention that deletes (retention_period + compactor
 * retention + delete_request_store); ingestion and query limits; the nginx gateway as the one entry
 * for pushes and queries; the ruler fed by ConfigMaps (one small release per rule pack) and sending to
 * an Alertmanager.
 */
export class Loki extends Construct implements IGrafanaDatasource, ILokiPushTarget, IMonitoringComponent {
  /** Query URL (through the gateway), for Grafana and peers. */
  public readonly lokiUrl: string;
  /** Push URL (through the gateway), `.../loki/api/v1/push`. */
  public readonly lokiPushUrl: string;
  public readonly pushHost: string;
  public readonly pushPort = 80;
  public readonly pushPath = '/loki/api/v1/push';
  public readonly pushTenant?: string;
  /** Namespace Loki runs in. */
  public readonly namespace: string;
  /** Helm release name, also the prefix of every object (the `releaseName` prop, default `loki`). */
  public readonly releaseName: string;
  /** The deployment mode, as resolved (default Monolithic). */
  public readonly deploymentMode: LokiDeploymentMode;
  /** The multi-tenancy choice. */
  public readonly tenancy: LokiTenancy;
  /** How long logs are kept before the compactor deletes them (default 30d). */
  public readonly retentionPeriod: Duration;
  /** Replicas of the single binary (Monolithic) or of each stateless component (Distributed), as resolved. */
  public readonly replicas: number;
  /** Persistent volume size per replica in GiB, as resolved (50 Monolithic, 10 Distributed, unless set). */
  public readonly storageGiB: number;
  /** The loki chart release. */
  public readonly release: Release;
  /**
   * The `job` labels the chart's ServiceMonitor gives Loki's targets (`<namespace>/<Service name>`), in
   * this deployment mode: Monolithic `<ns>/<release>`, Distributed one per component
   * (`<ns>/<release>-distributor`, `-ingester`, …); both with the gateway's exporter
   * (`<ns>/<release>-gateway-exporter`) and the enabled caches (`<ns>/<release>-chunks-cache`, `-results-cache`).
   */
  public readonly metricsJobs: readonly string[];

  private readonly settings: ResolvedLoki;
  private readonly packs: ILogRulePack[] = [];
  private alertmanager?: IAlertmanagerEndpoint;
  private readonly scrape: ChartScrape;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveLoki(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.tenancy = this.settings.tenancy;
    this.deploymentMode = this.settings.deploymentMode;
    this.retentionPeriod = this.settings.retentionPeriod;
    this.replicas = this.settings.replicas;
    this.storageGiB = this.settings.storageGiB;
    this.alertmanager = this.settings.alertmanager;

    this.pushHost = `${this.releaseName}-gateway.${this.namespace}.svc`;
    this.lokiUrl = `http://${this.pushHost}:${this.pushPort}`;
    this.lokiPushUrl = `${this.lokiUrl}${this.pushPath}`;
    this.pushTenant = this.tenancy.authEnabled ? this.tenancy.tenant : undefined;
    const job = (suffix: string) => `${this.namespace}/${this.releaseName}${suffix}`;
    this.metricsJobs = [
      ...(this.settings.distributed ? LOKI_DISTRIBUTED_COMPONENTS.map(({ name }) => job(`-${name}`)) : [job('')]),
      job('-gateway-exporter'),
      ...(this.settings.chunksCacheMemoryMiB > 0 ? [job('-chunks-cache')] : []),
      ...(this.settings.resultsCacheMemoryMiB > 0 ? [job('-results-cache')] : []),
    ];

    this.release = createChartRelease(this, 'release', {
      chart: Charts.loki,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      // Rendered at synth, so that rule packs and an Alertmanager added later count.
      values: () => {
        this.checkRuleDestinations();
        return lokiValues(this.settings, this.alertmanager, this.scrape.enabled);
      },
      // StatefulSets with fresh volumes (and, Distributed, a dozen workloads) take a while.
      timeoutSeconds: this.settings.distributed ? 1200 : 900,
    });
    this.scrape = new ChartScrape(this.node.path, this.release, this.settings.namespace);

    const storage = this.settings.objectStorage;
    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: `Loki (${this.deploymentMode})`,
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.loki,
      replicas: this.replicas,
      // As the environment writes it ("30d"), not Loki's hours ("720h", which the config needs).
      retention: this.retentionPeriod.toPrometheus() + (this.settings.streamRetention.length > 0 ? ` (+${this.settings.streamRetention.length} stream overrides)` : ''),
      storage: storage ? `${storage.type}://${storage.bucketName}` : `${this.storageGiB}Gi`,
      // Distributed: the main row is the distributor; every other workload the chart renders is a row too.
      resources: this.settings.resources,
      otherWorkloads: this.reviewWorkloads(),
    }));
    review.addSummarySection({ title: 'Loki rules', order: 25, render: () => renderLogRulesSummary(this.packs) });
  }

  /**
   * The workloads the chart renders besides the main one (the single binary, or the distributor), as
   * lokiValues() sizes them, for the review: the other Distributed components, the gateway, the caches.
   */
  private reviewWorkloads(): WorkloadReview[] {
    const { distributed, resources, gatewayReplicas, gatewayResources } = this.settings;
    // The distributor is the main row; then the stateless components, the ingester, the single-pod ones.
    const rows = (scaling: LokiComponentScaling, replicas: number): WorkloadReview[] =>
      lokiComponentsScaled(scaling).filter(({ name }) => name !== 'distributor').map(({ name }) => ({ name, replicas, resources }));
    const components: WorkloadReview[] = distributed
      ? [...rows('replicas', this.replicas), ...rows('ingesterReplicas', this.settings.ingesterReplicas), ...rows('single', 1)]
      : [];
    const caches = ([['chunks-cache', this.settings.chunksCacheMemoryMiB], ['results-cache', this.settings.resultsCacheMemoryMiB]] as const)
      .filter(([, memoryMiB]) => memoryMiB > 0)
      .map(([name, memoryMiB]) => ({ name, replicas: 1, resources: memcachedResources(memoryMiB) }));
    return [...components, { name: 'gateway', replicas: gatewayReplicas, resources: gatewayResources }, ...caches];
  }

  /**
   * Adds a LogQL rule pack: one ConfigMap (in its own small release) that the ruler's sidecar loads,
   * and one review file `loki-rules/<pack>.yaml`.
   */
  public addRules(pack: ILogRulePack): this {
    const path = this.node.path;
    if (typeof pack?.name !== 'string' || !PACK_NAME.test(pack.name)) {
      throw new ValidationError(path, `rule pack name ${show(pack?.name)} is not allowed; use lowercase letters, digits and '-' (it names a ConfigMap and a file), e.g. "shop-logs".`);
    }
    if (this.packs.some((existing) => existing.name === pack.name)) {
      throw new ValidationError(path, `rule pack ${show(pack.name)} is added twice; give the second one another \`name\`.`);
    }
    const groupNames = new Set(this.packs.flatMap((p) => p.ruleGroups.map((g) => g.name)));
    for (const group of pack.ruleGroups) {
      if (groupNames.has(group.name)) {
        throw new ValidationError(path, `rule group ${show(group.name)} of pack ${show(pack.name)} is used twice in this Loki; rename one of the groups.`);
      }
      groupNames.add(group.name);
    }
    if (pack.ruleGroups.length === 0) throw new ValidationError(path, `rule pack ${show(pack.name)} has no groups; add a LogRuleGroup or leave the pack out.`);
    this.packs.push(pack);
    // The receiving Prometheus's rules may read what these rules record.
    const records = pack.ruleGroups.flatMap((group) => group.recordingRules.map((rule) => rule.record));
    if (records.length > 0) this.settings.recordingRulesTo?.acceptRecordedSeries?.(records, `the recording rules of Loki ${path}`);
    const configMapName = `${this.releaseName}-rules-${pack.name}`;
    new ManifestsRelease(this, `rules-${pack.name}`, {
      releaseName: configMapName,
      namespace: this.settings.namespace,
      manifests: () => [{
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: configMapName, namespace: this.namespace, labels: { loki_rule: '', 'app.kubernetes.io/part-of': this.releaseName } },
        data: { [`${pack.name}.yaml`]: renderLogRuleFile(pack) },
      }],
    });
    ReviewArtifacts.of(this).addFile(`loki-rules/${pack.name}.yaml`, () => renderLogRuleFile(pack), path);
    return this;
  }

  /**
   * Has `prometheus` scrape Loki's own metrics: turns on the chart's ServiceMonitor (the jobs of
   * {@link metricsJobs}: every component, the gateway's access-log exporter, the caches' exporters) and
   * orders the release after the Prometheus release, which installs the ServiceMonitor CRD (on an empty
   * cluster the release would fail without it). Throws when called twice with different Prometheuses.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus);
    return this;
  }

  /**
   * Loki's self-monitoring alerts ({@link LokiRules}, PromQL for the Prometheus that scrapes Loki) with
   * the selector of this Loki's jobs: `namespace` and `job=~"<ns>/<release>(-.+)?"`, which matches the
   * jobs of both deployment modes ({@link metricsJobs}), so switching mode needs no change of rules.
   * Its alerts need the scrape of {@link scrapedBy}.
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return LokiRules.create({
      ...selfMonitoringPackProps(options),
      selector: { namespace: this.namespace, job: LabelMatcher.regex(lokiJobPattern(this.namespace, this.releaseName)) },
    });
  }

  /** Sends the ruler's alerts to an Alertmanager (the typed reference of the Alertmanager construct). */
  public sendAlertsTo(alertmanager: IAlertmanagerEndpoint): this {
    this.alertmanager = alertmanager;
    return this;
  }

  /** Grafana datasource with the fixed uid `loki` (derived fields for trace ids are Grafana's to add). */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return {
      type: DatasourceType.LOKI,
      name: 'Loki',
      uid: 'loki',
      url: this.lokiUrl,
      jsonData: { maxLines: 1000 },
      // Multi-tenant: Loki answers only queries that name the tenant (Grafana provisions it as httpHeaderName1/Value1).
      ...(this.tenancy.authEnabled ? { httpHeaders: { 'X-Scope-OrgID': this.tenancy.tenant } } : {}),
    };
  }

  /** Every LogQL alert rule added so far. */
  public alertRules(): LogAlertRule[] {
    return this.packs.flatMap((pack) => pack.ruleGroups.flatMap((group) => group.alertRules));
  }

  /** The rule packs added so far. */
  public rulePacks(): readonly ILogRulePack[] {
    return [...this.packs];
  }

  /** As a client: Loki's pods talk among themselves, and the ruler sends alerts. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.LOKI, description: 'Loki', podLabels: recommendedPodLabels('loki', this.releaseName) }];
  }

  /** Pushes and queries enter through the gateway only; the other pods talk among themselves (HTTP, gRPC, memberlist, memcached) and are scraped. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [
      {
        name: 'loki-gateway',
        podLabels: recommendedPodLabels('loki', this.releaseName, 'gateway'),
        ingress: [{ from: [PeerRole.LOG_SHIPPER, PeerRole.GRAFANA], ports: tcpPorts(GATEWAY_PORT) }, { from: [PeerRole.PROMETHEUS], ports: tcpPorts(GATEWAY_EXPORTER_PORT) }],
      },
      {
        name: 'loki',
        podLabels: recommendedPodLabels('loki', this.releaseName),
        exceptComponents: ['gateway'],
        ingress: [{ from: [PeerRole.LOKI] }, { from: [PeerRole.PROMETHEUS], ports: tcpPorts(LOKI_HTTP_PORT, MEMCACHED_EXPORTER_PORT) }],
      },
    ];
  }

  /** None: the chart's own budgets cover the replicated components (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  /** Refuses, at synth, rules that would go nowhere: alerts without an Alertmanager, recording rules without a Prometheus. */
  private checkRuleDestinations(): void {
    const path = this.node.path;
    const hasRecording = this.packs.some((pack) => pack.ruleGroups.some((group) => group.recordingRules.length > 0));
    if (this.alertRules().length > 0 && !this.alertmanager) {
      throw new ValidationError(path, `has ${this.alertRules().length} LogQL alert rules but no Alertmanager, so they would notify nobody; pass \`alertmanager\` or call sendAlertsTo(alertmanager).`);
    }
    if (hasRecording && this.settings.recordingRulesWriteUrl === undefined) {
      throw new ValidationError(path, `has LogQL recording rules but no \`recordingRulesTo\`; Loki stores no series itself, so pass the Prometheus that receives them by remote write.`);
    }
  }
}

/** `<ns>/<release>` and `<ns>/<release>-<anything>`, the release's characters taken literally. */
export function lokiJobPattern(namespace: string, releaseName: string): string {
  return `${literalAlternatives([`${namespace}/${releaseName}`])}(-.+)?`;
}
