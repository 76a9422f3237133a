import { FLUENT_BIT_HTTP_PORT } from './fluent-bit-pipeline';
import { ResolvedLogShipper } from './resolve-log-shipper';

/** fluent-bit chart values from resolved settings. Every key exists in the pinned chart (checked by the tests). */
export function logShipperValues(settings: ResolvedLogShipper): Record<string, unknown> {
  const { datadogApiKey, pipeline } = settings;
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
    podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(FLUENT_BIT_HTTP_PORT), 'prometheus.io/path': '/api/v2/metrics/prometheus' },
    env: datadogApiKey ? [{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: datadogApiKey.name, key: datadogApiKey.key } } }] : [],
    config: {
      service: pipeline.service,
      inputs: pipeline.inputs,
      filters: pipeline.filters,
      outputs: pipeline.outputs,
    },
  };
}
