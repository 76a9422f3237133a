import { Duration } from '../core/duration';
import { SizingDefaults } from '../core/sizing';

/** Prometheus's defaults: its sizing, and the intervals and retention the environment shares with it. */
export interface PrometheusDefaults extends SizingDefaults {
  /** The global scrape interval (seed 001 § 2.1); also the evaluation interval unless that is given. */
  readonly scrapeInterval: Duration;
  /** How long raw samples are kept (seed 001 § 1.1). */
  readonly retentionPeriod: Duration;
}

/**
 * Prometheus's defaults when neither its props nor the environment say: one replica, 50 GiB, a 15s
 * scrape interval and 15d of retention.
 */
export const PROMETHEUS_DEFAULTS: PrometheusDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  storageGiB: 50,
  scrapeInterval: Duration.seconds(15),
  retentionPeriod: Duration.days(15),
};
