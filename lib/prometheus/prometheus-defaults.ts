import { SizingDefaults } from '../core/sizing';

/** Prometheus's sizing when neither its props nor the environment say: one replica, 50 GiB. */
export const PROMETHEUS_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  storageGiB: 50,
};
