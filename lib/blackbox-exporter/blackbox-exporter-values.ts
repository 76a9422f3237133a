import { HARDENED_CONTAINER, hardenedContainerWith, nonRootPod } from '../core/security-context';
import { ResolvedBlackboxExporter } from './resolve-blackbox-exporter';

/** The user and group of the exporter (the chart's default, nobody's files). */
const EXPORTER_UID = 1000;

/** Values of the prometheus-blackbox-exporter chart from resolved settings. Every key exists in the pinned chart (checked by the tests). */
export function blackboxExporterValues(settings: ResolvedBlackboxExporter, scrapeJob?: string): Record<string, unknown> {
  const { replicas } = settings;
  return {
    fullnameOverride: settings.serviceName,
    replicas,
    // The exporter's own metrics (BlackboxExporter.scrapedBy), under the stack's job convention.
    serviceMonitor: {
      selfMonitor: scrapeJob !== undefined
        ? { enabled: true, port: 'http', additionalRelabeling: [{ action: 'replace', targetLabel: 'job', replacement: scrapeJob }] }
        : { enabled: false },
    },
    config: {
      // Helm merges maps with the chart's defaults: null removes its http_2xx unless it is one of ours,
      // so the exporter runs exactly the modules the construct knows.
      modules: { ...(settings.modules.has('http_2xx') ? {} : { http_2xx: null }), ...settings.moduleConfig },
    },
    resources: settings.resources,
    podDisruptionBudget: replicas > 1 ? { maxUnavailable: 1 } : {},
    podSecurityContext: {
      ...nonRootPod(EXPORTER_UID),
      // Unprivileged ICMP sockets (no NET_RAW); a safe sysctl, allowed by the restricted Pod Security level.
      ...(settings.icmp ? { sysctls: [{ name: 'net.ipv4.ping_group_range', value: '0 2147483647' }] } : {}),
    },
    // The chart lists a securityContext default; only its keys are set here, seccomp comes from the pod.
    securityContext: {
      runAsUser: EXPORTER_UID,
      runAsGroup: EXPORTER_UID,
      runAsNonRoot: true,
      ...hardenedContainerWith('allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities'),
      capabilities: { drop: [...HARDENED_CONTAINER.capabilities.drop] },
    },
  };
}
