import { SizingDefaults } from '../core/sizing';

/** Grafana's defaults: its sizing, and the namespace its Ingress's traffic comes from. */
export interface GrafanaDefaults extends SizingDefaults {
  /** Namespace of the ingress controller when the ingress does not name one. */
  readonly ingressNamespace: string;
}

/**
 * Grafana's defaults when neither its props nor the environment say: one replica, 10 GiB for SQLite
 * (no volume with an external database), the ingress controller in `ingress-nginx`.
 */
export const GRAFANA_DEFAULTS: GrafanaDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  storageGiB: 10,
  ingressNamespace: 'ingress-nginx',
};
