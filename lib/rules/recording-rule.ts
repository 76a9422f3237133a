import { ValidationError, show } from '../core/validation-error';
import { validateLabelMap, validateMetricName } from './label-names';
import { validatePromQL } from './promql';

/** Properties of a {@link RecordingRule}. */
export interface RecordingRuleProps {
  /** The name of the recorded series, `level:metric:operations` (e.g. `service:http_requests:rate5m`). */
  readonly record: string;
  /** The PromQL expression whose result is stored. Parsed at construction. */
  readonly expr: string;
  /**
   * Static labels added to the recorded series (valid, non-`__` names; no templating).
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/** A Prometheus recording rule: a valid metric name, parseable PromQL, valid label names. */
export class RecordingRule {
  /** The recorded series name. */
  public readonly record: string;
  /** The PromQL expression, verbatim. */
  public readonly expr: string;
  /** Static labels on the recorded series, by name. */
  public readonly labels: Readonly<Record<string, string>>;

  constructor(props: RecordingRuleProps) {
    const record = props?.record;
    const where = `RecordingRule ${show(record)}`;
    if (typeof record !== 'string') {
      throw new ValidationError(where, `record ${show(record)} is missing; name the series "level:metric:operations", e.g. "service:http_requests:rate5m".`);
    }
    this.record = validateMetricName(record, `${where} > record`);
    this.expr = validatePromQL(props.expr, `${where} > expr`);
    this.labels = validateLabelMap(props.labels, `${where} > labels`, { __name__: 'the series name is the `record` prop' });
  }

  /** The Prometheus rule object: `{ record, expr, labels? }`. */
  public toJSON(): Record<string, unknown> {
    return {
      record: this.record,
      expr: this.expr,
      ...(Object.keys(this.labels).length > 0 ? { labels: { ...this.labels } } : {}),
    };
  }
}
