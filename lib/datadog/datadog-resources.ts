import { ResourceRequirements, validateResources } from '../core/resources';

/** Requests and limits of each Datadog container; every container gets both. */
export interface DatadogResources {
  /** The core agent of the node DaemonSet. @default DEFAULT_DATADOG_RESOURCES.agent */
  readonly agent?: ResourceRequirements;
  /** The trace agent (APM) sidecar. @default DEFAULT_DATADOG_RESOURCES.traceAgent */
  readonly traceAgent?: ResourceRequirements;
  /** The process agent sidecar. @default DEFAULT_DATADOG_RESOURCES.processAgent */
  readonly processAgent?: ResourceRequirements;
  /** The system-probe sidecar (NPM, USM, CWS). @default DEFAULT_DATADOG_RESOURCES.systemProbe */
  readonly systemProbe?: ResourceRequirements;
  /** The security agent sidecar (CSPM, CWS). @default DEFAULT_DATADOG_RESOURCES.securityAgent */
  readonly securityAgent?: ResourceRequirements;
  /** Init containers of the DaemonSet and the Cluster Agent. @default DEFAULT_DATADOG_RESOURCES.initContainers */
  readonly initContainers?: ResourceRequirements;
  /** Each Cluster Agent replica. @default DEFAULT_DATADOG_RESOURCES.clusterAgent */
  readonly clusterAgent?: ResourceRequirements;
}

/** Per-node and Cluster Agent footprint when nothing is said: requests for a small node, limits with headroom. */
export const DEFAULT_DATADOG_RESOURCES: Required<DatadogResources> = {
  agent: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  traceAgent: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  processAgent: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  systemProbe: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  securityAgent: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  initContainers: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  clusterAgent: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
};

/** Fills in defaults and checks every container's requests against its limits. */
export function resolveDatadogResources(resources: DatadogResources | undefined, where: string): Required<DatadogResources> {
  const out: Record<string, ResourceRequirements> = {};
  for (const name of Object.keys(DEFAULT_DATADOG_RESOURCES) as Array<keyof DatadogResources>) {
    out[name] = validateResources(resources?.[name] ?? DEFAULT_DATADOG_RESOURCES[name], `${where} resources.${name}`);
  }
  return out as Required<DatadogResources>;
}
