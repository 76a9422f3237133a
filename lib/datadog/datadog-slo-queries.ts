import { ValidationError, show } from '../core/validation-error';
import { datadogTag } from './datadog-tags';

// Datadog metric names: start with a letter, ASCII letters, digits, '_' and '.', at most 200 characters
// (https://docs.datadoghq.com/metrics/custom_metrics/#naming-custom-metrics).
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,199}$/;
const AGGREGATIONS = ['sum', 'avg', 'min', 'max'] as const;

/** Props of {@link DatadogMetricQuery.count}. */
export interface DatadogCountQueryProps {
  /** The count (or rate) metric, e.g. `trace.http.request.hits`. */
  readonly metric: string;
  /**
   * Tag filters, e.g. `{ service: 'api', env: 'prod' }`; rendered sorted as `{env:prod,service:api}`.
   * @default all series (`{*}`)
   */
  readonly tags?: Record<string, string>;
  /** Space aggregation. @default 'sum' */
  readonly aggregation?: (typeof AGGREGATIONS)[number];
}

/**
 * A Datadog metric query counting events, for metric-based SLOs. PromQL cannot be translated to
 * Datadog queries in general (different metric names, functions and semantics), so each SLO sent
 * to Datadog carries its own Datadog queries.
 */
export class DatadogMetricQuery {
  /** `sum:<metric>{<tags>}.as_count()`: events counted over the SLO's window. */
  public static count(props: DatadogCountQueryProps): DatadogMetricQuery {
    const where = 'DatadogMetricQuery.count';
    if (typeof props?.metric !== 'string' || !METRIC_NAME.test(props.metric)) {
      throw new ValidationError(`${where} > metric`, `${show(props?.metric)} is not a Datadog metric name; start with a letter and use letters, digits, '_' and '.', e.g. "trace.http.request.hits".`);
    }
    const aggregation = props.aggregation ?? 'sum';
    if (!AGGREGATIONS.includes(aggregation)) {
      throw new ValidationError(`${where} > aggregation`, `${show(aggregation)} is not one of ${AGGREGATIONS.join(', ')}.`);
    }
    const tags = props.tags ?? {};
    const scope = Object.keys(tags).length === 0 ? '*' : Object.keys(tags).sort().map((key) => datadogTag(key, tags[key], `${where} > tags`)).join(',');
    return new DatadogMetricQuery(`${aggregation}:${props.metric}{${scope}}.as_count()`);
  }

  /**
   * A query written by hand, e.g. `sum:requests{service:api,!status:5xx}.as_count()`. Checked for
   * balanced brackets and Terraform template characters; Datadog validates the rest at apply.
   */
  public static raw(query: string): DatadogMetricQuery {
    return new DatadogMetricQuery(checkRawQuery(query, 'DatadogMetricQuery.raw'));
  }

  private constructor(
    /** The query text. */
    public readonly query: string,
  ) {}

  /** The query text. */
  public toString(): string {
    return this.query;
  }
}

/** The numerator (good events) and denominator (all events) of a Datadog metric-based SLO. */
export class DatadogSloQueries {
  /** Good = total − bad: the usual shape when errors are counted (5xx, failed jobs). */
  public static fromCounts(props: { readonly total: DatadogMetricQuery; readonly bad: DatadogMetricQuery }): DatadogSloQueries {
    checkQuery(props?.total, 'DatadogSloQueries.fromCounts > total');
    checkQuery(props.bad, 'DatadogSloQueries.fromCounts > bad');
    return new DatadogSloQueries(`${props.total.query} - ${props.bad.query}`, props.total.query);
  }

  /** Good and total events counted separately. */
  public static goodAndTotal(props: { readonly good: DatadogMetricQuery; readonly total: DatadogMetricQuery }): DatadogSloQueries {
    checkQuery(props?.good, 'DatadogSloQueries.goodAndTotal > good');
    checkQuery(props.total, 'DatadogSloQueries.goodAndTotal > total');
    return new DatadogSloQueries(props.good.query, props.total.query);
  }

  private constructor(
    /** Good events (Datadog's `numerator`). */
    public readonly numerator: string,
    /** All events (Datadog's `denominator`). */
    public readonly denominator: string,
  ) {}
}

function checkQuery(query: unknown, where: string): void {
  if (!(query instanceof DatadogMetricQuery)) {
    throw new ValidationError(where, `${show(query)} is not a DatadogMetricQuery; build it with DatadogMetricQuery.count({...}) or DatadogMetricQuery.raw("...").`);
  }
}

function checkRawQuery(query: unknown, where: string): string {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new ValidationError(where, `${show(query)} is empty; write a Datadog metric query, e.g. "sum:trace.http.request.hits{service:api}.as_count()".`);
  }
  if (/\$\{|%\{/.test(query)) {
    throw new ValidationError(where, `${show(query)} contains "\${" or "%{", which Terraform would read as a template; Datadog queries do not use them, remove them.`);
  }
  if (/[\r\n]/.test(query)) {
    throw new ValidationError(where, `${show(query)} spans several lines; write the query on one line.`);
  }
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (const ch of query) {
    if ('({['.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) {
      throw new ValidationError(where, `${show(query)} has an unbalanced ${show(ch)}; check the brackets.`);
    }
  }
  if (stack.length > 0) {
    throw new ValidationError(where, `${show(query)} leaves ${show(stack[stack.length - 1])} open; close it.`);
  }
  if (!/^[a-z]+:[A-Za-z][A-Za-z0-9_.]*\{/.test(query.trim()) && !/^\(/.test(query.trim())) {
    throw new ValidationError(where, `${show(query)} does not start like a Datadog metric query ("<aggregation>:<metric>{<scope>}"); write e.g. "sum:trace.http.request.hits{service:api}.as_count()".`);
  }
  return query.trim();
}
