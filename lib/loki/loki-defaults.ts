import { Duration } from '../core/duration';
import { ResourceRequirements } from '../core/resources';
import { SizingDefaults } from '../core/sizing';

/** The defaults that depend on Loki's deployment mode: {@link LOKI_DEFAULTS} (Monolithic) or {@link LOKI_DISTRIBUTED_DEFAULTS}. */
export interface LokiModeDefaults {
  /** Replicas of the single binary (Monolithic) or of each stateless component (Distributed). */
  readonly replicas: number;
  /** Persistent volume per pod in GiB: the single binary's data (Monolithic) or each ingester's WAL (Distributed). */
  readonly storageGiB: number;
  /** Gateway (nginx) replicas. */
  readonly gatewayReplicas: number;
  /** Memory of the chunks cache (memcached) in MiB; 0 for no cache. */
  readonly chunksCacheMemoryMiB: number;
  /** Memory of the query results cache (memcached) in MiB; 0 for no cache. */
  readonly resultsCacheMemoryMiB: number;
}

/** Loki's defaults: its sizing (Monolithic), and those of its settings that no mode changes. */
export interface LokiDefaults extends SizingDefaults, LokiModeDefaults {
  /** How long logs are kept, then deleted by the compactor (seed 001 § 1.1). */
  readonly retentionPeriod: Duration;
  /** Ingesters (Distributed only). */
  readonly ingesterReplicas: number;
  /** Requests and limits of the gateway. */
  readonly gatewayResources: ResourceRequirements;
  /** First day of the v13/tsdb schema, `YYYY-MM-DD`. */
  readonly schemaFrom: string;
}

/**
 * Loki's defaults when neither its props nor the environment say: Monolithic, one replica, 50 GiB, one
 * gateway, no caches, 30d of retention.
 */
export const LOKI_DEFAULTS: LokiDefaults = {
  replicas: 1,
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
  storageGiB: 50,
  gatewayReplicas: 1,
  chunksCacheMemoryMiB: 0,
  resultsCacheMemoryMiB: 0,
  retentionPeriod: Duration.days(30),
  ingesterReplicas: 3,
  gatewayResources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  schemaFrom: '2024-04-01',
};

/**
 * Loki's defaults in Distributed mode, where they differ from Monolithic's: two replicas of each
 * stateless component and of the gateway, 10 GiB of WAL per ingester, both caches on.
 */
export const LOKI_DISTRIBUTED_DEFAULTS: LokiModeDefaults = {
  replicas: 2,
  storageGiB: 10,
  gatewayReplicas: 2,
  chunksCacheMemoryMiB: 2048,
  resultsCacheMemoryMiB: 512,
};
