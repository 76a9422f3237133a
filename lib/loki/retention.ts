import { Duration, DurationLike, toDuration } from '../core/duration';
import { checkNumberInRange } from '../core/input-checks';
import { ValidationError, show } from '../core/validation-error';
import { LogQLKind, validateLogQLOfKind } from '../core/logql';

/** Retention of the streams that match a selector, overriding the global retention. */
export interface StreamRetention {
  /** Stream selector, e.g. `{namespace="dev"}` or `{app="audit"}`. */
  readonly selector: string;
  /** How long matching streams are kept; whole days, at least 1d. */
  readonly period: DurationLike;
  /** Higher wins when several selectors match a stream. @default 1 */
  readonly priority?: number;
}

const DAY = Duration.days(1);

/**
 * A Loki retention period: at least 24h and a whole number of days, because retention deletes whole
 * index tables and the tsdb index period is 24h (a shorter value keeps logs for a day anyway, and a
 * fraction of a day rounds in surprising ways).
 */
export function validateRetentionPeriod(value: DurationLike, where: string): Duration {
  const period = toDuration(value, where);
  if (period.compareTo(DAY) < 0 || period.totalMilliseconds % DAY.totalMilliseconds !== 0) {
    throw new ValidationError(where, `${show(period.toPrometheus())} is not a whole number of days of at least 1d; Loki deletes by 24h index table, so write e.g. "7d" or "30d".`);
  }
  return period;
}

/** `limits_config.retention_stream` entries, validated. */
export function renderStreamRetention(entries: ReadonlyArray<StreamRetention>, where: string): Record<string, unknown>[] {
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const at = `${where} streamRetention[${index}]`;
    const selector = validateLogQLOfKind(entry?.selector, LogQLKind.STREAM_SELECTOR, `${at} selector`);
    // The loki chart renders limits_config through Helm `tpl`, which would take `{{` for a template action.
    if (selector.includes('{{')) {
      throw new ValidationError(`${at} selector`, `${show(selector)} contains "{{", which the loki chart's Helm tpl would evaluate; write a regex repetition without it (e.g. "[{]{2}" for two braces).`);
    }
    if (seen.has(selector)) throw new ValidationError(at, `selector ${show(selector)} is given twice; keep one entry per selector.`);
    seen.add(selector);
    const period = validateRetentionPeriod(entry.period, `${at} period`);
    const priority = checkNumberInRange(entry.priority ?? 1, at, 'priority', { min: 0 }, { hint: ' (higher wins)' });
    return { selector, priority, period: lokiDuration(period) };
  });
}

/** Loki duration text: whole hours as `720h` (as Loki's docs and the seeds write them), otherwise Prometheus syntax. */
export function lokiDuration(duration: Duration): string {
  return Number.isInteger(duration.toHours()) && !duration.isZero() ? `${duration.toHours()}h` : duration.toPrometheus();
}
