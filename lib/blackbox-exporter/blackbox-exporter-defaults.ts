import { SizingDefaults } from '../core/sizing';

/** The blackbox exporter's sizing when its props do not say: one replica, small requests and limits, no volume. */
export const BLACKBOX_EXPORTER_DEFAULTS: SizingDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  storageGiB: 0,
};
