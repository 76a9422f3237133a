import { EnvironmentConfig } from '../lib';
import { stagingAlerting } from './alerting';
import { services } from './services';

/** Staging: prod's shape at a smaller size, a week of metrics, a quarter of traces, one on-call pager. */
export const staging: EnvironmentConfig = {
  name: 'staging',
  clusterName: 'staging-eu-1',
  region: 'eu-west-1',
  // EKS like prod: the managed control plane (controller manager, scheduler, etcd) is not scraped, nor kube-proxy.
  platform: 'eks',
  retention: { metrics: '7d', logs: '14d', traces: '3d' },
  traceSampling: 0.25,
  alerting: stagingAlerting,
  services,
  sizing: {
    prometheus: { storageGiB: 50 },
    alertmanager: { replicas: 2 },
  },
};
