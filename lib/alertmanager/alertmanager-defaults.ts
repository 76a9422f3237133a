import { SizingDefaults } from '../core/sizing';

/** Alertmanager's sizing when neither its props nor the environment say: one replica, 2 GiB. */
export const ALERTMANAGER_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  storageGiB: 2,
};
