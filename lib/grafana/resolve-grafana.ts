import { IGrafanaDatasource } from '../core/grafana-datasource';
import { checkIngressOptions } from '../core/ingress';
import { checkNumberInRange, checkOptionalList, checkReleaseName, checkReplicas, DNS_LABEL } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { ResourceRequirements, validateResources } from '../core/resources';
import { checkSecretKey, checkSecretName, showUrl } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { GrafanaDatabase, RenderedDatabase } from './grafana-database';
import { DatasourceCorrelations, renderDatasources } from './grafana-datasources';
import { GRAFANA_DEFAULTS } from './grafana-defaults';
import { GrafanaIniSections, validateExtraIni } from './grafana-ini';
import { GrafanaAdminSecret, GrafanaIngress, GrafanaProps } from './grafana-props';

/** {@link GrafanaProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedGrafana {
  /** The namespace as given, which the releases wait for when this program creates it. */
  readonly namespace: INamespace;
  /** Helm release name. */
  readonly releaseName: string;
  /** Name of Grafana's Service (the chart's fullname): the release name when it contains "grafana", else `<releaseName>-grafana`. */
  readonly serviceName: string;
  /** The existing Secret with the admin credentials, its key names defaulted. */
  readonly adminSecret: Required<GrafanaAdminSecret>;
  /** Where Grafana keeps its state (SQLite unless given). */
  readonly database: GrafanaDatabase;
  /** The database's `[database]` settings and password Secret, checked and rendered once. */
  readonly renderedDatabase: RenderedDatabase;
  /** Number of Grafana replicas; more than one only with an external database. */
  readonly replicas: number;
  /** Persistent volume in GiB; 0 for none (always 0 with more than one replica). */
  readonly storageGiB: number;
  /** StorageClass of the volume; undefined for the cluster's default. */
  readonly storageClassName?: string;
  /** Requests and limits of the Grafana container (checked against each other). */
  readonly resources: ResourceRequirements;
  /** The Ingress in front of Grafana (checked); undefined for none. */
  readonly ingress?: GrafanaIngress;
  /** Namespace of the ingress controller whose pods may reach Grafana; undefined without an Ingress. */
  readonly ingressNamespace?: string;
  /** The public URL Grafana builds links with: the `rootUrl` prop, else the Ingress's; undefined when unknown. */
  readonly rootUrl?: string;
  /** Plugins to install, each checked and listed once. */
  readonly plugins: readonly string[];
  /** The datasources given in the props (the construct's `addDatasource` may add more later). */
  readonly datasources: readonly IGrafanaDatasource[];
  /** How the datasources link to each other, as given (checked with the datasources). */
  readonly correlations?: DatasourceCorrelations;
  /** The whole `grafana.ini`, before escaping: the construct's settings, then `extraIni` (checked not to override them). */
  readonly ini: GrafanaIniSections;
  /** Whether the dashboards sidecar watches every namespace (else only Grafana's). */
  readonly dashboardsFromAllNamespaces: boolean;
}

const PLUGIN = /^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.+-]*)?$/;

/** The one place Grafana's props are checked and defaulted; `path` names the construct in errors. */
export function resolveGrafana(props: GrafanaProps, path: string): ResolvedGrafana {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'grafana', path);
  const adminSecret = checkAdminSecret(path, 'adminSecret', props.adminSecret);
  const database = props.database ?? GrafanaDatabase.sqlite();
  const renderedDatabase = database.render(path);
  const replicas = checkReplicas(props.replicas ?? GRAFANA_DEFAULTS.replicas, path);
  if (replicas > 1 && !database.isExternal) {
    throw new ValidationError(path, `replicas ${show(replicas)} needs an external database: with SQLite every replica has its own users, dashboards and alert state; set database: GrafanaDatabase.postgres({ host, name, user, passwordSecret }) or use 1 replica.`);
  }
  // An external database keeps the state: no volume unless one is asked for.
  const storageGiB = checkNumberInRange(props.storageGiB ?? (database.isExternal ? 0 : GRAFANA_DEFAULTS.storageGiB), path, 'storageGiB', { min: 0, integer: false }, {
    requirement: 'must be 0 (no volume) or a positive size in GiB',
  });
  if (replicas > 1 && storageGiB > 0) {
    throw new ValidationError(path, `storageGiB ${show(storageGiB)} with ${replicas} replicas: one ReadWriteOnce volume cannot be shared by the replicas of a Deployment; with an external database Grafana needs no volume, so set storageGiB: 0.`);
  }
  const resources = validateResources(props.resources ?? GRAFANA_DEFAULTS.resources, `${path} resources`);
  const ingress = props.ingress;
  if (ingress) checkIngress(path, ingress);
  if (props.rootUrl !== undefined && !/^https?:\/\/[^\s/@]+(\/[^\s]*)?$/.test(props.rootUrl)) {
    throw new ValidationError(path, `rootUrl ${showUrl(props.rootUrl)} is not an http(s) URL without credentials, e.g. "https://grafana.example.com/".`);
  }
  const rootUrl = props.rootUrl ?? (ingress ? `${ingress.tlsSecretName ? 'https' : 'http'}://${ingress.host}/` : undefined);
  const plugins = checkOptionalList(props.plugins, path, 'plugins', '"grafana-piechart-panel@1.6.4"');
  for (const plugin of plugins) {
    if (!PLUGIN.test(plugin)) throw new ValidationError(path, `plugin ${show(plugin)} is not a plugin id; write "<id>" or "<id>@<version>" (e.g. "grafana-piechart-panel@1.6.4").`);
  }
  if (new Set(plugins).size !== plugins.length) throw new ValidationError(path, `plugins ${show(plugins)} lists a plugin twice; list each once.`);
  const datasources = [...(props.datasources ?? [])];
  renderDatasources(datasources.map((d) => d.grafanaDatasource()), path, props.correlations);

  // The chart's fullname (Service, headless Service): the release name when it contains "grafana".
  const serviceName = releaseName.includes('grafana') ? releaseName : `${releaseName}-grafana`;
  const managed = managedIni(props, { renderedDatabase, replicas, serviceName, rootUrl });
  const extraIni = props.extraIni ?? {};
  validateExtraIni(extraIni, managed, path);
  const ini: GrafanaIniSections = { ...managed };
  for (const [section, entries] of Object.entries(extraIni)) ini[section] = { ...(ini[section] ?? {}), ...entries };

  return {
    namespace,
    releaseName,
    serviceName,
    adminSecret,
    database,
    renderedDatabase,
    replicas,
    storageGiB,
    storageClassName: props.storageClassName,
    resources,
    ingress,
    ingressNamespace: ingress ? ingress.ingressNamespace ?? GRAFANA_DEFAULTS.ingressNamespace : undefined,
    rootUrl,
    plugins,
    datasources,
    correlations: props.correlations,
    ini,
    dashboardsFromAllNamespaces: props.dashboardsFromAllNamespaces !== false,
  };
}

/** The grafana.ini settings the construct owns (extraIni may not override them). */
function managedIni(
  props: GrafanaProps,
  resolved: { renderedDatabase: RenderedDatabase; replicas: number; serviceName: string; rootUrl: string | undefined },
): GrafanaIniSections {
  const auth = props.auth ?? {};
  const { rootUrl } = resolved;
  const ini: GrafanaIniSections = {
    analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false, feedback_links_enabled: false },
    users: { allow_sign_up: auth.allowSignUp ?? false },
    'auth.anonymous': auth.anonymousViewer ? { enabled: true, org_role: 'Viewer' } : { enabled: false },
    auth: { disable_login_form: auth.disableLoginForm ?? false },
    security: { disable_gravatar: true, cookie_secure: rootUrl?.startsWith('https://') ?? false },
    database: resolved.renderedDatabase.ini,
  };
  const server: Record<string, string> = {};
  if (props.ingress) server.domain = props.ingress.host;
  if (rootUrl) server.root_url = rootUrl;
  if (Object.keys(server).length > 0) ini.server = server;
  if (resolved.replicas > 1) {
    // Replicas gossip so that each alert notification is sent once.
    ini.unified_alerting = { ha_peers: `${resolved.serviceName}-headless:9094`, ha_listen_address: '${POD_IP}:9094', ha_advertise_address: '${POD_IP}:9094' };
  }
  return ini;
}

function checkAdminSecret(path: string, name: string, secret: GrafanaAdminSecret | undefined): Required<GrafanaAdminSecret> {
  if (typeof secret !== 'object' || secret === null) {
    throw new ValidationError(path, `${name} ${show(secret)} is not a Secret reference; write ${name}: { secretName: "grafana-admin" } (an existing Secret with the admin user and password).`);
  }
  return {
    secretName: checkSecretName(path, `${name}.secretName`, secret.secretName, 'grafana-admin'),
    userKey: checkSecretKey(path, `${name}.userKey`, secret.userKey ?? 'admin-user', 'admin-user'),
    passwordKey: checkSecretKey(path, `${name}.passwordKey`, secret.passwordKey ?? 'admin-password', 'admin-password'),
  };
}

function checkIngress(path: string, ingress: GrafanaIngress): void {
  // No wildcard: the host is also `server.domain` and the root URL Grafana builds its links with.
  checkIngressOptions(path, 'ingress', ingress, { exampleHost: 'grafana.example.com', exampleTlsSecret: 'grafana-tls', wildcardHost: false });
  if (ingress.ingressNamespace !== undefined && (typeof ingress.ingressNamespace !== 'string' || !DNS_LABEL.test(ingress.ingressNamespace))) {
    throw new ValidationError(path, `ingress.ingressNamespace ${show(ingress.ingressNamespace)} is not a namespace name; name the namespace of the ingress controller, e.g. "ingress-nginx".`);
  }
}
