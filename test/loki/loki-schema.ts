import Ajv, { ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Charts } from '../../lib';
import { SHARED_CHARTS } from '../support/chart-values';

/**
 * The loki chart's values.schema.json compiled with ajv, or undefined (with a notice) when
 * ../shared is absent; in CI a missing schema is a failure.
 */
export function lokiSchemaValidator(): ValidateFunction | undefined {
  const file = join(SHARED_CHARTS, `${Charts.loki.chart}-${Charts.loki.version}`, 'values.schema.json');
  if (!existsSync(file)) {
    if (process.env.CI === 'true') throw new Error(`${file} is missing; CI needs ../shared/charts beside the repository.`);
    // eslint-disable-next-line no-console
    console.warn(`[skip] ${file} not found: schema checks are skipped.`);
    return undefined;
  }
  return new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Loki's own configuration blocks that the chart passes through verbatim (the schema marks them
 * `additionalProperties: true`): their keys are Loki settings, not chart keys, so values.yaml cannot
 * list them. We check them against this list, taken from Loki 3's configuration reference
 * (https://grafana.com/docs/loki/latest/configure/), so a typo still fails.
 */
export const LOKI_CONFIG_KEYS: Record<string, readonly string[]> = {
  'loki.limits_config': [
    'ingestion_rate_mb', 'ingestion_burst_size_mb', 'per_stream_rate_limit', 'per_stream_rate_limit_burst',
    'max_global_streams_per_user', 'reject_old_samples', 'reject_old_samples_max_age', 'max_query_length',
    'max_query_parallelism', 'max_entries_limit_per_query', 'max_query_series', 'query_timeout', 'retention_period',
    'retention_stream', 'allow_structured_metadata', 'volume_enabled', 'max_cache_freshness_per_query', 'split_queries_by_interval',
  ],
  'loki.rulerConfig': ['enable_api', 'storage', 'wal', 'alertmanager_url', 'remote_write'],
  'loki.storage': ['type', 'bucketNames', 's3', 'gcs', 'azure'],
};

/** Unknown-key paths that are in fact Loki settings from {@link LOKI_CONFIG_KEYS}, removed from the list. */
export function withoutLokiConfigKeys(unknown: string[]): string[] {
  return unknown.filter((path) => {
    const block = Object.keys(LOKI_CONFIG_KEYS).find((prefix) => path.startsWith(`${prefix}.`));
    return !(block && LOKI_CONFIG_KEYS[block].includes(path.slice(block.length + 1).split('.')[0]));
  });
}
