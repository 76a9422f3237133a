import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { checkReleaseName, checkReplicas } from '../core/input-checks';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { PodAntiAffinity } from '../core/pod-anti-affinity';
import { IAlertmanagerEndpoint } from '../prometheus/alertmanager-endpoint';
import { ReviewArtifacts } from '../review/review-artifacts';
import { ALERTMANAGER_DEFAULTS } from './alertmanager-defaults';
import { AlertmanagerConfig } from './alertmanager-config';
import { CoverageAlert } from './coverage-alert';
import { renderRoutingMermaid } from './routing-mermaid';
import { showUrl } from '../core/secret-reference';

/** Alertmanager's API and UI port. */
const ALERTMANAGER_PORT = 9093;
/** The replicas' gossip port (TCP and UDP). */
const CLUSTER_PORT = 9094;

/** Props of {@link Alertmanager}. */
export interface AlertmanagerProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /** The typed configuration: routes, receivers, inhibit rules, templates (e.g. `SeverityPolicy.create(...)`). */
  readonly config: AlertmanagerConfig;
  /**
   * Helm release name; also the Service name.
   * @default 'alertmanager'
   */
  readonly releaseName?: string;
  /**
   * Replicas; more than one form a gossip cluster that deduplicates notifications (3 in prod).
   * @default 1
   */
  readonly replicas?: number;
  /** Volume per replica for silences and the notification log, GiB; 0 for an emptyDir. @default 2 */
  readonly storageGiB?: number;
  /**
   * StorageClass of the per-replica volume (unused when `storageGiB` is 0).
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * CPU and memory requests and limits of the Alertmanager container.
   * @default DEFAULT_SIZING.alertmanager.resources
   */
  readonly resources?: ResourceRequirements;
  /** URL users reach Alertmanager at, for links in notifications. @default none */
  readonly externalUrl?: string;
  /**
   * How strictly replicas are spread over nodes (the chart's `podAntiAffinity`).
   * @default PodAntiAffinity.HARD with 2+ replicas, otherwise none
   */
  readonly podAntiAffinity?: PodAntiAffinity;
}

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
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
  public readonly serviceName: string;
  public readonly portName = 'http';
  public readonly alertmanagerUrl: string;
  /** Number of Alertmanager replicas (the `replicas` prop, default 1). */
  public readonly replicas: number;
  /** The typed configuration this Alertmanager renders. */
  public readonly config: AlertmanagerConfig;
  /** The Helm release of the alertmanager chart. */
  public readonly release: Release;

  private readonly props: AlertmanagerProps;
  private readonly resources: ResourceRequirements;
  private readonly sources: IAlertSource[] = [];

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    if (!(props.config instanceof AlertmanagerConfig)) {
      throw new ValidationError(path, `config ${show(props.config)} is not an AlertmanagerConfig; build one with new AlertmanagerConfig({...}) or SeverityPolicy.create({...}).`);
    }
    this.config = props.config;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.serviceName = checkReleaseName(props.releaseName ?? 'alertmanager', path);
    this.replicas = checkReplicas(props.replicas ?? ALERTMANAGER_DEFAULTS.replicas, path);
    const storage = props.storageGiB ?? ALERTMANAGER_DEFAULTS.storageGiB;
    if (typeof storage !== 'number' || !(storage === 0 || storage > 0)) {
      throw new ValidationError(path, `storageGiB ${show(storage)} must be 0 (emptyDir) or a positive size in GiB.`);
    }
    if (props.externalUrl !== undefined && !/^https?:\/\/[^\s/@]+(\/\S*)?$/.test(props.externalUrl)) {
      throw new ValidationError(path, `externalUrl ${showUrl(props.externalUrl)} is not an http(s) URL without credentials; write e.g. "https://alertmanager.example.com".`);
    }
    if (props.podAntiAffinity !== undefined && !Object.values(PodAntiAffinity).includes(props.podAntiAffinity)) {
      throw new ValidationError(path, `podAntiAffinity ${show(props.podAntiAffinity)} is not one of ${Object.values(PodAntiAffinity).join(', ')} (PodAntiAffinity.*).`);
    }
    this.resources = validateResources(props.resources ?? ALERTMANAGER_DEFAULTS.resources, `${path} resources`);
    this.alertmanagerUrl = `http://${this.serviceName}.${this.namespace}.svc:${ALERTMANAGER_PORT}`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.alertmanager,
      releaseName: this.serviceName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
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
      storage: storage > 0 ? `${storage}Gi` : 'emptyDir',
      resources: this.resources,
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

  /** Values of the alertmanager chart. Every key exists in the pinned chart (checked by the tests). */
  public chartValues(): Record<string, unknown> {
    const props = this.props;
    const storage = props.storageGiB ?? ALERTMANAGER_DEFAULTS.storageGiB;
    const antiAffinity = props.podAntiAffinity ?? (this.replicas > 1 ? PodAntiAffinity.HARD : '');
    return {
      fullnameOverride: this.serviceName,
      replicaCount: this.replicas,
      ...(props.externalUrl ? { baseURL: props.externalUrl } : {}),
      config: { enabled: true, ...this.config.toJSON() },
      templates: this.config.templates(),
      extraSecretMounts: this.config.secretVolumes().map((volume, index) => ({
        name: `receiver-secret-${index}`,
        secretName: volume.secretName,
        mountPath: volume.mountPath,
        subPath: '',
        readOnly: true,
      })),
      persistence: {
        enabled: storage > 0,
        size: `${storage}Gi`,
        ...(props.storageClassName ? { storageClass: props.storageClassName } : {}),
      },
      resources: this.resources,
      podAntiAffinity: antiAffinity,
      podDisruptionBudget: this.replicas > 1 ? { maxUnavailable: 1 } : {},
      podSecurityContext: { fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: {
        runAsUser: 65534,
        runAsGroup: 65534,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
    };
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
