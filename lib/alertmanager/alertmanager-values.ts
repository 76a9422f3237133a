import { ResolvedAlertmanager } from './resolve-alertmanager';

/**
 * The chart's own ServiceMonitor (`serviceMonitor.*`), scraping the web port `http` of the pods under the
 * stable job `<namespace>/<serviceName>` (the convention of the stack's self-scrapes; the operator would
 * name it after the Service, which a Probe may be named like too). The chart selects its Services by their
 * common labels, which the headless Service (the gossip peers' DNS) carries too, with the same `http`
 * port: without the drop below every replica would be scraped twice.
 */
function alertmanagerServiceMonitorValues(serviceName: string, job: string): Record<string, unknown> {
  return {
    enabled: true,
    relabelings: [
      { sourceLabels: ['__meta_kubernetes_service_name'], regex: `${serviceName}-headless`, action: 'drop' },
      { action: 'replace', targetLabel: 'job', replacement: job },
    ],
  };
}

/** The `job` label of Alertmanager's own metrics: `<namespace>/<serviceName>`. */
export function alertmanagerJob(settings: ResolvedAlertmanager): string {
  return `${settings.namespace.namespaceName}/${settings.serviceName}`;
}

/**
 * Values of the alertmanager chart from resolved settings; `scraped` turns the chart's ServiceMonitor on.
 * Every key exists in the pinned chart (checked by the tests).
 */
export function alertmanagerValues(settings: ResolvedAlertmanager, scraped = false): Record<string, unknown> {
  const { config, storageGiB, replicas } = settings;
  return {
    fullnameOverride: settings.serviceName,
    replicaCount: replicas,
    ...(settings.externalUrl ? { baseURL: settings.externalUrl } : {}),
    config: { enabled: true, ...config.toJSON() },
    templates: config.templates(),
    extraSecretMounts: config.secretVolumes().map((volume, index) => ({
      name: `receiver-secret-${index}`,
      secretName: volume.secretName,
      mountPath: volume.mountPath,
      subPath: '',
      readOnly: true,
    })),
    persistence: {
      enabled: storageGiB > 0,
      size: `${storageGiB}Gi`,
      ...(settings.storageClassName ? { storageClass: settings.storageClassName } : {}),
    },
    resources: settings.resources,
    podAntiAffinity: settings.podAntiAffinity,
    podDisruptionBudget: replicas > 1 ? { maxUnavailable: 1 } : {},
    podSecurityContext: { fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      runAsUser: 65534,
      runAsGroup: 65534,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    ...(scraped ? { serviceMonitor: alertmanagerServiceMonitorValues(settings.serviceName, alertmanagerJob(settings)) } : {}),
  };
}
