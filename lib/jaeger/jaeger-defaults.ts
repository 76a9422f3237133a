import { SizingDefaults } from '../core/sizing';

/** Jaeger's defaults beyond sizing. */
export interface JaegerDefaults extends SizingDefaults {
  /** How long traces are kept (seed 001 § 1.1). */
  readonly retention: string;
  /** Fraction of traces the default sampling strategy keeps (seed 001 § 1.1: 10 %). */
  readonly samplingProbability: number;
}

/** Jaeger's defaults when neither its props nor the environment say: one replica, no volume of its own, 7 days, 10 %. */
export const JAEGER_DEFAULTS: JaegerDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
  storageGiB: 0,
  retention: '7d',
  samplingProbability: 0.1,
};
