import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { createChartRelease } from '../core/chart-release';
import { Charts } from '../core/charts';
import { compareText } from '../core/compare-text';
import { IGrafanaDatasource } from '../core/grafana-datasource';
import { KUBERNETES_NAME } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { Dashboard } from '../dashboards/dashboard';
import { LintRule, lintDashboard } from '../dashboards/dashboard-lint';
import type { IScrapingPrometheus } from '../prometheus/monitors/monitors';
import { ReviewArtifacts } from '../review/review-artifacts';
import { IRulePack } from '../rules/rule-pack';
import { GrafanaRules } from './grafana-rules';
import { GrafanaDatabase } from './grafana-database';
import { GrafanaDashboardConfigMap, MAX_CONFIG_MAP_BYTES } from './grafana-dashboard-config-map';
import { renderDatasources } from './grafana-datasources';
import { GrafanaIngress, GrafanaProps } from './grafana-props';
import { grafanaDatasourceProvisioning, grafanaJob, grafanaValues } from './grafana-values';
import { ResolvedGrafana, resolveGrafana } from './resolve-grafana';
import { ChartScrape } from '../prometheus/monitors/chart-scrape';
import { selfMonitoringPackProps } from '../rules/runbook';
import type { SelfMonitoringOptions } from '../contracts/self-monitoring';

/** Grafana's container port (the Service listens on 80). */
const GRAFANA_PORT = 3000;

/** Options of {@link Grafana.addDashboard}. */
export interface AddDashboardOptions {
  /** Grafana folder. */
  readonly folder: string;
  /** Lint rules not to enforce for this dashboard (e.g. for an imported one). @default none: every rule */
  readonly lintExclusions?: readonly LintRule[];
}

const FOLDER = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$/;

/**
 * Grafana on the grafana-community chart: datasources with fixed uids and their correlations, from
 * typed references; dashboards as ConfigMaps that the sidecar loads into folders; admin credentials
 * and database password from existing Secrets only; HA only with an external database.
 */
export class Grafana extends Construct implements IMonitoringComponent {
  /** In-cluster URL of Grafana. */
  public readonly grafanaUrl: string;
  /** Name of Grafana's Service: the release name when it contains "grafana", else `<releaseName>-grafana`. */
  public readonly serviceName: string;
  /** Namespace Grafana runs in. */
  public readonly namespace: string;
  /** Helm release name (the `releaseName` prop, default `grafana`). */
  public readonly releaseName: string;
  /** Number of Grafana replicas. */
  public readonly replicas: number;
  /**
   * Persistent volume size in GiB, as resolved (10 with SQLite, 0 with an external database, unless set); 0 for none.
   */
  public readonly storageGiB: number;
  /** Where Grafana keeps its state (default SQLite). */
  public readonly database: GrafanaDatabase;
  /** The Helm release of the grafana chart. */
  public readonly release: Release;

  private readonly settings: ResolvedGrafana;
  /** The datasources so far: those of the props, then those added with addDatasource. */
  private readonly datasources: IGrafanaDatasource[];
  private readonly dashboards: Array<{ dashboard: Dashboard; folder: string; configMapName: string }> = [];
  // Uid and ConfigMap name → dashboard added so far, so that each addDashboard checks duplicates in O(1).
  private readonly dashboardUids = new Set<string>();
  private readonly dashboardsByConfigMap = new Map<string, Dashboard>();
  private readonly scrape: ChartScrape;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const path = this.node.path;
    this.settings = resolveGrafana(props, path);
    this.namespace = this.settings.namespace.namespaceName;
    this.releaseName = this.settings.releaseName;
    this.serviceName = this.settings.serviceName;
    this.database = this.settings.database;
    this.replicas = this.settings.replicas;
    this.storageGiB = this.settings.storageGiB;
    this.datasources = [...this.settings.datasources];

    this.grafanaUrl = `http://${this.serviceName}.${this.namespace}.svc:80`;
    this.release = createChartRelease(this, 'release', {
      chart: Charts.grafana,
      releaseName: this.releaseName,
      chartValues: props.chartValues,
      namespace: this.settings.namespace,
      // Rendered at synth, so that datasources added later with addDatasource count.
      values: () => grafanaValues(this.settings, this.datasources, path, this.scrape.enabled),
    });
    this.scrape = new ChartScrape(this.node.path, this.release, this.settings.namespace);

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Grafana',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.grafana,
      replicas: this.replicas,
      storage: this.storageGiB > 0 ? `${this.storageGiB}Gi` : `none (${this.database.type})`,
      resources: this.settings.resources,
    }));
    review.addSummarySection({ title: 'Grafana dashboards', order: 40, render: () => this.renderDashboardSummary() });
  }

  /**
   * The `job` label of Grafana's own metrics once {@link scrapedBy} is called: `<namespace>/<serviceName>`
   * (e.g. `monitoring/grafana`), set by the chart's ServiceMonitor.
   */
  public get jobName(): string {
    return grafanaJob(this.settings);
  }

  /**
   * Has `prometheus` scrape Grafana's own metrics: turns on the chart's ServiceMonitor (job {@link jobName},
   * `/metrics` of the web port) and orders the release after the Prometheus release, which installs the
   * ServiceMonitor CRD. Throws when called with a second, different Prometheus.
   */
  public scrapedBy(prometheus: IScrapingPrometheus): this {
    this.scrape.by(prometheus);
    return this;
  }

  /**
   * The {@link GrafanaRules} for this Grafana, selecting its job and namespace. Its alerts need the scrape
   * of {@link scrapedBy}.
   * @param options.runbookBaseUrl base of the runbook links (default `https://runbooks.example.com/alerts`).
   * @param options.team the owning team (default `platform`).
   */
  public selfMonitoringRules(options: SelfMonitoringOptions = {}): IRulePack {
    return GrafanaRules.create({
      ...selfMonitoringPackProps(options),
      selector: { job: this.jobName, namespace: this.namespace },
    });
  }

  /** Adds a datasource later (e.g. a component created after Grafana). Refuses a uid already present. */
  public addDatasource(datasource: IGrafanaDatasource): this {
    const candidate = [...this.datasources, datasource];
    renderDatasources(candidate.map((d) => d.grafanaDatasource()), this.node.path, this.settings.correlations);
    this.datasources.push(datasource);
    return this;
  }

  /**
   * Adds a dashboard as a ConfigMap that the sidecar loads into `folder`, and as the review file
   * `dashboards/<uid>.json`. Refuses a duplicate uid and a dashboard that fails the lint.
   */
  public addDashboard(dashboard: Dashboard, options: AddDashboardOptions): this {
    const path = this.node.path;
    const at = `${path} dashboard ${show(dashboard.uid)}`;
    if (typeof options?.folder !== 'string' || !FOLDER.test(options.folder)) {
      throw new ValidationError(at, `folder ${show(options?.folder)} is not a folder name; use up to 63 letters, digits, spaces, '-' and '_' (no '/').`);
    }
    if (this.dashboardUids.has(dashboard.uid)) {
      throw new ValidationError(at, `uid ${show(dashboard.uid)} is added twice; Grafana keeps only one dashboard per uid, so give the second one another uid.`);
    }
    const configMapName = `${this.releaseName}-dashboard-${dashboard.uid.toLowerCase().replace(/_/g, '-')}`.replace(/-+$/, '');
    if (!KUBERNETES_NAME.test(configMapName)) {
      throw new ValidationError(at, `uid ${show(dashboard.uid)} gives the ConfigMap name ${show(configMapName)}, which Kubernetes refuses; use letters, digits and '-' in the uid.`);
    }
    const clash = this.dashboardsByConfigMap.get(configMapName);
    if (clash) {
      throw new ValidationError(at, `uid ${show(dashboard.uid)} and ${show(clash.uid)} both map to ConfigMap ${show(configMapName)} (case and '_' are folded); change one uid.`);
    }
    const excluded = new Set(options.lintExclusions ?? []);
    const findings = lintDashboard(dashboard.json).filter((f) => !excluded.has(f.rule));
    if (findings.length > 0) {
      throw new ValidationError(at, `fails the dashboard lint:\n${findings.map((f) => `  - [${f.rule}] ${f.where}: ${f.message}`).join('\n')}\nFix the dashboard, or pass lintExclusions for rules it may break.`);
    }
    const text = dashboard.toJsonString();
    if (Buffer.byteLength(text) > MAX_CONFIG_MAP_BYTES) {
      throw new ValidationError(at, `is ${Buffer.byteLength(text)} bytes of JSON, above a ConfigMap's 1 MiB; split it into several dashboards.`);
    }
    new GrafanaDashboardConfigMap(this, `dashboard-${configMapName}`, { namespace: this.settings.namespace, name: configMapName, dashboard, folder: options.folder });
    this.dashboards.push({ dashboard, folder: options.folder, configMapName });
    this.dashboardUids.add(dashboard.uid);
    this.dashboardsByConfigMap.set(configMapName, dashboard);
    ReviewArtifacts.of(this).addFile(`dashboards/${dashboard.uid}.json`, () => text, path);
    return this;
  }

  /** Adds several dashboards, each with its folder (e.g. the result of `standardDashboards()`). */
  public addDashboards(dashboards: ReadonlyArray<{ dashboard: Dashboard; folder: string }>): this {
    for (const { dashboard, folder } of dashboards) this.addDashboard(dashboard, { folder });
    return this;
  }

  /** The dashboards added so far, with their folders. */
  public dashboardList(): ReadonlyArray<{ readonly dashboard: Dashboard; readonly folder: string }> {
    return this.dashboards.map(({ dashboard, folder }) => ({ dashboard, folder }));
  }

  /** The Ingress settings, when Grafana is exposed through one (for the stack's NetworkPolicy). */
  public get ingress(): GrafanaIngress | undefined {
    return this.settings.ingress;
  }

  /** The public URL Grafana builds links with, if known. */
  public get rootUrl(): string | undefined {
    return this.settings.rootUrl;
  }

  /** The datasource provisioning file as Grafana must finally read it (before any escaping). */
  public datasourceProvisioning(): Record<string, unknown> {
    return grafanaDatasourceProvisioning(this.settings, this.datasources, this.node.path);
  }

  /** As a client: Grafana queries the datasources and sends alerts. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.GRAFANA, description: 'Grafana', podLabels: this.podLabels }];
  }

  /** The UI through the ingress controller (or open without an Ingress), metrics for Prometheus, the HA gossip of the replicas. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    const from = this.settings.ingressNamespace;
    return [{
      name: 'grafana',
      podLabels: this.podLabels,
      ingress: [
        // Without an Ingress, the port is open (port-forward, a LoadBalancer of your own).
        { from: from !== undefined ? [NetworkPeer.namespace(from)] : 'anywhere', ports: tcpPorts(GRAFANA_PORT) },
        { from: [PeerRole.PROMETHEUS], ports: tcpPorts(GRAFANA_PORT) },
        ...(this.replicas > 1 ? [{ from: [PeerRole.GRAFANA], ports: [{ port: 9094 }, { port: 9094, protocol: 'UDP' as const }] }] : []),
      ],
    }];
  }

  /** None: the chart's own budget covers the replicas (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  private get podLabels(): PodLabels {
    return recommendedPodLabels('grafana', this.releaseName);
  }

  private renderDashboardSummary(): string {
    if (this.dashboards.length === 0) return '_No dashboards._\n';
    const rows = [...this.dashboards]
      .sort((a, b) => compareText(a.folder, b.folder) || compareText(a.dashboard.uid, b.dashboard.uid))
      .map(({ dashboard, folder }) => `| ${folder} | ${dashboard.uid} | ${dashboard.title} | ${dashboard.panels().filter((p) => p.type !== 'row').length} |`);
    return ['| Folder | Uid | Title | Panels |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
  }
}
