import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, NON_NEGATIVE, RATIO, num, percent } from '../rules/packs/pack-props';
import { scrapeTargetAlerts } from '../rules/packs/scrape-target-alerts';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * Jaeger v2's own metric names. Jaeger 2.x (the jaeger chart 4.11.1 deploys 2.19) is an OpenTelemetry
 * collector build: its internal telemetry (`service.telemetry.metrics`, the Prometheus reader on :8888 that
 * `jaeger-values.ts` configures) exposes the collector's component metrics, with the Go SDK's `_total`
 * suffix on counters. Spans are written to storage by the `jaeger_storage_exporter` exporter, built with the
 * collector's exporterhelper (github.com/jaegertracing/jaeger cmd/jaeger/internal/exporters/storageexporter/
 * factory.go), so its sent / send-failed / enqueue-failed counters are the exporterhelper's, labelled
 * `exporter="jaeger_storage_exporter"`; the OTLP receiver's accepted / refused counters are labelled
 * `receiver="otlp"` and `transport`.
 */
export const JAEGER_METRICS = {
  receiverRefusedSpans: 'otelcol_receiver_refused_spans_total',
  exporterSentSpans: 'otelcol_exporter_sent_spans_total',
  exporterSendFailedSpans: 'otelcol_exporter_send_failed_spans_total',
  exporterEnqueueFailedSpans: 'otelcol_exporter_enqueue_failed_spans_total',
  up: 'up',
} as const;

/** The storage exporter of Jaeger v2's pipeline (`jaeger-values.ts`). */
export const JAEGER_STORAGE_EXPORTER = 'jaeger_storage_exporter';

/** Properties of {@link JaegerRules}. */
export interface JaegerRulesProps extends AlertPackProps {
  /**
   * JaegerStorageWriteFailures: share of spans the storage exporter failed to write (after its retries);
   * threshold = ratio. Those spans are lost.
   * @default above 0.01 for 10m, critical
   */
  readonly storageWriteFailures?: AlertOptions | false;
  /**
   * JaegerDroppingSpans: spans dropped before the storage write because the exporter's queue was full;
   * threshold = spans/s.
   * @default above 0 for 5m, warning
   */
  readonly droppingSpans?: AlertOptions | false;
  /**
   * JaegerReceiverRefusingSpans: the OTLP receiver refuses spans (memory pressure, bad requests);
   * threshold = spans/s.
   * @default above 0 for 5m, warning
   */
  readonly refusingSpans?: AlertOptions | false;
  /**
   * JaegerDown: a Jaeger replica's scrape fails (`up == 0`); takes no threshold.
   * @default for 5m, warning
   */
  readonly down?: AlertOptions | false;
  /**
   * JaegerAbsent: no scrape target of the selector at all (the scrape is gone, so every other alert here
   * is silent); takes no threshold.
   * @default for 15m, warning
   */
  readonly absent?: AlertOptions | false;
}

/** What the Jaeger alerts read. */
interface JaegerTerms {
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
}

const BY = 'namespace, job, pod';
const STORAGE = `exporter="${JAEGER_STORAGE_EXPORTER}"`;
const SPANS_PER_SECOND = { ...NON_NEGATIVE, hint: 'give spans per second of 0 or more' };
const alert = alertSpecs<JaegerRulesProps, JaegerTerms>();

/** The Jaeger alerts, in rule order. */
export const JAEGER_ALERTS = [
  alert({
    name: 'JaegerStorageWriteFailures', prop: 'storageWriteFailures', severity: Severity.CRITICAL, for: '10m', threshold: 0.01, range: RATIO,
    settings: (_options, _at, p) => ({
      failed: `sum by (${BY}) (rate(${p.series(JAEGER_METRICS.exporterSendFailedSpans, [STORAGE])}[5m]))`,
      sent: `sum by (${BY}) (rate(${p.series(JAEGER_METRICS.exporterSentSpans, [STORAGE])}[5m]))`,
    }),
    // `> 0` on the total: no traffic is no failure (and no division by zero).
    expr: (t) => `${t.failed} / ((${t.sent} + ${t.failed}) > 0) > ${num(t.threshold)}`,
    summary: 'Jaeger {{ $labels.pod }} fails to write spans to its storage',
    description: (t) => `Jaeger {{ $labels.namespace }}/{{ $labels.pod }} failed to write {{ $value | humanizePercentage }} of its spans to the trace storage (threshold ${percent(t.threshold)}%, for ${t.for}); those traces are lost. Check that the storage backend is up, reachable and accepts writes (credentials, disk, index).`,
  }),
  alert({
    name: 'JaegerDroppingSpans', prop: 'droppingSpans', severity: Severity.WARNING, for: '5m', threshold: 0, range: SPANS_PER_SECOND,
    expr: (t) => `sum by (${BY}) (rate(${t.series(JAEGER_METRICS.exporterEnqueueFailedSpans, [STORAGE])}[5m])) > ${num(t.threshold)}`,
    summary: 'Jaeger {{ $labels.pod }} drops spans: its storage queue is full',
    description: (t) => `Jaeger {{ $labels.namespace }}/{{ $labels.pod }} drops {{ $value | humanize }} spans/s because the storage exporter's queue is full (threshold ${num(t.threshold)}, for ${t.for}): the storage is slower than the span rate.`,
  }),
  alert({
    name: 'JaegerReceiverRefusingSpans', prop: 'refusingSpans', severity: Severity.WARNING, for: '5m', threshold: 0, range: SPANS_PER_SECOND,
    expr: (t) => `sum by (${BY}, receiver, transport) (rate(${t.series(JAEGER_METRICS.receiverRefusedSpans)}[5m])) > ${num(t.threshold)}`,
    summary: 'Jaeger {{ $labels.pod }} refuses spans on {{ $labels.receiver }}',
    description: (t) => `Receiver {{ $labels.receiver }} ({{ $labels.transport }}) of Jaeger {{ $labels.namespace }}/{{ $labels.pod }} refuses {{ $value | humanize }} spans/s (threshold ${num(t.threshold)}, for ${t.for}); the senders (the OTel collector) retry or drop them.`,
  }),
  ...scrapeTargetAlerts<JaegerRulesProps, JaegerTerms>('Jaeger', Severity.WARNING, 'spans sent to it may be lost and traces cannot be searched'),
];

const JAEGER = alertPack<JaegerRulesProps, JaegerTerms>({
  kind: 'JaegerRules', name: 'jaeger', team: 'platform',
  terms: (props, at) => ({
    series: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
  }),
  alerts: JAEGER_ALERTS,
});

/**
 * Jaeger v2 watching itself: spans failing to reach the trace storage (critical: traces are lost), spans
 * dropped on a full storage queue, the OTLP receiver refusing spans, a replica down, and Jaeger absent from
 * the scrape. Every alert is tunable or switchable one by one and links its runbook.
 * `Jaeger.selfMonitoringRules()` gives the pack with the job of Jaeger's scrape as the selector.
 *
 * ```ts
 * prometheus.addRules(JaegerRules.create({ runbookBaseUrl: 'https://runbooks.example.com/alerts', selector: { job: 'jaeger', namespace: 'monitoring' } }));
 * ```
 */
export class JaegerRules extends AlertPack<JaegerRulesProps> implements IRulePack {
  /** The pack for the Jaeger the selector picks; throws a ValidationError for a bad threshold or selector. */
  public static create(props: JaegerRulesProps): JaegerRules {
    return new JaegerRules(props);
  }

  private constructor(props: JaegerRulesProps) {
    super(JAEGER, props, PROMETHEUS_RULES);
  }
}
