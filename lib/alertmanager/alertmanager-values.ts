import { ResolvedAlertmanager } from './resolve-alertmanager';

/** Values of the alertmanager chart from resolved settings. Every key exists in the pinned chart (checked by the tests). */
export function alertmanagerValues(settings: ResolvedAlertmanager): Record<string, unknown> {
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
  };
}
