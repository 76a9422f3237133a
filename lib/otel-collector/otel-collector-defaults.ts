import { SizingDefaults } from '../core/sizing';

/** The collector's sizing when neither its props nor the environment say: one replica, no volume. */
export const OTEL_COLLECTOR_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  storageGiB: 0,
};
