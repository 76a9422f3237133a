import { SizingDefaults } from '../core/sizing';

/** Jaeger's sizing when neither its props nor the environment say: one replica, no volume of its own. */
export const JAEGER_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
  storageGiB: 0,
};
