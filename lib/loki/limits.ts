import { Duration, DurationLike, toDuration } from '../core/duration';
import { checkNumberInRange } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { lokiDuration } from './retention';

/** Per-tenant ingestion and query limits (`limits_config`). Every field has a default. */
export interface LokiLimits {
  /** Ingestion rate per tenant, MB/s. @default 10 (seed 000) */
  readonly ingestionRateMB?: number;
  /** Ingestion burst per tenant, MB. @default 20 (seed 000) */
  readonly ingestionBurstSizeMB?: number;
  /** Rate per stream, MB/s (a noisy pod cannot starve the others). @default 3 */
  readonly perStreamRateLimitMB?: number;
  /** Burst per stream, MB. @default 15 */
  readonly perStreamRateLimitBurstMB?: number;
  /** Active streams per tenant across the cluster (cardinality guard). @default 10000 */
  readonly maxStreamsPerUser?: number;
  /** Lines older than this are refused (they would open old chunks). @default 168h (seed 000) */
  readonly rejectOldSamplesMaxAge?: DurationLike;
  /** Longest time range one query may span. @default 721h (30 days and one hour) */
  readonly maxQueryLength?: DurationLike;
  /** Parallel sub-queries per query. @default 32 */
  readonly maxQueryParallelism?: number;
  /** Log lines one query may return. @default 5000 */
  readonly maxEntriesLimitPerQuery?: number;
  /** Series one metric query may return. @default 500 */
  readonly maxQuerySeries?: number;
  /** Longest a query may run. @default 5m */
  readonly queryTimeout?: DurationLike;
}

/** Renders validated `limits_config` entries (without retention, which the construct adds). */
export function renderLimits(limits: LokiLimits | undefined, where: string): Record<string, unknown> {
  const l = limits ?? {};
  const rateMB = positive(l.ingestionRateMB ?? 10, 'ingestionRateMB', where);
  const burstMB = positive(l.ingestionBurstSizeMB ?? 20, 'ingestionBurstSizeMB', where);
  if (burstMB < rateMB) throw new ValidationError(where, `limits.ingestionBurstSizeMB ${show(burstMB)} is below ingestionRateMB ${show(rateMB)}; the burst must be at least the rate (the seeds use 10 and 20).`);
  const streamMB = positive(l.perStreamRateLimitMB ?? 3, 'perStreamRateLimitMB', where);
  const streamBurstMB = positive(l.perStreamRateLimitBurstMB ?? 15, 'perStreamRateLimitBurstMB', where);
  if (streamBurstMB < streamMB) throw new ValidationError(where, `limits.perStreamRateLimitBurstMB ${show(streamBurstMB)} is below perStreamRateLimitMB ${show(streamMB)}; the burst must be at least the rate.`);
  if (streamMB > rateMB) throw new ValidationError(where, `limits.perStreamRateLimitMB ${show(streamMB)} exceeds the tenant's ingestionRateMB ${show(rateMB)}; one stream can never use more than its tenant, lower it.`);
  const maxAge = duration(l.rejectOldSamplesMaxAge ?? '168h', 'rejectOldSamplesMaxAge', where);
  const maxQueryLength = duration(l.maxQueryLength ?? '721h', 'maxQueryLength', where);
  const queryTimeout = duration(l.queryTimeout ?? '5m', 'queryTimeout', where);
  return {
    ingestion_rate_mb: rateMB,
    ingestion_burst_size_mb: burstMB,
    per_stream_rate_limit: `${streamMB}MB`,
    per_stream_rate_limit_burst: `${streamBurstMB}MB`,
    max_global_streams_per_user: integer(l.maxStreamsPerUser ?? 10000, 'maxStreamsPerUser', where),
    reject_old_samples: true,
    reject_old_samples_max_age: lokiDuration(maxAge),
    max_query_length: lokiDuration(maxQueryLength),
    max_query_parallelism: integer(l.maxQueryParallelism ?? 32, 'maxQueryParallelism', where),
    max_entries_limit_per_query: integer(l.maxEntriesLimitPerQuery ?? 5000, 'maxEntriesLimitPerQuery', where),
    max_query_series: integer(l.maxQuerySeries ?? 500, 'maxQuerySeries', where),
    query_timeout: queryTimeout.toPrometheus(),
  };
}

/** A rate or size above zero (Number.MIN_VALUE: the smallest number above 0). */
function positive(value: number, name: string, where: string): number {
  return checkNumberInRange(value, where, `limits.${name}`, { min: Number.MIN_VALUE, integer: false }, { requirement: 'must be a positive number' });
}

function integer(value: number, name: string, where: string): number {
  return checkNumberInRange(value, where, `limits.${name}`, { min: 1 });
}

function duration(value: DurationLike, name: string, where: string): Duration {
  const parsed = toDuration(value, `${where} limits.${name}`);
  if (parsed.toHours() < 1 && name !== 'queryTimeout') {
    throw new ValidationError(where, `limits.${name} ${show(parsed.toPrometheus())} is shorter than 1h; give e.g. "168h".`);
  }
  if (parsed.isZero()) throw new ValidationError(where, `limits.${name} "0s" must be longer than zero.`);
  return parsed;
}
