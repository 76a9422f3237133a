import { SizingDefaults } from '../core/sizing';

/** Loki's sizing when neither its props nor the environment say: Monolithic, one replica, 50 GiB. */
export const LOKI_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
  storageGiB: 50,
};
