import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { refuseCredentialAsSecretName, showUrl } from '../core/secret-reference';
import { checkOptionalList, checkReleaseName, checkReplicas } from '../core/input-checks';
import { Charts } from '../core/charts';
import { IGrafanaDatasource } from '../core/grafana-datasource';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { Dashboard } from '../dashboards/dashboard';
import { LintRule, lintDashboard } from '../dashboards/dashboard-lint';
import { ReviewArtifacts } from '../review/review-artifacts';
import { GRAFANA_DEFAULTS } from './grafana-defaults';
import { GrafanaDatabase } from './grafana-database';
import { GrafanaDashboardConfigMap, MAX_CONFIG_MAP_BYTES } from './grafana-dashboard-config-map';
import { DatasourceCorrelations, renderDatasources } from './grafana-datasources';
import { escapeDatasourceValue, escapeHelmTpl } from './grafana-escape';
import { GrafanaAuthSettings, GrafanaIniSections, validateExtraIni } from './grafana-ini';
import { HARDENED_CONTAINER } from '../core/security-context';

/** Grafana's container port (the Service listens on 80). */
const GRAFANA_PORT = 3000;
/** Namespace of the ingress controller when the ingress does not name one. */
export const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The existing Secret with Grafana's admin user and password. */
export interface GrafanaAdminSecret {
  /** Name of the Secret, in Grafana's namespace. */
  readonly secretName: string;
  /** Key of the admin user name in the Secret. @default 'admin-user' */
  readonly userKey?: string;
  /** Key of the admin password in the Secret. @default 'admin-password' */
  readonly passwordKey?: string;
}

/** Public access through an Ingress. */
export interface GrafanaIngress {
  /** Host name, e.g. `grafana.example.com`; also `server.domain` and the root URL. */
  readonly host: string;
  /** Name of an existing TLS Secret for the host; without it the root URL is http. @default no TLS */
  readonly tlsSecretName?: string;
  /** IngressClass of the Ingress. @default the cluster's default IngressClass */
  readonly ingressClassName?: string;
  /** Annotations of the Ingress (e.g. for cert-manager or the controller). @default {} */
  readonly annotations?: Record<string, string>;
  /**
   * Namespace of the ingress controller: the only namespace whose pods may reach Grafana's port
   * (the NetworkPolicy of the stack, see docs/security.md).
   * @default 'ingress-nginx'
   */
  readonly ingressNamespace?: string;
}

/** Props of {@link Grafana}. */
export interface GrafanaProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /** The admin credentials: an existing Secret (never a password in props). */
  readonly adminSecret: GrafanaAdminSecret;
  /** Helm release name; the Service is named after it (`<name>-grafana` unless it contains "grafana"). @default 'grafana' */
  readonly releaseName?: string;
  /** Components Grafana reads, by typed reference (Prometheus, Alertmanager, Loki, Jaeger). @default none */
  readonly datasources?: readonly IGrafanaDatasource[];
  /** How the datasources link to each other. @default see {@link DatasourceCorrelations} */
  readonly correlations?: DatasourceCorrelations;
  /** Number of Grafana replicas; more than one needs an external `database` and `storageGiB: 0`. @default 1 */
  readonly replicas?: number;
  /** Where Grafana keeps its state. More than one replica needs an external one. @default GrafanaDatabase.sqlite() */
  readonly database?: GrafanaDatabase;
  /** Persistent volume in GiB; 0 for none. @default 10 with SQLite, 0 with an external database */
  readonly storageGiB?: number;
  /** StorageClass of Grafana's volume (unused when `storageGiB` is 0). @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** CPU and memory requests and limits of the Grafana container. @default DEFAULT_SIZING.grafana.resources */
  readonly resources?: ResourceRequirements;
  /**
   * An Ingress in front of Grafana; its host also sets the root URL.
   * @default no Ingress (reach Grafana with a port-forward)
   */
  readonly ingress?: GrafanaIngress;
  /** Public URL, when it differs from the Ingress's. @default from the ingress, else Grafana's default */
  readonly rootUrl?: string;
  /** Plugins to install, `id` or `id@version`. @default none */
  readonly plugins?: readonly string[];
  /** Anonymous access, sign-up and login form settings. @default no anonymous access, no sign-up, login form shown */
  readonly auth?: GrafanaAuthSettings;
  /** More `grafana.ini`; credentials only as `$__file{…}`/`$__env{…}` expansions. @default {} */
  readonly extraIni?: GrafanaIniSections;
  /**
   * Load dashboards from ConfigMaps labelled `grafana_dashboard: "1"` in every namespace (so that
   * kube-prometheus-stack's dashboards appear too), rather than only Grafana's namespace.
   * @default true
   */
  readonly dashboardsFromAllNamespaces?: boolean;
}

/** Options of {@link Grafana.addDashboard}. */
export interface AddDashboardOptions {
  /** Grafana folder. */
  readonly folder: string;
  /** Lint rules not to enforce for this dashboard (e.g. for an imported one). @default none: every rule */
  readonly lintExclusions?: readonly LintRule[];
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const PLUGIN = /^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.+-]*)?$/;
const FOLDER = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,62}$/;
const GRAFANA_UID = 472;

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
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
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

  private readonly props: GrafanaProps;
  private readonly resources: ResourceRequirements;
  private readonly datasources: IGrafanaDatasource[];
  private readonly dashboards: Array<{ dashboard: Dashboard; folder: string; configMapName: string }> = [];
  // Uid and ConfigMap name → dashboard added so far, so that each addDashboard checks duplicates in O(1).
  private readonly dashboardUids = new Set<string>();
  private readonly dashboardsByConfigMap = new Map<string, Dashboard>();

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'grafana', path);
    checkSecret(path, 'adminSecret', props.adminSecret);
    this.database = props.database ?? GrafanaDatabase.sqlite();
    this.database.render(path);
    this.replicas = checkReplicas(props.replicas ?? GRAFANA_DEFAULTS.replicas, path);
    if (this.replicas > 1 && !this.database.isExternal) {
      throw new ValidationError(path, `replicas ${show(this.replicas)} needs an external database: with SQLite every replica has its own users, dashboards and alert state; set database: GrafanaDatabase.postgres({ host, name, user, passwordSecret }) or use 1 replica.`);
    }
    this.storageGiB = props.storageGiB ?? (this.database.isExternal ? 0 : GRAFANA_DEFAULTS.storageGiB);
    if (!(this.storageGiB === 0 || (typeof this.storageGiB === 'number' && this.storageGiB > 0 && Number.isFinite(this.storageGiB)))) {
      throw new ValidationError(path, `storageGiB ${show(props.storageGiB)} must be 0 (no volume) or a positive size in GiB.`);
    }
    if (this.replicas > 1 && this.storageGiB > 0) {
      throw new ValidationError(path, `storageGiB ${show(this.storageGiB)} with ${this.replicas} replicas: one ReadWriteOnce volume cannot be shared by the replicas of a Deployment; with an external database Grafana needs no volume, so set storageGiB: 0.`);
    }
    this.resources = validateResources(props.resources ?? GRAFANA_DEFAULTS.resources, `${path} resources`);
    if (props.ingress) checkIngress(path, props.ingress);
    if (props.rootUrl !== undefined && !/^https?:\/\/[^\s/@]+(\/[^\s]*)?$/.test(props.rootUrl)) {
      throw new ValidationError(path, `rootUrl ${showUrl(props.rootUrl)} is not an http(s) URL without credentials, e.g. "https://grafana.example.com/".`);
    }
    const plugins = checkOptionalList(props.plugins, path, 'plugins', '"grafana-piechart-panel@1.6.4"');
    for (const plugin of plugins) {
      if (!PLUGIN.test(plugin)) throw new ValidationError(path, `plugin ${show(plugin)} is not a plugin id; write "<id>" or "<id>@<version>" (e.g. "grafana-piechart-panel@1.6.4").`);
    }
    if (new Set(plugins).size !== plugins.length) throw new ValidationError(path, `plugins ${show(plugins)} lists a plugin twice; list each once.`);
    this.datasources = [...(props.datasources ?? [])];
    renderDatasources(this.datasources.map((d) => d.grafanaDatasource()), path, props.correlations);
    validateExtraIni(props.extraIni ?? {}, this.managedIni(), path);

    // The chart's fullname (Service, headless Service): the release name when it contains "grafana".
    this.serviceName = this.releaseName.includes('grafana') ? this.releaseName : `${this.releaseName}-grafana`;
    this.grafanaUrl = `http://${this.serviceName}.${this.namespace}.svc:80`;
    this.release = createChartRelease(this, 'release', {
      chart: Charts.grafana,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Grafana',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.grafana,
      replicas: this.replicas,
      storage: this.storageGiB > 0 ? `${this.storageGiB}Gi` : `none (${this.database.type})`,
      resources: this.resources,
    }));
    review.addSummarySection({ title: 'Grafana dashboards', order: 40, render: () => this.renderDashboardSummary() });
  }

  /** Adds a datasource later (e.g. a component created after Grafana). Refuses a uid already present. */
  public addDatasource(datasource: IGrafanaDatasource): this {
    const candidate = [...this.datasources, datasource];
    renderDatasources(candidate.map((d) => d.grafanaDatasource()), this.node.path, this.props.correlations);
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
    if (!K8S_NAME.test(configMapName) || configMapName.length > 253) {
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
    new GrafanaDashboardConfigMap(this, `dashboard-${configMapName}`, { namespace: this.namespaceRef, name: configMapName, dashboard, folder: options.folder });
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
    return this.props.ingress;
  }

  /** The public URL Grafana builds links with, if known. */
  public get rootUrl(): string | undefined {
    if (this.props.rootUrl) return this.props.rootUrl;
    const ingress = this.props.ingress;
    return ingress ? `${ingress.tlsSecretName ? 'https' : 'http'}://${ingress.host}/` : undefined;
  }

  /** The datasource provisioning file as Grafana must finally read it (before any escaping). */
  public datasourceProvisioning(): Record<string, unknown> {
    return {
      apiVersion: 1,
      // Datasources removed from the list are removed from Grafana too.
      prune: true,
      datasources: renderDatasources(this.datasources.map((d) => d.grafanaDatasource()), this.node.path, this.props.correlations),
    };
  }

  /** As a client: Grafana queries the datasources and sends alerts. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.GRAFANA, description: 'Grafana', podLabels: this.podLabels }];
  }

  /** The UI through the ingress controller (or open without an Ingress), metrics for Prometheus, the HA gossip of the replicas. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    const ingress = this.props.ingress;
    return [{
      name: 'grafana',
      podLabels: this.podLabels,
      ingress: [
        // Without an Ingress, the port is open (port-forward, a LoadBalancer of your own).
        { from: ingress ? [NetworkPeer.namespace(ingress.ingressNamespace ?? DEFAULT_INGRESS_NAMESPACE)] : 'anywhere', ports: tcpPorts(GRAFANA_PORT) },
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

  /** grafana chart values. Every key exists in the pinned chart (checked by the tests). */
  public chartValues(): Record<string, unknown> {
    const props = this.props;
    const database = this.database.render(this.node.path);
    const ini: GrafanaIniSections = { ...this.managedIni() };
    for (const [section, entries] of Object.entries(props.extraIni ?? {})) ini[section] = { ...(ini[section] ?? {}), ...entries };
    const envValueFrom: Record<string, unknown> = {};
    if (database.passwordSecret) {
      // Grafana reads GF_<SECTION>_<KEY> over grafana.ini: the password never appears in values.
      envValueFrom.GF_DATABASE_PASSWORD = { secretKeyRef: { name: database.passwordSecret.name, key: database.passwordSecret.key } };
    }
    if (this.replicas > 1) envValueFrom.POD_IP = { fieldRef: { fieldPath: 'status.podIP' } };
    const ingress = props.ingress;
    const sidecarResources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } };
    return {
      replicas: this.replicas,
      // A ReadWriteOnce volume cannot move to a new pod before the old one is gone.
      deploymentStrategy: { type: this.storageGiB > 0 ? 'Recreate' : 'RollingUpdate' },
      ...(this.replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 }, headlessService: true } : {}),
      admin: {
        existingSecret: props.adminSecret.secretName,
        userKey: props.adminSecret.userKey ?? 'admin-user',
        passwordKey: props.adminSecret.passwordKey ?? 'admin-password',
      },
      envValueFrom,
      persistence: this.storageGiB > 0
        ? { enabled: true, type: 'pvc', size: `${this.storageGiB}Gi`, accessModes: ['ReadWriteOnce'], ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}) }
        : { enabled: false },
      // fsGroup gives the volume to Grafana's user; the chart's root chown init container is not needed.
      initChownData: { enabled: false },
      securityContext: { runAsNonRoot: true, runAsUser: GRAFANA_UID, runAsGroup: GRAFANA_UID, fsGroup: GRAFANA_UID },
      // The chart's Helm test pod is never needed by a Terraform-managed release.
      testFramework: { enabled: false },
      // Not readOnlyRootFilesystem: plugin installation and the search index write outside the volume.
      containerSecurityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      resources: this.resources,
      plugins: [...(props.plugins ?? [])],
      ingress: ingress
        ? {
            enabled: true,
            ...(ingress.ingressClassName ? { ingressClassName: ingress.ingressClassName } : {}),
            annotations: { ...(ingress.annotations ?? {}) },
            hosts: [ingress.host],
            tls: ingress.tlsSecretName ? [{ secretName: ingress.tlsSecretName, hosts: [ingress.host] }] : [],
          }
        : { enabled: false },
      datasources: { 'datasources.yaml': escapeDatasourceValue(this.datasourceProvisioning()) },
      'grafana.ini': escapeIni(ini),
      sidecar: {
        resources: sidecarResources,
        // k8s-sidecar writes only to the shared dashboards volume.
        securityContext: { ...HARDENED_CONTAINER },
        dashboards: {
          enabled: true,
          label: 'grafana_dashboard',
          labelValue: '1',
          searchNamespace: props.dashboardsFromAllNamespaces === false ? null : 'ALL',
          folderAnnotation: 'grafana_folder',
          provider: { foldersFromFilesStructure: true, allowUiUpdates: false, disableDelete: false },
          // The dashboards are ConfigMaps; the chart's default (both) would also watch Secrets.
          resource: 'configmap',
        },
      },
      // The chart's ClusterRole grants configmaps AND secrets to any sidecar: bind ours instead, ConfigMaps only
      // (same name as the chart's; docs/security.md).
      rbac: { useExistingClusterRole: `${this.serviceName}-clusterrole` },
      extraObjects: [{
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${this.serviceName}-clusterrole`, labels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': this.releaseName } },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }],
      }],
    };
  }

  /** The grafana.ini settings the construct owns (extraIni may not override them). */
  private managedIni(): GrafanaIniSections {
    const props = this.props;
    const auth = props.auth ?? {};
    const ini: GrafanaIniSections = {
      analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false, feedback_links_enabled: false },
      users: { allow_sign_up: auth.allowSignUp ?? false },
      'auth.anonymous': auth.anonymousViewer ? { enabled: true, org_role: 'Viewer' } : { enabled: false },
      auth: { disable_login_form: auth.disableLoginForm ?? false },
      security: { disable_gravatar: true, cookie_secure: this.rootUrl?.startsWith('https://') ?? false },
      database: this.database.render(this.node.path).ini,
    };
    const server: Record<string, string> = {};
    if (props.ingress) server.domain = props.ingress.host;
    if (this.rootUrl) server.root_url = this.rootUrl;
    if (Object.keys(server).length > 0) ini.server = server;
    if (this.replicas > 1) {
      // Replicas gossip so that each alert notification is sent once.
      ini.unified_alerting = { ha_peers: `${this.serviceName}-headless:9094`, ha_listen_address: '${POD_IP}:9094', ha_advertise_address: '${POD_IP}:9094' };
    }
    return ini;
  }

  private renderDashboardSummary(): string {
    if (this.dashboards.length === 0) return '_No dashboards._\n';
    const rows = [...this.dashboards]
      .sort((a, b) => a.folder.localeCompare(b.folder) || a.dashboard.uid.localeCompare(b.dashboard.uid))
      .map(({ dashboard, folder }) => `| ${folder} | ${dashboard.uid} | ${dashboard.title} | ${dashboard.panels().filter((p) => p.type !== 'row').length} |`);
    return ['| Folder | Uid | Title | Panels |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
  }
}

/** grafana.ini strings go through Helm `tpl` in the chart (but are meant to be env-expanded by Grafana). */
function escapeIni(ini: GrafanaIniSections): GrafanaIniSections {
  return Object.fromEntries(Object.entries(ini).map(([section, entries]) => [
    section,
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, typeof value === 'string' ? escapeHelmTpl(value) : value])),
  ]));
}

function checkSecret(path: string, name: string, secret: GrafanaAdminSecret | undefined): void {
  if (typeof secret !== 'object' || secret === null) {
    throw new ValidationError(path, `${name} ${show(secret)} is not a Secret reference; write ${name}: { secretName: "grafana-admin" } (an existing Secret with the admin user and password).`);
  }
  refuseCredentialAsSecretName(secret.secretName, path, `${name}.secretName`, 'grafana-admin');
  if (!secret || typeof secret.secretName !== 'string' || !K8S_NAME.test(secret.secretName)) {
    throw new ValidationError(path, `${name}.secretName ${show(secret?.secretName)} is not a valid Kubernetes Secret name; name an existing Secret with the admin user and password (e.g. "grafana-admin").`);
  }
  for (const key of ['userKey', 'passwordKey'] as const) {
    const value = secret[key];
    if (value !== undefined && !SECRET_KEY.test(value)) {
      throw new ValidationError(path, `${name}.${key} ${show(value)} is not a valid Secret key; use letters, digits, '-', '_' and '.'.`);
    }
  }
}

function checkIngress(path: string, ingress: GrafanaIngress): void {
  if (typeof ingress.host !== 'string' || !HOST.test(ingress.host)) {
    throw new ValidationError(path, `ingress.host ${show(ingress.host)} is not a DNS host name; write e.g. "grafana.example.com" (no scheme, no path).`);
  }
  refuseCredentialAsSecretName(ingress.tlsSecretName, path, 'ingress.tlsSecretName', 'grafana-tls');
  if (ingress.tlsSecretName !== undefined && !K8S_NAME.test(ingress.tlsSecretName)) {
    throw new ValidationError(path, `ingress.tlsSecretName ${show(ingress.tlsSecretName)} is not a valid Kubernetes Secret name; name the existing TLS Secret.`);
  }
  if (ingress.ingressNamespace !== undefined && (typeof ingress.ingressNamespace !== 'string' || !DNS_LABEL.test(ingress.ingressNamespace))) {
    throw new ValidationError(path, `ingress.ingressNamespace ${show(ingress.ingressNamespace)} is not a namespace name; name the namespace of the ingress controller, e.g. "ingress-nginx".`);
  }
}
