import { ValidationError, show } from '../core/validation-error';
import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, NumberRange, RATIO, num, percent } from '../rules/packs/pack-props';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * The collector's own metric names, as collector 0.1xx exposes them through its Prometheus reader
 * (OpenTelemetry Go SDK: counters end in `_total`; the `{spans}` unit adds no suffix). Before the move
 * to the Go SDK (about 0.106) some had no `_total`; `otelcol_processor_dropped_spans` was deprecated in
 * 0.110 (memory_limiter refusals now show as the receiver's refused spans) and is not used.
 */
export const COLLECTOR_METRICS = {
  receiverRefusedSpans: 'otelcol_receiver_refused_spans_total',
  exporterSentSpans: 'otelcol_exporter_sent_spans_total',
  exporterSendFailedSpans: 'otelcol_exporter_send_failed_spans_total',
  exporterEnqueueFailedSpans: 'otelcol_exporter_enqueue_failed_spans_total',
  exporterQueueSize: 'otelcol_exporter_queue_size',
  exporterQueueCapacity: 'otelcol_exporter_queue_capacity',
  /** Prometheus's own series per target: 1 when the last scrape succeeded. */
  up: 'up',
} as const;

/** Properties of {@link TracingPipelineRules}. */
export interface TracingPipelineRulesProps extends AlertPackProps {
  /**
   * OtelCollectorRefusingSpans: receivers refuse spans (memory_limiter pressure, bad requests); threshold = spans/s.
   * @default above 0 for 5m, warning
   */
  readonly refusingSpans?: AlertOptions | false;
  /**
   * OtelCollectorDroppingSpans: spans dropped because an exporter's queue was full; threshold = spans/s.
   * @default above 0 for 5m, warning
   */
  readonly droppingSpans?: AlertOptions | false;
  /**
   * OtelCollectorExporterFailing: share of spans an exporter failed to send after retries; threshold = ratio.
   * @default above 0.01 for 10m, warning
   */
  readonly exporterFailing?: AlertOptions | false;
  /**
   * OtelCollectorQueueNearlyFull: exporter queue fill ratio; threshold = ratio.
   * @default above 0.8 for 5m, warning
   */
  readonly queueNearlyFull?: AlertOptions | false;
  /**
   * OtelCollectorDown: no target of the collector's job is up (every replica down, or none scraped at
   * all); takes no threshold. Only with a `job` in `selector` (it reads `up`, which every target has):
   * without one it is left out, and options for it are refused.
   * @default for 5m, critical (when `selector` names the job)
   */
  readonly collectorDown?: AlertOptions | false;
}

const BY = 'namespace, pod';
const SPANS_PER_SECOND: NumberRange = { atLeast: 0, hint: 'give spans per second of 0 or more' };

/** What the tracing pipeline alerts read. */
interface TracingPipelineTerms {
  /** A series selector of the pack's selector. */
  readonly m: (metric: string) => string;
}

const alert = alertSpecs<TracingPipelineRulesProps, TracingPipelineTerms>();
const rate = (t: TracingPipelineTerms, metric: string) => `rate(${t.m(metric)}[5m])`;

/** The tracing pipeline alerts, in rule order. */
export const TRACING_PIPELINE_ALERTS = [
  alert({
    name: 'OtelCollectorRefusingSpans', prop: 'refusingSpans', severity: Severity.WARNING, for: '5m', threshold: 0, range: SPANS_PER_SECOND,
    expr: (t) => `sum by (${BY}, receiver) (${rate(t, COLLECTOR_METRICS.receiverRefusedSpans)}) > ${num(t.threshold)}`,
    summary: 'OTel collector {{ $labels.pod }} refuses spans on {{ $labels.receiver }}',
    description: (t) => `Receiver {{ $labels.receiver }} of {{ $labels.namespace }}/{{ $labels.pod }} refuses {{ $value | humanize }} spans/s (threshold ${num(t.threshold)}, for ${t.for}); applications lose these spans. Usually memory_limiter pressure: raise the memory limit or the replicas.`,
  }),
  alert({
    name: 'OtelCollectorDroppingSpans', prop: 'droppingSpans', severity: Severity.WARNING, for: '5m', threshold: 0, range: SPANS_PER_SECOND,
    expr: (t) => `sum by (${BY}, exporter) (${rate(t, COLLECTOR_METRICS.exporterEnqueueFailedSpans)}) > ${num(t.threshold)}`,
    summary: 'OTel collector {{ $labels.pod }} drops spans for {{ $labels.exporter }}',
    description: (t) => `{{ $labels.namespace }}/{{ $labels.pod }} drops {{ $value | humanize }} spans/s because the queue of exporter {{ $labels.exporter }} is full (threshold ${num(t.threshold)}, for ${t.for}).`,
  }),
  alert({
    name: 'OtelCollectorExporterFailing', prop: 'exporterFailing', severity: Severity.WARNING, for: '10m', threshold: 0.01, range: RATIO,
    expr: (t) => {
      const failed = `sum by (${BY}, exporter) (${rate(t, COLLECTOR_METRICS.exporterSendFailedSpans)})`;
      const sent = `sum by (${BY}, exporter) (${rate(t, COLLECTOR_METRICS.exporterSentSpans)})`;
      return `${failed} / (${sent} + ${failed}) > ${num(t.threshold)}`;
    },
    summary: 'OTel collector exporter {{ $labels.exporter }} fails to send spans',
    description: (t) => `Exporter {{ $labels.exporter }} of {{ $labels.namespace }}/{{ $labels.pod }} fails to send {{ $value | humanizePercentage }} of its spans (threshold ${percent(t.threshold)}%, for ${t.for}); check that the backend is up and reachable.`,
  }),
  alert({
    name: 'OtelCollectorQueueNearlyFull', prop: 'queueNearlyFull', severity: Severity.WARNING, for: '5m', threshold: 0.8, range: RATIO,
    expr: (t) => `max by (${BY}, exporter) (${t.m(COLLECTOR_METRICS.exporterQueueSize)}) / max by (${BY}, exporter) (${t.m(COLLECTOR_METRICS.exporterQueueCapacity)} > 0) > ${num(t.threshold)}`,
    summary: 'OTel collector queue of {{ $labels.exporter }} nearly full',
    description: (t) => `The sending queue of exporter {{ $labels.exporter }} on {{ $labels.namespace }}/{{ $labels.pod }} is {{ $value | humanizePercentage }} full (threshold ${percent(t.threshold)}%, for ${t.for}); spans are dropped when it is full.`,
  }),
  alert({
    name: 'OtelCollectorDown', prop: 'collectorDown', group: 'availability', severity: Severity.CRITICAL, for: '5m',
    noThreshold: 'fires when no target of the collector\'s job is up',
    // Every target down (max 0, with its labels), or no target at all (absent: labels of the equality matchers).
    expr: (t) => `max by (namespace, job) (${t.m(COLLECTOR_METRICS.up)}) == 0 or absent(${t.m(COLLECTOR_METRICS.up)})`,
    summary: 'OTel collector {{ $labels.job }} is down',
    description: (t) => `No target of {{ $labels.job }} has been up for ${t.for} (every replica down, or none scraped): applications' spans and span metrics are lost.`,
  }),
];

const TRACING_PIPELINE = alertPack<TracingPipelineRulesProps, TracingPipelineTerms>({
  kind: 'TracingPipelineRules', name: 'tracing-pipeline', team: 'platform',
  terms: (props, at) => ({ m: (metric) => renderSeriesSelector(metric, props.selector, at('selector')) }),
  alerts: TRACING_PIPELINE_ALERTS,
});

/**
 * Alerts for the tracing pipeline itself (the OpenTelemetry collector): refusing, dropping, failing
 * to export, an exporter queue close to full and, when the selector names the collector's `job`, the
 * collector down; each with a runbook link. Series come from the collector's :8888 metrics (labels
 * `namespace`, `pod`): scraped by the chart's ServiceMonitor under the job `OtelCollector.metricsJob`
 * once `OtelCollector.scrapedBy` is called (else by its prometheus.io annotations, job `kubernetes-pods`);
 * `OtelCollector.selfMonitoringRules()` gives the pack with that job.
 */
export class TracingPipelineRules extends AlertPack<TracingPipelineRulesProps> implements IRulePack {
  /** Builds the pack; throws a ValidationError for a bad threshold or selector. */
  public static create(props: TracingPipelineRulesProps): TracingPipelineRules {
    return new TracingPipelineRules(props);
  }

  private constructor(props: TracingPipelineRulesProps) {
    const hasJob = props?.selector !== undefined && props.selector !== null && typeof props.selector === 'object' && 'job' in props.selector;
    if (props && !hasJob && props.collectorDown !== undefined && props.collectorDown !== false) {
      throw new ValidationError(
        `TracingPipelineRules ${show(props.name ?? 'tracing-pipeline')} > collectorDown`,
        `${show(props.collectorDown)} is given but \`selector\` names no \`job\`, so OtelCollectorDown cannot tell the collector's \`up\` from every other target's; add the collector's job to \`selector\` (OtelCollector.metricsJob), or remove \`collectorDown\`.`,
      );
    }
    super(TRACING_PIPELINE, props && !hasJob ? { ...props, collectorDown: false } : props, PROMETHEUS_RULES);
  }
}
