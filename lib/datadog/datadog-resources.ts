import { ResourceRequirements } from '../core/resources';

/** Requests and limits of each Datadog container; every container gets both. */
export interface DatadogResources {
  /** The core agent of the node DaemonSet. @default DATADOG_DEFAULTS.resources.agent */
  readonly agent?: ResourceRequirements;
  /** The trace agent (APM) sidecar. @default DATADOG_DEFAULTS.resources.traceAgent */
  readonly traceAgent?: ResourceRequirements;
  /** The process agent sidecar. @default DATADOG_DEFAULTS.resources.processAgent */
  readonly processAgent?: ResourceRequirements;
  /** The system-probe sidecar (NPM, USM, CWS). @default DATADOG_DEFAULTS.resources.systemProbe */
  readonly systemProbe?: ResourceRequirements;
  /** The security agent sidecar (CSPM, CWS). @default DATADOG_DEFAULTS.resources.securityAgent */
  readonly securityAgent?: ResourceRequirements;
  /** Init containers of the DaemonSet and the Cluster Agent. @default DATADOG_DEFAULTS.resources.initContainers */
  readonly initContainers?: ResourceRequirements;
  /** Each Cluster Agent replica. @default DATADOG_DEFAULTS.resources.clusterAgent */
  readonly clusterAgent?: ResourceRequirements;
}
