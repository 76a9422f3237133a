import { ServiceOverviewProps } from '../lib';

/** The services of the seeds (002 § 6.1) that every environment watches with a golden-signals dashboard. */
export const services: readonly ServiceOverviewProps[] = [
  { service: 'api-gateway', namespace: 'mindweave-services' },
  { service: 'usage-tracker', namespace: 'mindweave-services' },
];
