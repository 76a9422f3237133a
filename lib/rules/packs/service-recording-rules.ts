import { Duration, toDuration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { renderSeriesSelector } from '../label-matcher';
import { withinModelPath } from '../model-path';
import { RecordingRule } from '../recording-rule';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { DEFAULT_PACK_INTERVAL, QUANTILE, checkNumber, groupingLabels, labelName, metricName, num, percent, regexText } from './pack-props';
import { RecordingPackProps } from './recording-pack-props';

/** Properties of {@link ServiceRecordingRules}. */
export interface ServiceRecordingRulesProps extends RecordingPackProps {
  /**
   * The request counter, labelled with the service and the status code.
   * @default "http_requests_total"
   */
  readonly requestsMetric?: string;
  /**
   * The request duration histogram (without `_bucket`), in seconds.
   * @default "http_request_duration_seconds"
   */
  readonly durationMetric?: string;
  /**
   * The label holding the HTTP status code.
   * @default "status_code"
   */
  readonly statusCodeLabel?: string;
  /**
   * Regex of the status codes that count as errors.
   * @default "5.."
   */
  readonly errorStatusRegex?: string;
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
export class ServiceRecordingRules implements IRulePack {
  /** The pack for the services the selector picks. */
  public static forServices(props: ServiceRecordingRulesProps = {}): ServiceRecordingRules {
    return new ServiceRecordingRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: ServiceRecordingRulesProps) {
    this.name = props?.name ?? 'service-metrics';
    const where = `ServiceRecordingRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const requests = metricName(props.requestsMetric, 'http_requests_total', `${where} > requestsMetric`);
      const duration = metricName(props.durationMetric, 'http_request_duration_seconds', `${where} > durationMetric`);
      const statusCode = labelName(props.statusCodeLabel, 'status_code', `${where} > statusCodeLabel`);
      const errorRegex = regexText(props.errorStatusRegex, '5..', `${where} > errorStatusRegex`);
      const groupBy = groupingLabels(props.groupBy, ['service'], `${where} > groupBy`);
      const window = toDuration(props.window ?? Duration.minutes(5), `${where} > window`);
      const quantiles = props.quantiles ?? [0.95, 0.99];
      if (!Array.isArray(quantiles) || quantiles.length === 0) {
        throw new ValidationError(`${where} > quantiles`, `${show(quantiles)} names no quantiles; give e.g. [0.95, 0.99].`);
      }
      const level = groupBy.join('_');
      const by = groupBy.join(', ');
      const series = (metric: string, fixed: string[] = []) => renderSeriesSelector(metric, props.selector, `${where} > selector`, fixed);

      const requestRate = `${level}:http_requests:rate${window}`;
      const errorRate = `${level}:http_errors:rate${window}`;
      const all = `sum by (${by}) (rate(${series(requests)}[${window}]))`;
      const failed = `sum by (${by}) (rate(${series(requests, [`${statusCode}=~${JSON.stringify(errorRegex)}`])}[${window}]))`;
      const rules: RecordingRule[] = [
        new RecordingRule({ record: requestRate, expr: all }),
        // `or ... * 0`: a service that has never failed has no error series; record 0 for it.
        new RecordingRule({ record: errorRate, expr: `${failed} or (${all} * 0)` }),
        new RecordingRule({ record: `${level}:http_error_ratio:rate${window}`, expr: `${errorRate} / (${requestRate} > 0)` }),
        ...quantiles.map((q, index) => {
          const quantile = checkNumber(q, `${where} > quantiles[${index}]`, QUANTILE);
          return new RecordingRule({
            record: `${level}:http_request_duration:p${percent(quantile).replace('.', '_')}:${window}`,
            expr: `histogram_quantile(${num(quantile)}, sum by (le, ${by}) (rate(${series(`${duration}_bucket`)}[${window}])))`,
          });
        }),
      ];
      const interval = toDuration(props.interval ?? DEFAULT_PACK_INTERVAL, `${where} > interval`);
      return [new RuleGroup(this.name, { interval, rules })];
    });
  }
}
