import { ValidationError, show } from '../../core/validation-error';
import { LabelMatcher, Selector, renderSeriesSelector } from '../label-matcher';
import { validateMetricName } from '../label-names';
import { validatePromQL } from '../promql';
import { bucketBoundPattern } from './bucket-bound';

/** The window placeholder of Sloth specs: `rate(x[{{.window}}])` (spaces inside the braces allowed). */
export const WINDOW_PLACEHOLDER = '{{.window}}';
const WINDOW_PLACEHOLDER_PATTERN = /\{\{\s*\.window\s*\}\}/g;

/** The one window the SLI itself is evaluated over; every longer window is summed from it. */
export const BASE_WINDOW = '5m';

/** The kinds of SLI a {@link Sli} can be. */
export const SliKind = {
  /** Error and total event queries with a window placeholder (Sloth's `events`). */
  EVENTS: 'events',
  /** Error and total events from one or two counters, built from typed selectors. */
  COUNTER_EVENTS: 'counter-events',
  /** A query that already returns the error ratio (Sloth's `raw`). */
  ERROR_RATIO: 'error-ratio',
  /** Slow requests from a histogram: bad = total − bucket at the threshold. */
  LATENCY: 'latency',
  /** Time a 0/1 gauge (e.g. `up`) spends at 0. */
  AVAILABILITY_GAUGE: 'availability-gauge',
} as const;

/** One of the {@link SliKind} values. */
export type SliKind = (typeof SliKind)[keyof typeof SliKind];

/** Properties of {@link Sli.events}. */
export interface EventsSliProps {
  /** Bad events over `{{.window}}`, e.g. `sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))`. */
  readonly errorQuery: string;
  /** All events over `{{.window}}`, e.g. `sum(rate(http_requests_total[{{.window}}]))`. */
  readonly totalQuery: string;
}

/** A label matcher value in an SLI selector: text (equality), a RegExp (`=~`) or a LabelMatcher. */
export type SliMatcher = string | RegExp | LabelMatcher;

/** Label matchers for an SLI, e.g. `{ service: 'api', status_code: /5../ }`. */
export type SliSelector = Readonly<Record<string, SliMatcher>>;

/** Properties of {@link Sli.eventsFromCounter}. */
export interface CounterEventsSliProps {
  /** The counter of all events, e.g. `http_requests_total`. */
  readonly metric: string;
  /**
   * Matchers that pick the service's series (applied to total and error events).
   * @default all series of the metric
   */
  readonly selector?: SliSelector;
  /**
   * Extra matchers that make an event bad, e.g. `{ status_code: /5../ }`.
   * @default none (then `errorMetric` must be given)
   */
  readonly errorSelector?: SliSelector;
  /**
   * A separate counter of bad events (e.g. `usage_events_dropped_total` next to
   * `usage_events_received_total`); `selector` and `errorSelector` apply to it.
   * @default the same counter as `metric`
   */
  readonly errorMetric?: string;
}

/** Properties of {@link Sli.errorRatio}. */
export interface ErrorRatioSliProps {
  /** A query returning the error ratio (0..1) over `{{.window}}` (Sloth's `error_ratio_query`). */
  readonly errorRatioQuery: string;
}

/** Properties of {@link Sli.latency}. */
export interface LatencySliProps {
  /** The histogram's base name, e.g. `http_request_duration_seconds` (its `_bucket` and `_count` are used). */
  readonly histogram: string;
  /**
   * Matchers that pick the service's series.
   * @default all series of the histogram
   */
  readonly selector?: SliSelector;
  /** Requests slower than this are bad; must be one of the histogram's bucket bounds. */
  readonly thresholdSeconds: number;
  /**
   * The histogram's bucket bounds in seconds, as the service declares them (e.g. the client library's
   * defaults `[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]`), so that a threshold that is
   * not one of them is refused at synth. At run time the SLO's absent-data alert reports a missing
   * bucket either way.
   * @default not checked at synth
   */
  readonly buckets?: ReadonlyArray<number>;
}

/** Properties of {@link Sli.availabilityGauge}. */
export interface AvailabilityGaugeSliProps {
  /** A gauge that is 1 when healthy and 0 when not, e.g. `up`. */
  readonly metric: string;
  /**
   * Matchers that pick the targets.
   * @default all series of the metric
   */
  readonly selector?: SliSelector;
}

/** What the rule generator hands an SLI so its base recordings can refer to each other. */
export interface SliRecordingContext {
  /** The recorded total-events series with the SLO's selector, e.g. `slo:sli_total_events:rate5m{sloth_id="x",...}`. */
  readonly totalRef: string;
  /** The recorded error-events series with the SLO's selector. */
  readonly errorRef: string;
  /** The label names the SLO's recording rules set (ignored when matching query results against records). */
  readonly ruleLabelNames: ReadonlyArray<string>;
}

/**
 * A condition under which the SLI has no usable data: `expr` returns a sample (without labels) exactly
 * while the problem lasts. The SLO's absent-data alert fires on each.
 */
export interface SliDataCheck {
  /** Which problem, as the value of the alert's `sli_absent` label: `events` or `threshold_bucket`. */
  readonly problem: 'events' | 'threshold_bucket';
  /** The PromQL condition. */
  readonly expr: string;
  /** What is missing, for the alert description, e.g. `series of http_requests_total{service="api"}`. */
  readonly missing: string;
}

/** One of the two base recordings (bad and total events over the base window), in evaluation order. */
export interface SliBaseRecording {
  /** Which of the two it is. */
  readonly events: 'error' | 'total';
  /** The PromQL expression. */
  readonly expr: string;
}

/**
 * How an SLO measures good and bad events. Every kind is reduced to two recorded series over 5m:
 * bad events and all events (for a raw ratio: the ratio and a weight of 1). All longer windows and
 * the period are sums of those records, so they are traffic-weighted and cheap.
 */
export class Sli {
  /**
   * Error and total queries with Sloth's `{{.window}}` placeholder. A missing error series (no
   * error ever happened) counts as zero errors, per label set of the total query.
   */
  public static events(props: EventsSliProps): Sli {
    const where = 'Sli.events';
    const errorQuery = checkWindowQuery(props?.errorQuery, `${where} > errorQuery`);
    const totalQuery = checkWindowQuery(props?.totalQuery, `${where} > totalQuery`);
    const total = withWindow(totalQuery, BASE_WINDOW);
    return new Sli(SliKind.EVENTS, {
      total: () => total,
      error: () => withWindow(errorQuery, BASE_WINDOW),
      checks: [{ problem: 'events', expr: `absent(${total})`, missing: 'data of the total query' }],
    }, { errorQuery, totalQuery });
  }

  /** Bad and total events from counters chosen with typed selectors. */
  public static eventsFromCounter(props: CounterEventsSliProps): Sli {
    const where = 'Sli.eventsFromCounter';
    const metric = validateMetricName(props?.metric, `${where} > metric`);
    const errorMetric = props.errorMetric === undefined ? metric : validateMetricName(props.errorMetric, `${where} > errorMetric`);
    const selector = toSelector(props.selector, `${where} > selector`);
    const errorSelector = toSelector(props.errorSelector, `${where} > errorSelector`);
    if (errorMetric === metric && Object.keys(errorSelector).length === 0) {
      throw new ValidationError(
        `${where} > errorSelector`,
        `${show(props.errorSelector)} leaves bad events equal to all events of ${show(metric)}; give errorSelector (e.g. { status_code: /5../ }) or a separate errorMetric.`,
      );
    }
    for (const name of Object.keys(errorSelector)) {
      if (errorMetric === metric && Object.prototype.hasOwnProperty.call(selector, name)) {
        throw new ValidationError(
          `${where} > errorSelector > ${show(name)}`,
          `${show(name)} is matched by both selector and errorSelector, which PromQL would AND together; keep it in one of them.`,
        );
      }
    }
    const rate = (name: string, matchers: Selector) =>
      `sum(rate(${renderSeriesSelector(name, matchers, `${where} > selector`)}[${BASE_WINDOW}]))`;
    const totalQuery = rate(metric, selector);
    const errorQuery = rate(errorMetric, { ...selector, ...errorSelector });
    // Only the total counter is checked: a missing error series is normal (no error yet) and counts as 0.
    const totalSeries = renderSeriesSelector(metric, selector, `${where} > selector`);
    return new Sli(SliKind.COUNTER_EVENTS, {
      total: () => totalQuery,
      error: () => errorQuery,
      checks: [{ problem: 'events', expr: `absent(${totalSeries})`, missing: `series of ${totalSeries}` }],
    }, {
      errorQuery: errorQuery.replace(`[${BASE_WINDOW}]`, `[${WINDOW_PLACEHOLDER}]`),
      totalQuery: totalQuery.replace(`[${BASE_WINDOW}]`, `[${WINDOW_PLACEHOLDER}]`),
    });
  }

  /**
   * A query that returns the error ratio itself (Sloth's `raw`). Longer windows are the time-average
   * of the 5m ratio; NaN (no data) samples are dropped instead of poisoning the average.
   */
  public static errorRatio(props: ErrorRatioSliProps): Sli {
    const query = checkWindowQuery(props?.errorRatioQuery, 'Sli.errorRatio > errorRatioQuery');
    return new Sli(SliKind.ERROR_RATIO, {
      error: () => `(${withWindow(query, BASE_WINDOW)}) >= 0`,
      total: (ctx) => `${ctx.errorRef} * 0 + 1`,
      errorFirst: true,
      // absent() of the query itself: a NaN ratio (0/0 at zero traffic) is data, a missing metric is not.
      checks: [{ problem: 'events', expr: `absent(${withWindow(query, BASE_WINDOW)})`, missing: 'data of the error ratio query' }],
    }, { errorRatioQuery: query });
  }

  /**
   * Slow requests from a histogram: bad = all requests − requests in the bucket at the threshold.
   * The bucket is matched by number, not by text (`le="0.5"` and `le="0.50"` both match). Only the
   * histogram series that have that bucket are counted: a threshold that is not a bucket bound gives
   * no data (not "every request is slow", which would page for a configuration mistake), and the
   * SLO's absent-data alert names the missing bucket. Declare `buckets` to have it refused at synth.
   */
  public static latency(props: LatencySliProps): Sli {
    const where = 'Sli.latency';
    const histogram = validateMetricName(props?.histogram, `${where} > histogram`);
    if (/_(bucket|count|sum)$/.test(histogram)) {
      throw new ValidationError(
        `${where} > histogram`,
        `${show(histogram)} is a histogram series, not its base name; write ${show(histogram.replace(/_(bucket|count|sum)$/, ''))}.`,
      );
    }
    const selector = toSelector(props.selector, `${where} > selector`);
    if (Object.prototype.hasOwnProperty.call(selector, 'le')) {
      throw new ValidationError(`${where} > selector > "le"`, `${show('le')} is set from thresholdSeconds; remove it from the selector.`);
    }
    const le = bucketBoundPattern(props.thresholdSeconds, `${where} > thresholdSeconds`);
    const buckets = props.buckets === undefined ? undefined : checkBuckets(props.buckets, props.thresholdSeconds, histogram, where);
    const countSeries = renderSeriesSelector(`${histogram}_count`, selector, `${where} > selector`);
    const bucketSeries = renderSeriesSelector(`${histogram}_bucket`, selector, `${where} > selector`, [LabelMatcher.regex(le).render('le')]);
    // The count of each histogram series that has the threshold bucket (`and ignoring(le)`), so that a
    // series without it (another version's buckets) adds no requests that could never be fast.
    const count = `sum(rate(${countSeries}[${BASE_WINDOW}]) and ignoring (le) ${bucketSeries})`;
    const fast = `sum(rate(${bucketSeries}[${BASE_WINDOW}]))`;
    return new Sli(SliKind.LATENCY, {
      total: () => count,
      // clamp_min: counter resets can make the bucket's rate briefly exceed the count's.
      error: () => `clamp_min(${count} - ${fast}, 0)`,
      checks: [
        { problem: 'events', expr: `absent(${countSeries})`, missing: `series of ${countSeries}` },
        {
          problem: 'threshold_bucket',
          expr: `count(${countSeries}) > (count(${bucketSeries}) or vector(0))`,
          missing: `the ${show(props.thresholdSeconds)} s bucket (le) in some or all series of ${histogram}_bucket`,
        },
      ],
    }, { histogram, thresholdSeconds: props.thresholdSeconds, ...(buckets !== undefined ? { buckets } : {}) });
  }

  /** Availability from a 0/1 gauge: the share of target-time the gauge spent at 0. */
  public static availabilityGauge(props: AvailabilityGaugeSliProps): Sli {
    const where = 'Sli.availabilityGauge';
    const metric = validateMetricName(props?.metric, `${where} > metric`);
    const series = renderSeriesSelector(metric, toSelector(props.selector, `${where} > selector`), `${where} > selector`);
    const avg = `avg_over_time(${series}[${BASE_WINDOW}])`;
    return new Sli(SliKind.AVAILABILITY_GAUGE, {
      total: () => `count(${avg})`,
      error: () => `sum(1 - clamp(${avg}, 0, 1))`,
      checks: [{ problem: 'events', expr: `absent(${series})`, missing: `series of ${series}` }],
    }, { metric });
  }

  private constructor(
    /** Which kind of SLI this is. */
    public readonly kind: SliKind,
    private readonly queries: {
      readonly total: (ctx: SliRecordingContext) => string;
      readonly error: (ctx: SliRecordingContext) => string;
      readonly errorFirst?: boolean;
      readonly checks: ReadonlyArray<SliDataCheck>;
    },
    /** The user's inputs, for documentation and dashboards. */
    public readonly source: Readonly<Record<string, unknown>>,
  ) {}

  /** The conditions under which this SLI has no usable data (for the SLO's absent-data alert). */
  public get dataChecks(): ReadonlyArray<SliDataCheck> {
    return this.queries.checks;
  }

  /**
   * The two base recordings, in the order they must be evaluated. For event SLIs the error series
   * falls back to `total * 0` per label set, so a service that never failed has 0 errors, not "no data".
   */
  public baseRecordings(ctx: SliRecordingContext): ReadonlyArray<SliBaseRecording> {
    const total: SliBaseRecording = { events: 'total', expr: this.queries.total(ctx) };
    if (this.queries.errorFirst) {
      return [{ events: 'error', expr: this.queries.error(ctx) }, total];
    }
    const ignoring = ctx.ruleLabelNames.join(', ');
    const error: SliBaseRecording = {
      events: 'error',
      expr: `(${this.queries.error(ctx)}) or ignoring (${ignoring}) (${ctx.totalRef} * 0)`,
    };
    return [total, error];
  }
}

/** Replaces every window placeholder with a Prometheus duration. */
export function withWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDER_PATTERN, window);
}

function checkWindowQuery(query: unknown, where: string): string {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new ValidationError(where, `${show(query)} is empty; write a PromQL query with the window placeholder, e.g. "sum(rate(http_requests_total[${WINDOW_PLACEHOLDER}]))".`);
  }
  if (query.match(WINDOW_PLACEHOLDER_PATTERN) === null) {
    throw new ValidationError(
      where,
      `${show(query)} has no ${WINDOW_PLACEHOLDER} placeholder, so every window would measure the same range; write the range as [${WINDOW_PLACEHOLDER}], e.g. "sum(rate(http_requests_total[${WINDOW_PLACEHOLDER}]))".`,
    );
  }
  validatePromQL(withWindow(query, BASE_WINDOW), `${where} (with ${WINDOW_PLACEHOLDER} = ${BASE_WINDOW})`);
  return query.trim();
}

function checkBuckets(buckets: unknown, threshold: number, histogram: string, where: string): number[] {
  if (!Array.isArray(buckets) || buckets.length === 0) {
    throw new ValidationError(`${where} > buckets`, `${show(buckets)} is not a list of bucket bounds; give the histogram's upper bounds in seconds, e.g. [0.1, 0.25, 0.5, 1], or leave \`buckets\` out.`);
  }
  buckets.forEach((bound, index) => {
    if (typeof bound !== 'number' || Number.isNaN(bound) || bound <= 0) {
      throw new ValidationError(`${where} > buckets[${index}]`, `${show(bound)} is not a bucket bound; give positive numbers of seconds, e.g. 0.5 (Infinity for +Inf may be listed).`);
    }
  });
  const bounds = [...(buckets as number[])].filter((bound) => Number.isFinite(bound)).sort((a, b) => a - b);
  if (!bounds.some((bound) => Math.abs(bound - threshold) <= 1e-12 * Math.max(bound, threshold))) {
    const below = bounds.filter((bound) => bound < threshold).pop();
    const above = bounds.find((bound) => bound > threshold);
    const nearest = [below, above].filter((bound) => bound !== undefined).map((bound) => show(bound)).join(' or ');
    throw new ValidationError(
      `${where} > thresholdSeconds`,
      `${show(threshold)} is not a bucket bound of ${histogram} (buckets ${show(bounds)}): no bucket counts the requests faster than it, so the SLI would have no data. ` +
        `Use a bucket bound as the threshold${nearest === '' ? '' : ` (${nearest})`}, or add ${show(threshold)} to the histogram's buckets in the service and to \`buckets\`.`,
    );
  }
  return bounds;
}

function toSelector(selector: SliSelector | undefined, where: string): Selector {
  if (selector === undefined) return {};
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
    throw new ValidationError(where, `${show(selector)} is not a selector; write label matchers as a map, e.g. { service: "api", status_code: /5../ }.`);
  }
  const out: Record<string, string | LabelMatcher> = {};
  for (const [name, value] of Object.entries(selector)) {
    if (value instanceof RegExp) {
      if (value.flags !== '') {
        throw new ValidationError(`${where} > ${show(name)}`, `/${value.source}/${value.flags} has flags, which PromQL regexes (RE2) cannot carry; drop them (use (?i) inside the pattern for case-insensitivity).`);
      }
      out[name] = LabelMatcher.regex(value.source);
    } else {
      out[name] = value;
    }
  }
  return out;
}
