import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { ValidationError, show } from '../core/validation-error';
import { IScrapingPrometheus, Probe, ProbeProps } from '../prometheus/monitors/monitors';
import { ReviewArtifacts } from '../review/review-artifacts';
import { BlackboxExporterProps } from './blackbox-exporter-props';
import { blackboxExporterValues } from './blackbox-exporter-values';
import { BlackboxModule } from './blackbox-module';
import { ResolvedBlackboxExporter, resolveBlackboxExporter } from './resolve-blackbox-exporter';
import { ChartScrape } from '../prometheus/monitors/chart-scrape';

// The folder's public names, which lib/index.ts takes from here.
export { BlackboxModule, BlackboxProber } from './blackbox-module';
export type { BlackboxModuleOptions, GrpcModuleOptions, HttpModuleOptions, IcmpModuleOptions, TcpModuleOptions } from './blackbox-module';
export type { BlackboxExporterProps } from './blackbox-exporter-props';

/** The exporter's port: its `/probe` endpoint that Prometheus scrapes, and its own metrics. */
export const BLACKBOX_EXPORTER_PORT = 9115;

/** Props of {@link BlackboxExporter.probe}: a {@link ProbeProps} whose prober is this exporter. */
export interface BlackboxProbeProps extends Omit<ProbeProps, 'proberAddress' | 'module'> {
  /** One of the exporter's modules, or its name (e.g. `http_2xx`). */
  readonly module: BlackboxModule | string;
}

/**
 * The Prometheus blackbox exporter on the prometheus-community prometheus-blackbox-exporter chart,
 * with typed modules ({@link BlackboxModule}). {@link probe} makes a `Probe` that checks targets
 * through it with one of its modules.
 */
export class BlackboxExporter extends Construct implements IMonitoringComponent {
  /** The namespace the exporter runs in. */
  public readonly namespace: string;
  /** The release name, which is also the Service name. */
  public readonly serviceName: string;
  /** Number of replicas (the `replicas` prop, default 1). */
  public readonly replicas: number;
  /** The exporter's Service as `host:port`: a Probe's `proberAddress`. */
  public readonly proberAddress: string;
  /** The Helm release of the prometheus-blackbox-exporter chart. */
  public readonly release: Release;

  private readonly settings: ResolvedBlackboxExporter;
  private readonly scrape: ChartScrape;

  constructor(scope: Construct, id: string, props: BlackboxExporterProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveBlackboxExporter(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.serviceName = this.settings.serviceName;
    this.replicas = this.settings.replicas;
    this.proberAddress = `${this.serviceName}.${this.namespace}.svc:${BLACKBOX_EXPORTER_PORT}`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.blackboxExporter,
      releaseName: this.serviceName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      values: () => blackboxExporterValues(this.settings, this.scrape.enabled ? this.jobName : undefined),
    });
    this.scrape = new ChartScrape(this.node.path, this.release, this.settings.namespace);

    ReviewArtifacts.of(this).addComponent(() => ({
      component: 'BlackboxExporter',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.blackboxExporter,
      replicas: this.replicas,
      resources: this.settings.resources,
    }));
  }

  /**
   * The `job` label of the exporter's own metrics once {@link scrapedBy} is called: `<namespace>/<serviceName>`,
   * the convention of the stack's self-scrapes (its probes keep the jobs of their Probes).
   */
  public get jobName(): string {
    return `${this.namespace}/${this.serviceName}`;
  }

  /**
   * Has `prometheus` scrape the exporter's own metrics (`/metrics`: probes run, config reloads): turns on
   * the chart's self ServiceMonitor under {@link jobName} and orders the release after the Prometheus
   * release, which installs the CRD. Throws when called twice with different Prometheuses.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus);
    return this;
  }

  /** The names of the exporter's modules. */
  public get moduleNames(): string[] {
    return [...this.settings.modules.keys()];
  }

  /**
   * A `Probe` (in `scope`, with `id`) that checks `props.targets` through this exporter with one of its
   * modules; a module the exporter does not have is refused.
   */
  public probe(scope: Construct, id: string, props: BlackboxProbeProps): Probe {
    const where = `${scope.node.path}/${id}`;
    const name = props?.module instanceof BlackboxModule ? props.module.name : props?.module;
    if (typeof name !== 'string' || !this.settings.modules.has(name)) {
      throw new ValidationError(where, `module ${show(name)} is not a module of the blackbox exporter ${this.node.path}; use one of ${this.moduleNames.map((n) => JSON.stringify(n)).join(', ')}, or add it to the exporter's modules.`);
    }
    const { module: _module, ...rest } = props;
    return new Probe(scope, id, { ...rest, proberAddress: this.proberAddress, module: name });
  }

  /** None: the exporter calls only the targets it probes, outside the stack. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [];
  }

  /** Probes and its own metrics, from Prometheus only. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [{
      name: 'blackbox-exporter',
      podLabels: this.podLabels,
      ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(BLACKBOX_EXPORTER_PORT) }],
    }];
  }

  /** None: the chart's own budget covers 2+ replicas (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  private get podLabels(): PodLabels {
    return recommendedPodLabels('prometheus-blackbox-exporter', this.serviceName);
  }
}
