import { ELASTICSEARCH_CA_DIR, ELASTICSEARCH_CA_VOLUME, ELASTICSEARCH_ENV } from './elasticsearch-output';
import { ResolvedLogShipper } from './resolve-log-shipper';

/**
 * fluent-bit chart values from resolved settings, and the `job` of the chart's ServiceMonitor when a
 * Prometheus scrapes the shipper (`LogShipper.scrapedBy`). Every key exists in the pinned chart (checked by the tests).
 */
export function logShipperValues(settings: ResolvedLogShipper, scrapeJob: string | undefined): Record<string, unknown> {
  const { datadogApiKey, pipeline, elasticsearch } = settings;
  const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  // Fluent Bit expands ${NAME} in its config from these; the values stay in the Secrets.
  const env = [
    ...(datadogApiKey ? [secretEnv('DD_API_KEY', datadogApiKey.name, datadogApiKey.key)] : []),
    ...(elasticsearch?.credentials
      ? [
          secretEnv(ELASTICSEARCH_ENV.username, elasticsearch.credentials.secretName, elasticsearch.credentials.usernameKey),
          secretEnv(ELASTICSEARCH_ENV.password, elasticsearch.credentials.secretName, elasticsearch.credentials.passwordKey),
        ]
      : []),
  ];
  const ca = elasticsearch?.ca;
  return {
    kind: 'DaemonSet',
    fullnameOverride: settings.releaseName,
    testFramework: { enabled: false },
    // Reading host logs under /var/log needs root; everything else is locked down.
    podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    resources: settings.resources,
    // Control-plane and tainted nodes have logs too.
    tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
    // Scraped through the chart's ServiceMonitor (port "http", /api/v2/metrics/prometheus), not through
    // prometheus.io annotations: one stable job for LogShipperRules and the dashboards, and the node of each pod.
    serviceMonitor: scrapeJob !== undefined
      ? {
          enabled: true,
          relabelings: [
            { action: 'replace', targetLabel: 'job', replacement: scrapeJob },
            { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
          ],
        }
      : { enabled: false },
    env,
    ...(ca
      ? {
          extraVolumes: [{ name: ELASTICSEARCH_CA_VOLUME, secret: { secretName: ca.secretName, items: [{ key: ca.key, path: ca.key }] } }],
          extraVolumeMounts: [{ name: ELASTICSEARCH_CA_VOLUME, mountPath: ELASTICSEARCH_CA_DIR, readOnly: true }],
        }
      : {}),
    config: {
      service: pipeline.service,
      inputs: pipeline.inputs,
      filters: pipeline.filters,
      outputs: pipeline.outputs,
    },
  };
}
