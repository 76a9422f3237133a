import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ValidationError } from '../core/validation-error';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import { ReviewArtifacts } from '../review/review-artifacts';
import { AlertmanagerConfig } from './alertmanager-config';
import { AlertmanagerProps } from './alertmanager-props';
import { alertmanagerValues } from './alertmanager-values';
import { ResolvedAlertmanager, resolveAlertmanager } from './resolve-alertmanager';
import { CoverageAlert } from './coverage-alert';
import { renderRoutingMermaid } from './routing-mermaid';

/** Alertmanager's API and UI port. */
const ALERTMANAGER_PORT = 9093;
/** The replicas' gossip port (TCP and UDP). */
const CLUSTER_PORT = 9094;

/** Anything whose alerts must reach someone: the Prometheus construct, a Loki ruler, a rule pack list. */
export interface IAlertSource {
  /** The alerts this source can fire, as routing sees them (labels after rule evaluation). */
  alertRules(): ReadonlyArray<CoverageAlert>;
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

  private readonly settings: ResolvedAlertmanager;
  private readonly sources: IAlertSource[] = [];

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveAlertmanager(props, path);
    this.config = this.settings.config;
    this.namespace = this.settings.namespace.namespaceName;
    this.serviceName = this.settings.serviceName;
    this.replicas = this.settings.replicas;
    this.alertmanagerUrl = `http://${this.serviceName}.${this.namespace}.svc:${ALERTMANAGER_PORT}`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.alertmanager,
      releaseName: this.serviceName,
      namespace: this.settings.namespace,
      values: () => alertmanagerValues(this.settings),
    });
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

  /** Checks at synth that every alert of `source` reaches a receiver that notifies someone. */
  public coverAlertsOf(source: IAlertSource): this {
    this.sources.push(source);
    return this;
  }

  /** Throws when an alert of a covered source would notify nobody (also run at synth). */
  public checkAlertCoverage(): void {
    const alerts = this.sources.flatMap((source) => [...source.alertRules()]);
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
