import { DatadogResources } from './datadog-resources';

/** The Datadog agent's sizing defaults (see {@link DATADOG_DEFAULTS}). */
export interface DatadogDefaults {
  /** Cluster Agent replicas. */
  readonly clusterAgentReplicas: number;
  /** Requests and limits of every container: requests for a small node, limits with headroom. */
  readonly resources: Required<DatadogResources>;
}

/** The Datadog agent's sizing when its props do not say: one Cluster Agent, and each container's footprint. */
export const DATADOG_DEFAULTS: DatadogDefaults = {
  clusterAgentReplicas: 1,
  resources: {
    agent: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    traceAgent: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    processAgent: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    systemProbe: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    securityAgent: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    initContainers: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    clusterAgent: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  },
};
