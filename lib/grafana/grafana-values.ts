import { IGrafanaDatasource } from '../core/grafana-datasource';
import { ingressChartValues, ingressTls } from '../core/ingress';
import { ResourceRequirements } from '../core/resources';
import { HARDENED_CONTAINER } from '../core/security-context';
import { datasourceSecretEnv, renderDatasources, restoreDatasourceSecretReferences } from './grafana-datasources';
import { escapeDatasourceValue, escapeHelmTpl } from './grafana-escape';
import { GrafanaIniSections } from './grafana-ini';
import { ResolvedGrafana } from './resolve-grafana';

/** Grafana's user and group in its image. */
const GRAFANA_UID = 472;
/** Requests and limits of the dashboards sidecar (k8s-sidecar). */
const SIDECAR_RESOURCES: ResourceRequirements = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } };

/**
 * The datasource provisioning file as Grafana must finally read it (before any escaping): the given
 * datasources with the correlations between them; `path` names the construct in errors.
 */
export function grafanaDatasourceProvisioning(settings: ResolvedGrafana, datasources: readonly IGrafanaDatasource[], path: string): Record<string, unknown> {
  return {
    apiVersion: 1,
    // Datasources removed from the list are removed from Grafana too.
    prune: true,
    datasources: renderDatasources(datasources.map((d) => d.grafanaDatasource()), path, settings.correlations),
  };
}

/**
 * The chart's own ServiceMonitor (`serviceMonitor.*`): `/metrics` of the web port (`service`) of the main
 * Service, under the stable job `<namespace>/<serviceName>` (the convention of the stack's self-scrapes;
 * without the relabeling the operator would name it after the Service, `grafana`, the name a Probe of
 * Grafana's URL is likely to have too). The headless Service of several replicas has only the gossip port,
 * so it adds no target.
 */
function grafanaServiceMonitorValues(job: string): Record<string, unknown> {
  return { enabled: true, path: '/metrics', scheme: 'http', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: job }] };
}

/** The `job` label of Grafana's own metrics: `<namespace>/<serviceName>`. */
export function grafanaJob(settings: ResolvedGrafana): string {
  return `${settings.namespace.namespaceName}/${settings.serviceName}`;
}

/**
 * Values of the grafana chart from resolved settings and the datasources (those of the props and any
 * added later with `addDatasource`); `scraped` turns the chart's ServiceMonitor on. Every key exists in the
 * pinned chart (checked by the tests).
 */
export function grafanaValues(settings: ResolvedGrafana, datasources: readonly IGrafanaDatasource[], path: string, scraped = false): Record<string, unknown> {
  const { replicas, storageGiB, renderedDatabase: database, ingress, serviceName, releaseName } = settings;
  const descriptors = datasources.map((d) => d.grafanaDatasource());
  // Datasource credentials (basic auth, CA, secret headers) from existing Secrets, named by $__env{…} in the provisioning file.
  const envValueFrom: Record<string, unknown> = { ...datasourceSecretEnv(descriptors) };
  if (database.passwordSecret) {
    // Grafana reads GF_<SECTION>_<KEY> over grafana.ini: the password never appears in values.
    envValueFrom.GF_DATABASE_PASSWORD = { secretKeyRef: { name: database.passwordSecret.name, key: database.passwordSecret.key } };
  }
  if (replicas > 1) envValueFrom.POD_IP = { fieldRef: { fieldPath: 'status.podIP' } };
  return {
    replicas,
    // A ReadWriteOnce volume cannot move to a new pod before the old one is gone.
    deploymentStrategy: { type: storageGiB > 0 ? 'Recreate' : 'RollingUpdate' },
    ...(replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 }, headlessService: true } : {}),
    admin: {
      existingSecret: settings.adminSecret.secretName,
      userKey: settings.adminSecret.userKey,
      passwordKey: settings.adminSecret.passwordKey,
    },
    envValueFrom,
    persistence: storageGiB > 0
      ? { enabled: true, type: 'pvc', size: `${storageGiB}Gi`, accessModes: ['ReadWriteOnce'], ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}) }
      : { enabled: false },
    // fsGroup gives the volume to Grafana's user; the chart's root chown init container is not needed.
    initChownData: { enabled: false },
    securityContext: { runAsNonRoot: true, runAsUser: GRAFANA_UID, runAsGroup: GRAFANA_UID, fsGroup: GRAFANA_UID },
    // The chart's Helm test pod is never needed by a Terraform-managed release.
    testFramework: { enabled: false },
    // Not readOnlyRootFilesystem: plugin installation and the search index write outside the volume.
    containerSecurityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    resources: settings.resources,
    plugins: [...settings.plugins],
    ingress: ingress
      ? { ...ingressChartValues(ingress), tls: ingressTls(ingress) }
      : { enabled: false },
    datasources: { 'datasources.yaml': restoreDatasourceSecretReferences(escapeDatasourceValue(grafanaDatasourceProvisioning(settings, datasources, path)), descriptors) },
    'grafana.ini': escapeIni(settings.ini),
    sidecar: {
      resources: SIDECAR_RESOURCES,
      // k8s-sidecar writes only to the shared dashboards volume.
      securityContext: { ...HARDENED_CONTAINER },
      dashboards: {
        enabled: true,
        label: 'grafana_dashboard',
        labelValue: '1',
        searchNamespace: settings.dashboardsFromAllNamespaces ? 'ALL' : null,
        folderAnnotation: 'grafana_folder',
        provider: { foldersFromFilesStructure: true, allowUiUpdates: false, disableDelete: false },
        // The dashboards are ConfigMaps; the chart's default (both) would also watch Secrets.
        resource: 'configmap',
      },
    },
    // The chart's ClusterRole grants configmaps AND secrets to any sidecar: bind ours instead, ConfigMaps only
    // (same name as the chart's; docs/security.md).
    rbac: { useExistingClusterRole: `${serviceName}-clusterrole` },
    extraObjects: [{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${serviceName}-clusterrole`, labels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': releaseName } },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }],
    }],
    ...(scraped ? { serviceMonitor: grafanaServiceMonitorValues(grafanaJob(settings)) } : {}),
  };
}

/** grafana.ini strings go through Helm `tpl` in the chart (but are meant to be env-expanded by Grafana). */
function escapeIni(ini: GrafanaIniSections): GrafanaIniSections {
  return Object.fromEntries(Object.entries(ini).map(([section, entries]) => [
    section,
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, typeof value === 'string' ? escapeHelmTpl(value) : value])),
  ]));
}
