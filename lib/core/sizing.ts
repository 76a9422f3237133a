import { ResourceRequirements } from './resources';

/**
 * A component's own sizing defaults (`PROMETHEUS_DEFAULTS`, `ALERTMANAGER_DEFAULTS`, …), written once in
 * the component's folder: the construct falls back to them, and the environment's `DEFAULT_SIZING` is
 * built from them.
 */
export interface SizingDefaults {
  /** Number of replicas. */
  readonly replicas: number;
  /** Requests and limits of the main container. */
  readonly resources: ResourceRequirements;
  /** Persistent volume size per replica, in GiB; 0 for none. */
  readonly storageGiB: number;
}
