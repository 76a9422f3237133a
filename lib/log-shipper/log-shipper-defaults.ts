import { SizingDefaults } from '../core/sizing';

/**
 * The log shipper's sizing when its props do not say. A DaemonSet, one pod per node with no volume, so
 * only the resources are a default (the environment does not size it).
 */
export const LOG_SHIPPER_DEFAULTS: Pick<SizingDefaults, 'resources'> = {
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
};
