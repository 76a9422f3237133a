import { SizingDefaults } from '../core/sizing';

/** Grafana's sizing when neither its props nor the environment say: one replica, 10 GiB for SQLite. */
export const GRAFANA_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  storageGiB: 10,
};
