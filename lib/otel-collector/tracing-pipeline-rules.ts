import { Duration } from '../core/duration';
import { show } from '../core/validation-error';
import { AlertRule } from '../rules/alert-rule';
import { renderSeriesSelector } from '../rules/label-matcher';
import { withinModelPath } from '../rules/model-path';
import { AlertOptions, AlertPackContext, AlertPackProps, RATIO, num, percent } from '../rules/packs/pack-props';
import { RuleGroup } from '../rules/rule-group';
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
}

const BY = 'namespace, pod';

/**
 * Alerts for the tracing pipeline itself (the OpenTelemetry collector): refusing, dropping, failing
 * to export, and an exporter queue close to full, each with a runbook link. Series come from the
 * collector's :8888 metrics, scraped through its prometheus.io pod annotations (labels `namespace`, `pod`).
 */
export class TracingPipelineRules implements IRulePack {
  /** Builds the pack; throws a ValidationError for a bad threshold or selector. */
  public static create(props: TracingPipelineRulesProps): TracingPipelineRules {
    return new TracingPipelineRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: TracingPipelineRulesProps) {
    this.name = props?.name ?? 'tracing-pipeline';
    const where = `TracingPipelineRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const ctx = new AlertPackContext(props, 'platform', where);
      const m = (metric: string) => renderSeriesSelector(metric, props.selector, `${where} > selector`);
      const rate = (metric: string) => `rate(${m(metric)}[5m])`;
      const rules: AlertRule[] = [];
      const spansPerSecond = { atLeast: 0, hint: 'give spans per second of 0 or more' };

      const refusing = ctx.resolve('refusingSpans', 'OtelCollectorRefusingSpans', props.refusingSpans, { threshold: 0, for: Duration.minutes(5), severity: Severity.WARNING }, spansPerSecond);
      if (refusing) {
        rules.push(ctx.alert('OtelCollectorRefusingSpans', refusing, {
          expr: `sum by (${BY}, receiver) (${rate(COLLECTOR_METRICS.receiverRefusedSpans)}) > ${num(refusing.threshold)}`,
          summary: 'OTel collector {{ $labels.pod }} refuses spans on {{ $labels.receiver }}',
          description: `Receiver {{ $labels.receiver }} of {{ $labels.namespace }}/{{ $labels.pod }} refuses {{ $value | humanize }} spans/s (threshold ${num(refusing.threshold)}, for ${refusing.for}); applications lose these spans. Usually memory_limiter pressure: raise the memory limit or the replicas.`,
        }));
      }

      const dropping = ctx.resolve('droppingSpans', 'OtelCollectorDroppingSpans', props.droppingSpans, { threshold: 0, for: Duration.minutes(5), severity: Severity.WARNING }, spansPerSecond);
      if (dropping) {
        rules.push(ctx.alert('OtelCollectorDroppingSpans', dropping, {
          expr: `sum by (${BY}, exporter) (${rate(COLLECTOR_METRICS.exporterEnqueueFailedSpans)}) > ${num(dropping.threshold)}`,
          summary: 'OTel collector {{ $labels.pod }} drops spans for {{ $labels.exporter }}',
          description: `{{ $labels.namespace }}/{{ $labels.pod }} drops {{ $value | humanize }} spans/s because the queue of exporter {{ $labels.exporter }} is full (threshold ${num(dropping.threshold)}, for ${dropping.for}).`,
        }));
      }

      const failing = ctx.resolve('exporterFailing', 'OtelCollectorExporterFailing', props.exporterFailing, { threshold: 0.01, for: Duration.minutes(10), severity: Severity.WARNING }, RATIO);
      if (failing) {
        const failed = `sum by (${BY}, exporter) (${rate(COLLECTOR_METRICS.exporterSendFailedSpans)})`;
        const sent = `sum by (${BY}, exporter) (${rate(COLLECTOR_METRICS.exporterSentSpans)})`;
        rules.push(ctx.alert('OtelCollectorExporterFailing', failing, {
          expr: `${failed} / (${sent} + ${failed}) > ${num(failing.threshold)}`,
          summary: 'OTel collector exporter {{ $labels.exporter }} fails to send spans',
          description: `Exporter {{ $labels.exporter }} of {{ $labels.namespace }}/{{ $labels.pod }} fails to send {{ $value | humanizePercentage }} of its spans (threshold ${percent(failing.threshold)}%, for ${failing.for}); check that the backend is up and reachable.`,
        }));
      }

      const queue = ctx.resolve('queueNearlyFull', 'OtelCollectorQueueNearlyFull', props.queueNearlyFull, { threshold: 0.8, for: Duration.minutes(5), severity: Severity.WARNING }, RATIO);
      if (queue) {
        rules.push(ctx.alert('OtelCollectorQueueNearlyFull', queue, {
          expr: `max by (${BY}, exporter) (${m(COLLECTOR_METRICS.exporterQueueSize)}) / max by (${BY}, exporter) (${m(COLLECTOR_METRICS.exporterQueueCapacity)} > 0) > ${num(queue.threshold)}`,
          summary: 'OTel collector queue of {{ $labels.exporter }} nearly full',
          description: `The sending queue of exporter {{ $labels.exporter }} on {{ $labels.namespace }}/{{ $labels.pod }} is {{ $value | humanizePercentage }} full (threshold ${percent(queue.threshold)}%, for ${queue.for}); spans are dropped when it is full.`,
        }));
      }
      return rules.length === 0 ? [] : [new RuleGroup(this.name, { interval: ctx.interval, rules })];
    });
  }
}
