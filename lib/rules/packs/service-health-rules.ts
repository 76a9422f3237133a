import { Duration } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { AlertRule } from '../alert-rule';
import { renderSeriesSelector } from '../label-matcher';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import {
  AlertOptions,
  AlertPackContext,
  AlertPackProps,
  POSITIVE,
  QUANTILE,
  RATIO,
  checkNumber,
  groupingLabels,
  labelName,
  labelsTemplate,
  metricName,
  num,
  percent,
  regexText,
} from './pack-props';

/** Tuning of HighLatency: the threshold is in seconds, and the quantile is configurable. */
export interface LatencyAlertOptions extends AlertOptions {
  /**
   * The latency quantile compared with the threshold.
   * @default 0.99
   */
  readonly quantile?: number;
}

/** Properties of {@link ServiceHealthRules}. */
export interface ServiceHealthRulesProps extends AlertPackProps {
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
   * Labels the error ratio and latency are computed per (`sum by (...)`).
   * @default ["service"]
   */
  readonly groupBy?: ReadonlyArray<string>;
  /**
   * ServiceDown: a scrape target of the selector is unreachable (`up == 0`); takes no threshold.
   * @default for 1m, critical
   */
  readonly serviceDown?: AlertOptions | false;
  /**
   * HighErrorRate: the ratio of error responses (threshold, 0..1) over 5 minutes.
   * @default above 0.05 for 5m, critical
   */
  readonly highErrorRate?: AlertOptions | false;
  /**
   * HighLatency: the request latency quantile over 5 minutes, threshold in seconds.
   * @default p99 above 2 s for 5m, warning
   */
  readonly highLatency?: LatencyAlertOptions | false;
}

/**
 * The seeds' service health alerts, per service (or the `groupBy` labels):
 * ServiceDown, HighErrorRate and HighLatency, over `http_requests_total` and
 * `http_request_duration_seconds`. Unlike the seeds, the error ratio is aggregated
 * `sum by (service)` on both sides and guarded against zero traffic, and the latency quantile is
 * computed over `sum by (le, service)` of the bucket rates.
 *
 * ```ts
 * prometheus.addRules(ServiceHealthRules.forServices({
 *   team: 'platform', selector: { namespace: 'shop' }, runbookBaseUrl: 'https://runbooks.example.com/alerts',
 * }));
 * ```
 */
export class ServiceHealthRules implements IRulePack {
  /** The pack for the services the selector picks. */
  public static forServices(props: ServiceHealthRulesProps): ServiceHealthRules {
    return new ServiceHealthRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: ServiceHealthRulesProps) {
    this.name = props?.name ?? 'service-health';
    const where = `ServiceHealthRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const ctx = new AlertPackContext(props, 'platform', where);
      const requests = metricName(props.requestsMetric, 'http_requests_total', `${where} > requestsMetric`);
      const duration = metricName(props.durationMetric, 'http_request_duration_seconds', `${where} > durationMetric`);
      const statusCode = labelName(props.statusCodeLabel, 'status_code', `${where} > statusCodeLabel`);
      const errorRegex = regexText(props.errorStatusRegex, '5..', `${where} > errorStatusRegex`);
      const groupBy = groupingLabels(props.groupBy, ['service'], `${where} > groupBy`);
      const by = groupBy.join(', ');
      const who = labelsTemplate(groupBy);
      const selectorAt = `${where} > selector`;
      const rules: AlertRule[] = [];

      if (props.serviceDown && props.serviceDown.threshold !== undefined) {
        throw new ValidationError(
          `${where} > serviceDown > threshold`,
          `${show(props.serviceDown.threshold)} has no meaning for ServiceDown, which fires when a target's \`up\` is 0; remove \`threshold\` (tune \`for\` instead).`,
        );
      }
      const down = ctx.resolve('serviceDown', 'ServiceDown', props.serviceDown, { threshold: 0, for: Duration.minutes(1), severity: Severity.CRITICAL });
      if (down) {
        rules.push(
          ctx.alert('ServiceDown', down, {
            expr: `${renderSeriesSelector('up', props.selector, selectorAt)} == 0`,
            summary: 'Service {{ $labels.job }} is down',
            description: `Target {{ $labels.instance }} of job {{ $labels.job }} has been unreachable for more than ${down.for}.`,
          }),
        );
      }

      const errors = ctx.resolve('highErrorRate', 'HighErrorRate', props.highErrorRate, { threshold: 0.05, for: Duration.minutes(5), severity: Severity.CRITICAL }, RATIO);
      if (errors) {
        const all = `sum by (${by}) (rate(${renderSeriesSelector(requests, props.selector, selectorAt)}[5m]))`;
        const failed = `sum by (${by}) (rate(${renderSeriesSelector(requests, props.selector, selectorAt, [`${statusCode}=~${JSON.stringify(errorRegex)}`])}[5m]))`;
        rules.push(
          ctx.alert('HighErrorRate', errors, {
            // `> 0` drops services without traffic instead of dividing by zero.
            expr: `${failed} / (${all} > 0) > ${num(errors.threshold)}`,
            summary: `High error rate on ${who}`,
            description: `Error rate is {{ $value | humanizePercentage }} for ${who} (threshold ${percent(errors.threshold)}%, for ${errors.for}).`,
          }),
        );
      }

      const latency = ctx.resolve('highLatency', 'HighLatency', props.highLatency, { threshold: 2, for: Duration.minutes(5), severity: Severity.WARNING }, POSITIVE);
      if (latency) {
        const quantile = checkNumber((props.highLatency || undefined)?.quantile ?? 0.99, `${where} > highLatency > quantile`, QUANTILE);
        const buckets = `sum by (le, ${by}) (rate(${renderSeriesSelector(`${duration}_bucket`, props.selector, selectorAt)}[5m]))`;
        rules.push(
          ctx.alert('HighLatency', latency, {
            expr: `histogram_quantile(${num(quantile)}, ${buckets}) > ${num(latency.threshold)}`,
            summary: `High latency on ${who}`,
            description: `p${percent(quantile)} latency is {{ $value | humanizeDuration }} for ${who} (threshold ${num(latency.threshold)}s, for ${latency.for}).`,
          }),
        );
      }

      return rules.length === 0 ? [] : [new RuleGroup(this.name, { interval: ctx.interval, rules })];
    });
  }
}
