import { Duration, toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { renderSeriesSelector } from '../label-matcher';
import { RecordSpec, RecordingPack, RecordingPackDefinition } from './recording-pack';
import { HttpMetricProps, HttpMetrics, QUANTILE, checkNumber, groupingLabels, httpMetrics, num, percent } from './pack-props';
import { RecordingPackProps } from './recording-pack-props';

/** Properties of {@link ServiceRecordingRules}. */
export interface ServiceRecordingRulesProps extends RecordingPackProps, HttpMetricProps {
  /**
   * Labels to aggregate by; also the level of the record names (`service:...`, `namespace_service:...`).
   * @default ["service"]
   */
  readonly groupBy?: ReadonlyArray<string>;
  /**
   * Latency quantiles to record, each as `<level>:http_request_duration:p<NN>:<window>`.
   * @default [0.95, 0.99]
   */
  readonly quantiles?: ReadonlyArray<number>;
}

/** What the service records read. */
interface ServiceRecordTerms extends HttpMetrics {
  /** The level of the record names: `groupBy` joined with `_`. */
  readonly level: string;
  /** `groupBy` joined for `sum by (...)`. */
  readonly by: string;
  /** The rate window. */
  readonly window: Duration;
  /** The latency quantiles, checked. */
  readonly quantiles: ReadonlyArray<number>;
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
}

const requestRate = (t: ServiceRecordTerms) => `${t.level}:http_requests:rate${t.window}`;
const errorRate = (t: ServiceRecordTerms) => `${t.level}:http_errors:rate${t.window}`;
const allRequests = (t: ServiceRecordTerms) => `sum by (${t.by}) (rate(${t.series(t.requests)}[${t.window}]))`;

/** The service records, in evaluation order (the ratio reads the two rates before it). */
const SERVICE_RECORDS: ReadonlyArray<RecordSpec<ServiceRecordTerms, unknown>> = [
  { record: requestRate, expr: allRequests },
  {
    record: errorRate,
    // `or ... * 0`: a service that has never failed has no error series; record 0 for it.
    expr: (t) => `sum by (${t.by}) (rate(${t.series(t.requests, [`${t.statusCode}=~${JSON.stringify(t.errorRegex)}`])}[${t.window}])) or (${allRequests(t)} * 0)`,
  },
  { record: (t) => `${t.level}:http_error_ratio:rate${t.window}`, expr: (t) => `${errorRate(t)} / (${requestRate(t)} > 0)` },
  {
    each: (t) => t.quantiles,
    record: (t, quantile: number) => `${t.level}:http_request_duration:p${percent(quantile).replace('.', '_')}:${t.window}`,
    expr: (t, quantile: number) => `histogram_quantile(${num(quantile)}, sum by (le, ${t.by}) (rate(${t.series(`${t.duration}_bucket`)}[${t.window}])))`,
  },
];

const SERVICE_METRICS: RecordingPackDefinition<ServiceRecordingRulesProps, ServiceRecordTerms> = {
  kind: 'ServiceRecordingRules', name: 'service-metrics',
  terms: (props, at) => {
    const metrics = httpMetrics(props, at);
    const groupBy = groupingLabels(props.groupBy, ['service'], at('groupBy'));
    const window = toDuration(props.window ?? Duration.minutes(5), at('window'));
    const quantiles = props.quantiles ?? [0.95, 0.99];
    if (!Array.isArray(quantiles) || quantiles.length === 0) {
      throw new ValidationError(at('quantiles'), `${show(quantiles)} names no quantiles; give e.g. [0.95, 0.99].`);
    }
    return {
      ...metrics,
      level: groupBy.join('_'),
      by: groupBy.join(', '),
      window,
      quantiles: quantiles.map((q, index) => checkNumber(q, at(`quantiles[${index}]`), QUANTILE)),
      series: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
    };
  },
  records: SERVICE_RECORDS,
};

/**
 * The seeds' per-service recording rules (with the default `groupBy` and window, the seeds' names):
 * `service:http_requests:rate5m`, `service:http_errors:rate5m`, `service:http_error_ratio:rate5m`,
 * `service:http_request_duration:p95:5m`, `service:http_request_duration:p99:5m`.
 *
 * Unlike the seeds, rates are summed per service (not one series per pod and status code), the
 * error rate is 0 rather than absent for a service without errors (so the ratio is 0, not "no
 * data"), the ratio skips services without traffic instead of recording NaN, and quantiles are
 * computed over `sum by (le, service)` of the bucket rates.
 */
export class ServiceRecordingRules extends RecordingPack<ServiceRecordingRulesProps> {
  /** The pack for the services the selector picks. */
  public static forServices(props: ServiceRecordingRulesProps = {}): ServiceRecordingRules {
    return new ServiceRecordingRules(props);
  }

  private constructor(props: ServiceRecordingRulesProps) {
    super(SERVICE_METRICS, props);
  }
}
