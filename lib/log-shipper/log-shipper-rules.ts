import { ValidationError, show } from '../core/validation-error';
import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, NON_NEGATIVE, num } from '../rules/packs/pack-props';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * The `job` of Fluent Bit's scrape for a LogShipper of the default namespace and release name
 * (`<namespace>/<release>`, `LogShipper.jobName`): the chart's ServiceMonitor relabels every target to it.
 */
export const LOG_SHIPPER_JOB = 'monitoring/fluent-bit';

/**
 * Fluent Bit's own metric names, as 5.1 (chart fluent-bit 0.58.1, appVersion 5.1.1) exposes them on
 * `/api/v2/metrics/prometheus` (cmetrics): fluent/fluent-bit src/flb_output.c (`fluentbit_output_*`, label
 * `name` = the output instance, e.g. `loki.0`, `es.1`) and src/flb_input.c (`fluentbit_input_records_total`,
 * label `name` = the input instance, `tail.0`). `kube_pod_info` (labels `node`, `created_by_kind`) and
 * `kube_pod_status_phase` (label `phase`) are kube-state-metrics'.
 */
export const FLUENT_BIT_METRICS = {
  outputRetries: 'fluentbit_output_retries_total',
  outputRetriesFailed: 'fluentbit_output_retries_failed_total',
  outputDroppedRecords: 'fluentbit_output_dropped_records_total',
  inputRecords: 'fluentbit_input_records_total',
  up: 'up',
  kubePodInfo: 'kube_pod_info',
  kubePodPhase: 'kube_pod_status_phase',
} as const;

/** Properties of {@link LogShipperRules}. */
export interface LogShipperRulesProps extends AlertPackProps {
  /**
   * The `job` label of the shipper's targets.
   * @default LOG_SHIPPER_JOB ("monitoring/fluent-bit", the job of a LogShipper of the default namespace and release name; `LogShipper.selfMonitoringRules()` passes its own)
   */
  readonly job?: string;
  /**
   * FluentBitOutputRetrying: an output's chunks are being retried (the backend refuses or is unreachable);
   * threshold = retries per second.
   * @default above 0 for 15m, warning
   */
  readonly outputRetrying?: AlertOptions | false;
  /**
   * FluentBitLogsLost: an output gave records up (retry limit reached, or an unrecoverable error); takes no
   * threshold (any loss fires).
   * @default for 0m (at once), critical
   */
  readonly logsLost?: AlertOptions | false;
  /**
   * FluentBitInputStalled: a node runs Running pods that are not DaemonSet pods, yet its shipper reads no records;
   * threshold = records per second at or below which the input counts as stalled.
   * @default at or below 0 for 30m, warning
   */
  readonly inputStalled?: AlertOptions | false;
  /**
   * FluentBitDown: a shipper pod cannot be scraped, or no shipper is scraped at all (its node's logs are
   * not collected); takes no threshold.
   * @default for 10m, critical
   */
  readonly down?: AlertOptions | false;
}

/** What the alerts read: the shipper's series selector. */
interface LogShipperTerms {
  /** A selector of the shipper's series: its job, then the pack's `selector`. */
  readonly series: (metric: string) => string;
  /** The job, for `absent(…)`. */
  readonly job: string;
}

const LABEL_VALUE = /^[^"\\\n]+$/;
const alert = alertSpecs<LogShipperRulesProps, LogShipperTerms>();
const BY = 'namespace, pod, node, name';

/** The log shipper's alerts, in rule order. */
export const LOG_SHIPPER_ALERTS = [
  alert({
    name: 'FluentBitOutputRetrying', prop: 'outputRetrying', severity: Severity.WARNING, for: '15m', threshold: 0, range: NON_NEGATIVE,
    expr: (t) => `sum by (${BY}) (rate(${t.series(FLUENT_BIT_METRICS.outputRetries)}[5m])) > ${num(t.threshold)}`,
    summary: 'Fluent Bit on {{ $labels.node }} keeps retrying output {{ $labels.name }}',
    description: (t) =>
      `Output {{ $labels.name }} of {{ $labels.namespace }}/{{ $labels.pod }} retries {{ $value | humanize }} chunks/s (threshold ${num(t.threshold)}, for ${t.for}): the backend refuses or cannot be reached. Logs pile up in the tail buffer; once it is full, reading pauses.`,
  }),
  alert({
    name: 'FluentBitLogsLost', prop: 'logsLost', severity: Severity.CRITICAL,
    noThreshold: 'fires on any record given up',
    expr: (t) =>
      `sum by (${BY}) (increase(${t.series(FLUENT_BIT_METRICS.outputDroppedRecords)}[5m])) > 0\nor\nsum by (${BY}) (increase(${t.series(FLUENT_BIT_METRICS.outputRetriesFailed)}[5m])) > 0`,
    summary: 'Fluent Bit on {{ $labels.node }} lost logs of output {{ $labels.name }}',
    description:
      'Output {{ $labels.name }} of {{ $labels.namespace }}/{{ $labels.pod }} gave up records in the last 5 minutes (dropped records, or chunks whose retries ran out): those lines never reach the backend. Check the backend\'s errors (Fluent Bit logs them) and the output\'s Retry_Limit.',
  }),
  alert({
    name: 'FluentBitInputStalled', prop: 'inputStalled', severity: Severity.WARNING, for: '30m', threshold: 0, range: NON_NEGATIVE,
    expr: (t) =>
      `sum by (node) (rate(${t.series(FLUENT_BIT_METRICS.inputRecords)}[15m])) <= ${num(t.threshold)}\nand on (node)\ncount by (node) (${FLUENT_BIT_METRICS.kubePodInfo}{created_by_kind!="DaemonSet",node!=""} * on (namespace, pod) group_left () (${FLUENT_BIT_METRICS.kubePodPhase}{phase="Running"} == 1)) > 0`,
    summary: 'Fluent Bit reads no logs on {{ $labels.node }}',
    description: (t) =>
      `Fluent Bit on {{ $labels.node }} reads {{ $value | humanize }} records/s (threshold ${num(t.threshold)}, for ${t.for}) although application pods run there: the tail input is stuck (paused on a full buffer, or the log path is wrong).`,
  }),
  alert({
    name: 'FluentBitDown', prop: 'down', severity: Severity.CRITICAL, for: '10m',
    noThreshold: 'fires when a target\'s `up` is 0 or no target is scraped',
    expr: (t) => `${t.series(FLUENT_BIT_METRICS.up)} == 0\nor\nabsent(${FLUENT_BIT_METRICS.up}{job=${JSON.stringify(t.job)}})`,
    summary: 'Fluent Bit is down ({{ $labels.pod }} on {{ $labels.node }})',
    description: (t) =>
      `Prometheus cannot scrape Fluent Bit pod {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.node }}, or no target of job ${t.job} exists (for ${t.for}): the logs of that node are not being shipped.`,
  }),
];

const LOG_SHIPPER = alertPack<LogShipperRulesProps, LogShipperTerms>({
  kind: 'LogShipperRules', name: 'log-shipper', team: 'platform',
  terms: (props, at) => {
    const job = props.job ?? LOG_SHIPPER_JOB;
    if (typeof job !== 'string' || !LABEL_VALUE.test(job)) {
      throw new ValidationError(at('job'), `${show(job)} is not a job label value; give the job of the shipper's scrape, e.g. "${LOG_SHIPPER_JOB}".`);
    }
    return {
      job,
      series: (metric) => renderSeriesSelector(metric, props.selector, at('selector'), [`job=${JSON.stringify(job)}`]),
    };
  },
  alerts: LOG_SHIPPER_ALERTS,
});

/**
 * Self-monitoring of the log shipper (Fluent Bit): outputs retrying, logs lost (dropped records or retries
 * given up), an input stalled on a node with application pods, and the shipper down; each alert with a
 * runbook link, tunable or switched off (`false`) one by one. Series come from the LogShipper's
 * ServiceMonitor (job {@link LOG_SHIPPER_JOB}, with the `node` label) and kube-state-metrics.
 */
export class LogShipperRules extends AlertPack<LogShipperRulesProps> implements IRulePack {
  /** Builds the pack; throws a ValidationError for a bad threshold, job or selector. */
  public static create(props: LogShipperRulesProps): LogShipperRules {
    return new LogShipperRules(props);
  }

  private constructor(props: LogShipperRulesProps) {
    super(LOG_SHIPPER, props, PROMETHEUS_RULES);
  }
}
