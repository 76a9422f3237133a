import { ValidationError, show } from '../core/validation-error';
import { validateLabelMap, validateMetricName } from '../rules/label-names';
import { LogQLKind, validateLogQLOfKind } from './logql';

/** Properties of a {@link LogRecordingRule}. */
export interface LogRecordingRuleProps {
  /** Name of the recorded series, `level:metric:operations` (e.g. `app:log_errors:rate5m`). */
  readonly record: string;
  /** A LogQL metric query, e.g. `sum by (app) (rate({level="error"} [5m]))`. Parsed at construction. */
  readonly expr: string;
  /** Static labels added to the recorded series. @default none */
  readonly labels?: Record<string, string>;
}

/**
 * A recording rule for Loki's ruler. Loki keeps no series itself: the ruler remote-writes the result
 * to Prometheus, so a Loki with recording rules needs a remote-write target (see `LokiProps`).
 */
export class LogRecordingRule {
  /** Name of the recorded series. */
  public readonly record: string;
  /** The LogQL metric query. */
  public readonly expr: string;
  /** Static labels added to the recorded series (empty when none). */
  public readonly labels: Readonly<Record<string, string>>;

  constructor(props: LogRecordingRuleProps) {
    const where = `LogRecordingRule ${show(props?.record)}`;
    if (typeof props?.record !== 'string') {
      throw new ValidationError(where, `record ${show(props?.record)} is missing; name the series "level:metric:operations", e.g. "app:log_errors:rate5m".`);
    }
    this.record = validateMetricName(props.record, `${where} > record`);
    this.expr = validateLogQLOfKind(props.expr, LogQLKind.METRIC, `${where} > expr`);
    this.labels = validateLabelMap(props.labels, `${where} > labels`, { __name__: 'the series name is the `record` prop' });
  }

  /** The ruler's rule object: `{ record, expr, labels? }`. */
  public toJSON(): Record<string, unknown> {
    return { record: this.record, expr: this.expr, ...(Object.keys(this.labels).length > 0 ? { labels: { ...this.labels } } : {}) };
  }
}
