import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ValidationError } from '../core/validation-error';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import type { IScrapingPrometheus } from '../prometheus/monitors/monitors';
import { IRulePack } from '../rules/rule-pack';
import { ReviewArtifacts } from '../review/review-artifacts';
import { AlertmanagerConfig } from './alertmanager-config';
import { AlertmanagerProps } from './alertmanager-props';
import { AlertmanagerRules } from './alertmanager-rules';
import { alertmanagerJob, alertmanagerValues } from './alertmanager-values';
import { ResolvedAlertmanager, resolveAlertmanager } from './resolve-alertmanager';
import { CoverageAlert } from './coverage-alert';
import { renderRoutingMermaid } from './routing-mermaid';
import { ChartScrape } from '../prometheus/monitors/chart-scrape';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/** Alertmanager's API and UI port. */
const ALERTMANAGER_PORT = 9093;
/** The replicas' gossip port (TCP and UDP). */
const CLUSTER_PORT = 9094;
/** Anything whose alerts must reach someone: the Prometheus construct, a Loki ruler, a rule pack list. */
export interface IAlertSource {
  /** The alerts this source can fire, as routing sees them (labels after rule evaluation). */
  alertRules(): ReadonlyArray<CoverageAlert>;
  /**
   * Alerts the source evaluates besides its own typed rules, e.g. Prometheus's inherited
   * kube-prometheus-stack default rules; covered like the others.
   */
  inheritedAlerts?(): ReadonlyArray<CoverageAlert>;
}


/**
 * Alertmanager on the prometheus-community alertmanager chart, configured from a typed
 * {@link AlertmanagerConfig}. Receiver credentials are files mounted from existing Secrets; the
 * configuration holds only their paths. At synth it checks that every alert of the sources given to
 * {@link coverAlertsOf} reaches a receiver that notifies someone.
 */
export class Alertmanager extends Construct implements IAlertmanagerEndpoint, IGrafanaDatasource, IMonitoringComponent {
  public readonly namespace: string;
  public readonly serviceName: string;
  public readonly portName = 'http';
  public readonly alertmanagerUrl: string;
  /** Number of Alertmanager replicas (the `replicas` prop, default 1). */
  public readonly replicas: number;
  /** The typed configuration this Alertmanager renders. */
  public readonly config: AlertmanagerConfig;
  /** The Helm release of the alertmanager chart. */
  public readonly release: Release;
  /**
   * The `job` label of Alertmanager's own metrics once {@link scrapedBy} is called: `<namespace>/<serviceName>`
   * (e.g. `monitoring/alertmanager`), set by the chart's ServiceMonitor on the web port of the main Service.
   */
  public readonly jobName: string;

  private readonly settings: ResolvedAlertmanager;
  private readonly sources: IAlertSource[] = [];
  private readonly scrape: ChartScrape;

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveAlertmanager(props, path);
    this.config = this.settings.config;
    this.namespace = this.settings.namespace.namespaceName;
    this.serviceName = this.settings.serviceName;
    this.replicas = this.settings.replicas;
    this.alertmanagerUrl = `http://${this.serviceName}.${this.namespace}.svc:${ALERTMANAGER_PORT}`;
    this.jobName = alertmanagerJob(this.settings);

    this.release = createChartRelease(this, 'release', {
      chart: Charts.alertmanager,
      releaseName: this.serviceName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      values: () => alertmanagerValues(this.settings, this.scrape.enabled),
    });
    this.scrape = new ChartScrape(this.node.path, this.release, this.settings.namespace);
    this.node.addValidation({ validate: () => this.coverageErrors() });

    const review = ReviewArtifacts.of(this);
    review.addFile('alertmanager.yaml', () => this.config.render(), path);
    review.addComponent(() => ({
      component: 'Alertmanager',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.alertmanager,
      replicas: this.replicas,
      storage: this.settings.storageGiB > 0 ? `${this.settings.storageGiB}Gi` : 'emptyDir',
      resources: this.settings.resources,
    }));
    review.addSummarySection({
      title: 'Alert routing',
      order: 30,
      render: () => [renderRoutingMermaid(this.config.route), '', '```', this.config.routingTree().trimEnd(), '```'].join('\n'),
    });
  }

  /**
   * Has `prometheus` scrape Alertmanager's own metrics: turns on the chart's ServiceMonitor (job
   * {@link jobName}, the web port `http` of every replica) and orders the release after the Prometheus
   * release, which installs the ServiceMonitor CRD (on an empty cluster the release would fail without it).
   * Throws when called twice with different Prometheuses.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus);
    return this;
  }

  /**
   * The {@link AlertmanagerRules} for this Alertmanager: its job and namespace as the selector, its replicas
   * (the cluster alerts only with more than one). Its alerts need the scrape of {@link scrapedBy}.
   * @param options.runbookBaseUrl base of the runbook links (default `https://runbooks.example.com/alerts`).
   * @param options.team the owning team (default `platform`).
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return AlertmanagerRules.create({
      ...selfMonitoringPackProps(options),
      selector: { job: this.jobName, namespace: this.namespace },
      replicas: this.replicas,
    });
  }

  /** Checks at synth that every alert of `source` reaches a receiver that notifies someone. */
  public coverAlertsOf(source: IAlertSource): this {
    this.sources.push(source);
    return this;
  }

  /** Throws when an alert of a covered source would notify nobody (also run at synth). */
  public checkAlertCoverage(): void {
    const alerts = this.sources.flatMap((source) => [...source.alertRules(), ...(source.inheritedAlerts?.() ?? [])]);
    this.config.checkCoverage(alerts, this.node.path);
  }

  /** Grafana datasource with the fixed uid `alertmanager`. */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return {
      type: DatasourceType.ALERTMANAGER,
      name: 'Alertmanager',
      uid: 'alertmanager',
      url: this.alertmanagerUrl,
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
    };
  }

  /** As a client: the replicas gossip with each other. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.ALERTMANAGER, description: 'Alertmanager', podLabels: this.podLabels }];
  }

  /** Alerts from Prometheus, Loki's ruler and Grafana; the gossip cluster of the replicas (TCP and UDP). */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [{
      name: 'alertmanager',
      podLabels: this.podLabels,
      ingress: [
        { from: [PeerRole.PROMETHEUS, PeerRole.LOKI, PeerRole.GRAFANA], ports: tcpPorts(ALERTMANAGER_PORT) },
        { from: [PeerRole.ALERTMANAGER], ports: [{ port: ALERTMANAGER_PORT }, { port: CLUSTER_PORT }, { port: CLUSTER_PORT, protocol: 'UDP' }] },
      ],
    }];
  }

  /** None: the chart's own budget covers the replicas (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  private get podLabels(): PodLabels {
    return recommendedPodLabels('alertmanager', this.serviceName);
  }

  private coverageErrors(): string[] {
    try {
      this.checkAlertCoverage();
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return [error.message];
      throw error;
    }
  }
}
