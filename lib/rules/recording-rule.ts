import { ValidationError, show } from '../core/validation-error';
import { PROMQL, RuleLanguage } from './alert-rule';
import { validateLabelMap, validateMetricName } from './label-names';

/** Properties of a {@link RecordingRule} (and of the recording rules of other query languages). */
export interface RecordingRuleProps {
  /** The name of the recorded series, `level:metric:operations` (e.g. `service:http_requests:rate5m`). */
  readonly record: string;
  /** The expression whose result is stored (PromQL for a {@link RecordingRule}). Parsed at construction. */
  readonly expr: string;
  /**
   * Static labels added to the recorded series (valid, non-`__` names; no templating).
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A recording rule in a {@link RuleLanguage}: a valid metric name, an expression the language's parser
 * accepts, valid label names. {@link RecordingRule} is the PromQL one; Loki's `LogRecordingRule` the
 * LogQL one.
 */
export class RecordingRuleBase<L extends string = string> {
  /** The query language of {@link expr}. */
  public readonly language: RuleLanguage<L>;
  /** The recorded series name. */
  public readonly record: string;
  /** The expression, verbatim. */
  public readonly expr: string;
  /** Static labels on the recorded series, by name. */
  public readonly labels: Readonly<Record<string, string>>;

  protected constructor(props: RecordingRuleProps, language: RuleLanguage<L>) {
    const record = props?.record;
    const where = `${language.kinds.record} ${show(record)}`;
    if (typeof record !== 'string') {
      throw new ValidationError(where, `record ${show(record)} is missing; name the series "level:metric:operations", e.g. ${show(language.recordExample)}.`);
    }
    this.language = language;
    this.record = validateMetricName(record, `${where} > record`);
    this.expr = language.validate(props.expr, `${where} > expr`);
    this.labels = validateLabelMap(props.labels, `${where} > labels`, { __name__: 'the series name is the `record` prop' });
  }

  /** The rule object as the evaluator reads it: `{ record, expr, labels? }`. */
  public toJSON(): Record<string, unknown> {
    return {
      record: this.record,
      expr: this.expr,
      ...(Object.keys(this.labels).length > 0 ? { labels: { ...this.labels } } : {}),
    };
  }
}

/** A Prometheus recording rule: the {@link RecordingRuleBase} model with a PromQL expression. */
export class RecordingRule extends RecordingRuleBase<'PromQL'> {
  constructor(props: RecordingRuleProps) {
    super(props, PROMQL);
  }
}
