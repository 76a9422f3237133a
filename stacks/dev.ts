import { EnvironmentConfig } from '../lib';
import { devAlerting } from './alerting';
import { services } from './services';

/** Development: one replica of everything, short retention, every trace kept, nobody paged. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  clusterName: 'dev-eu-1',
  region: 'eu-west-1',
  // A k3s cluster (k3d for local work): its control plane runs in the k3s server process, so only the
  // API server, kubelets and CoreDNS are scraped (docs/prometheus.md "Platform presets").
  platform: 'k3s',
  retention: { metrics: '3d', logs: '7d', traces: '2d' },
  traceSampling: 1,
  alerting: devAlerting,
  services,
  // No databases, Kafka or Redis run in dev, so their alerts would only be noise.
  rulePacks: { dependencies: false },
  sizing: {
    prometheus: {
      resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
      storageGiB: 10,
    },
    loki: { storageGiB: 10 },
  },
};
