import { renderSeriesSelector } from '../label-matcher';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from './alert-pack';
import {
  AlertOptions,
  AlertPackProps,
  HttpMetricProps,
  HttpMetrics,
  POSITIVE,
  QUANTILE,
  RATIO,
  checkNumber,
  groupingLabels,
  httpMetrics,
  labelsTemplate,
  num,
  percent,
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
export interface ServiceHealthRulesProps extends AlertPackProps, HttpMetricProps {
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

/** What the service health alerts read. */
interface ServiceHealthTerms extends HttpMetrics {
  /** `groupBy` joined for `sum by (...)`. */
  readonly by: string;
  /** `groupBy` as label templates, for annotations. */
  readonly who: string;
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
}

const alert = alertSpecs<ServiceHealthRulesProps, ServiceHealthTerms>();

/** The service health alerts, in rule order. */
export const SERVICE_HEALTH_ALERTS = [
  alert({
    name: 'ServiceDown', prop: 'serviceDown', severity: Severity.CRITICAL, for: '1m',
    noThreshold: "fires when a target's `up` is 0",
    expr: (t) => `${t.series('up')} == 0`,
    summary: 'Service {{ $labels.job }} is down',
    description: (t) => `Target {{ $labels.instance }} of job {{ $labels.job }} has been unreachable for more than ${t.for}.`,
  }),
  alert({
    name: 'HighErrorRate', prop: 'highErrorRate', severity: Severity.CRITICAL, for: '5m', threshold: 0.05, range: RATIO,
    settings: (_options, _at, p) => ({
      all: `sum by (${p.by}) (rate(${p.series(p.requests)}[5m]))`,
      failed: `sum by (${p.by}) (rate(${p.series(p.requests, [`${p.statusCode}=~${JSON.stringify(p.errorRegex)}`])}[5m]))`,
    }),
    // `> 0` drops services without traffic instead of dividing by zero.
    expr: (t) => `${t.failed} / (${t.all} > 0) > ${num(t.threshold)}`,
    summary: (t) => `High error rate on ${t.who}`,
    description: (t) => `Error rate is {{ $value | humanizePercentage }} for ${t.who} (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
  alert({
    name: 'HighLatency', prop: 'highLatency', severity: Severity.WARNING, for: '5m', threshold: 2, range: POSITIVE,
    settings: (options, at, p) => ({
      quantile: checkNumber(options?.quantile ?? 0.99, at('quantile'), QUANTILE),
      buckets: `sum by (le, ${p.by}) (rate(${p.series(`${p.duration}_bucket`)}[5m]))`,
    }),
    expr: (t) => `histogram_quantile(${num(t.quantile)}, ${t.buckets}) > ${num(t.threshold)}`,
    summary: (t) => `High latency on ${t.who}`,
    description: (t) => `p${percent(t.quantile)} latency is {{ $value | humanizeDuration }} for ${t.who} (threshold ${num(t.threshold)}s, for ${t.for}).`,
  }),
];

const SERVICE_HEALTH = alertPack<ServiceHealthRulesProps, ServiceHealthTerms>({
  kind: 'ServiceHealthRules', name: 'service-health', team: 'platform',
  terms: (props, at) => {
    const metrics = httpMetrics(props, at);
    const groupBy = groupingLabels(props.groupBy, ['service'], at('groupBy'));
    return {
      ...metrics,
      by: groupBy.join(', '),
      who: labelsTemplate(groupBy),
      series: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
    };
  },
  alerts: SERVICE_HEALTH_ALERTS,
});

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
export class ServiceHealthRules extends AlertPack<ServiceHealthRulesProps> implements IRulePack {
  /** The pack for the services the selector picks. */
  public static forServices(props: ServiceHealthRulesProps): ServiceHealthRules {
    return new ServiceHealthRules(props);
  }

  private constructor(props: ServiceHealthRulesProps) {
    super(SERVICE_HEALTH, props, PROMETHEUS_RULES);
  }
}
