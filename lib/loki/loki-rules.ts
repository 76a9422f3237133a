import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, NON_NEGATIVE, POSITIVE, RATIO, num, percent } from '../rules/packs/pack-props';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * Loki's own metric names, as Loki 3.7.6 (the loki chart 18.11.0's appVersion) exposes them on
 * `/metrics` of its HTTP port (3100), in every target (`-target=all` in Monolithic, one component per
 * workload in Distributed):
 * - `loki_request_duration_seconds` (labels `route`, `status_code`, `method`) and `loki_panic_total`:
 *   dskit's instrumented server, read by the upstream mixin's LokiRequestErrors / LokiRequestPanics
 *   (grafana/loki v3.7.6 production/loki-mixin/alerts.libsonnet);
 * - `loki_ingester_chunks_flush_failures_total`, `loki_ingester_chunks_flush_requests_total`
 *   (pkg/ingester/metrics.go; counters without labels, per ingester);
 * - `loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds` (the mixin's
 *   LokiCompactorHasNotSuccessfullyRunCompaction; the name kept its boltdb_shipper prefix with tsdb) and
 *   `loki_compactor_apply_retention_last_successful_run_timestamp_seconds` (pkg/compactor/metrics.go):
 *   gauges, 0 until the first success of this process;
 * - `loki_prometheus_rule_evaluations_total`, `loki_prometheus_rule_evaluation_failures_total` (labels
 *   `user`, `rule_group`; pkg/ruler/base/manager_metrics.go with the `loki` metrics namespace).
 */
export const LOKI_METRICS = {
  requestDuration: 'loki_request_duration_seconds',
  panics: 'loki_panic_total',
  flushFailures: 'loki_ingester_chunks_flush_failures_total',
  flushRequests: 'loki_ingester_chunks_flush_requests_total',
  compactionLastSuccess: 'loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds',
  retentionLastSuccess: 'loki_compactor_apply_retention_last_successful_run_timestamp_seconds',
  ruleEvaluations: 'loki_prometheus_rule_evaluations_total',
  ruleEvaluationFailures: 'loki_prometheus_rule_evaluation_failures_total',
} as const;

/** Properties of {@link LokiRules}. */
export interface LokiRulesProps extends AlertPackProps {
  /**
   * LokiRequestErrors: share of a route's requests answered with a 5xx; threshold = ratio (the mixin's 10 %).
   * @default above 0.1 for 15m, critical
   */
  readonly requestErrors?: AlertOptions | false;
  /**
   * LokiRequestPanics: panics of a Loki job in the last 10 minutes; threshold = panics.
   * @default above 0, at once, critical
   */
  readonly requestPanics?: AlertOptions | false;
  /**
   * LokiIngesterFlushFailures: share of an ingester's chunk flushes to the store that fail (chunks stay in
   * memory and the WAL, and are lost if the ingester dies); threshold = ratio.
   * @default above 0.01 for 15m, critical
   */
  readonly flushFailures?: AlertOptions | false;
  /**
   * LokiCompactionNotRunning: no successful compaction within the window; threshold = hours (the window).
   * @default above 3 hours for 1h, critical
   */
  readonly compactionNotRunning?: AlertOptions | false;
  /**
   * LokiRetentionNotRunning: no successful retention run within the window, so nothing older than the
   * retention period is deleted any more; threshold = hours (the window). The stack's compactor applies
   * retention every 10 minutes.
   * @default above 6 hours for 1h, critical
   */
  readonly retentionNotRunning?: AlertOptions | false;
  /**
   * LokiRulerEvaluationFailures: share of a rule group's evaluations that fail (its LogQL alerts and
   * recording rules are then not evaluated); threshold = ratio.
   * @default above 0.01 for 10m, warning
   */
  readonly rulerEvaluationFailures?: AlertOptions | false;
}

/** What the Loki alerts read. */
interface LokiTerms {
  /** A series selector of the pack's selector. */
  readonly m: (metric: string, fixed?: string[]) => string;
}

const alert = alertSpecs<LokiRulesProps, LokiTerms>();
const HOURS: typeof POSITIVE = { above: 0, hint: 'give a number of hours above 0, e.g. 6' };

/** The Loki alerts, in rule order. */
export const LOKI_ALERTS = [
  alert({
    name: 'LokiRequestErrors', prop: 'requestErrors', severity: Severity.CRITICAL, for: '15m', threshold: 0.1, range: RATIO,
    expr: (t) => {
      const by = 'sum by (namespace, job, route)';
      return `${by} (rate(${t.m(`${LOKI_METRICS.requestDuration}_count`, ['status_code=~"5.."'])}[5m])) / ${by} (rate(${t.m(`${LOKI_METRICS.requestDuration}_count`)}[5m])) > ${num(t.threshold)}`;
    },
    summary: 'Loki {{ $labels.job }} answers {{ $labels.route }} with errors',
    description: (t) => `{{ $value | humanizePercentage }} of the requests to {{ $labels.route }} on {{ $labels.job }} fail with a 5xx (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
  alert({
    name: 'LokiRequestPanics', prop: 'requestPanics', severity: Severity.CRITICAL, threshold: 0, range: NON_NEGATIVE,
    expr: (t) => `sum by (namespace, job) (increase(${t.m(LOKI_METRICS.panics)}[10m])) > ${num(t.threshold)}`,
    summary: 'Loki {{ $labels.job }} panics',
    description: (t) => `{{ $labels.job }} panicked {{ $value | humanize }} times in the last 10 minutes (threshold ${num(t.threshold)}); read the pod's logs for the stack trace.`,
  }),
  alert({
    name: 'LokiIngesterFlushFailures', prop: 'flushFailures', severity: Severity.CRITICAL, for: '15m', threshold: 0.01, range: RATIO,
    expr: (t) => {
      const by = 'sum by (namespace, job, pod)';
      return `${by} (rate(${t.m(LOKI_METRICS.flushFailures)}[5m])) / ${by} (rate(${t.m(LOKI_METRICS.flushRequests)}[5m])) > ${num(t.threshold)}`;
    },
    summary: 'Loki ingester {{ $labels.pod }} fails to flush chunks',
    description: (t) => `{{ $value | humanizePercentage }} of the chunk flushes of {{ $labels.namespace }}/{{ $labels.pod }} fail (threshold ${percent(t.threshold)}%, for ${t.for}); the chunks stay in memory and the WAL until the object store accepts them. Check the store's credentials and reachability.`,
  }),
  alert({
    name: 'LokiCompactionNotRunning', prop: 'compactionNotRunning', group: 'compactor', severity: Severity.CRITICAL, for: '1h', threshold: 3, range: HOURS,
    // The newest success of any compactor process within the window (a restart starts a new series at 0,
    // so the window's maximum keeps the previous process's success): never ran in the window, or too long ago.
    expr: (t) => `time() - max by (namespace, job) (max_over_time(${t.m(LOKI_METRICS.compactionLastSuccess)}[${num(t.threshold)}h])) > ${num(t.threshold * 3600)}`,
    summary: 'Loki compactor of {{ $labels.job }} has not compacted',
    description: (t) => `The compactor of {{ $labels.job }} has not compacted the index successfully for more than ${num(t.threshold)} hours (for ${t.for}); queries slow down and retention stops with it.`,
  }),
  alert({
    name: 'LokiRetentionNotRunning', prop: 'retentionNotRunning', group: 'compactor', severity: Severity.CRITICAL, for: '1h', threshold: 6, range: HOURS,
    expr: (t) => `time() - max by (namespace, job) (max_over_time(${t.m(LOKI_METRICS.retentionLastSuccess)}[${num(t.threshold)}h])) > ${num(t.threshold * 3600)}`,
    summary: 'Loki retention of {{ $labels.job }} is not running',
    description: (t) => `The compactor of {{ $labels.job }} has not applied retention successfully for more than ${num(t.threshold)} hours (for ${t.for}): logs older than the retention period are no longer deleted and the store keeps growing.`,
  }),
  alert({
    name: 'LokiRulerEvaluationFailures', prop: 'rulerEvaluationFailures', group: 'ruler', severity: Severity.WARNING, for: '10m', threshold: 0.01, range: RATIO,
    expr: (t) => {
      const by = 'sum by (namespace, job, rule_group)';
      return `${by} (rate(${t.m(LOKI_METRICS.ruleEvaluationFailures)}[5m])) / ${by} (rate(${t.m(LOKI_METRICS.ruleEvaluations)}[5m])) > ${num(t.threshold)}`;
    },
    summary: 'Loki ruler fails to evaluate {{ $labels.rule_group }}',
    description: (t) => `{{ $value | humanizePercentage }} of the evaluations of rule group {{ $labels.rule_group }} on {{ $labels.job }} fail (threshold ${percent(t.threshold)}%, for ${t.for}); its LogQL alerts and recording rules are not evaluated.`,
  }),
];

const LOKI = alertPack<LokiRulesProps, LokiTerms>({
  kind: 'LokiRules', name: 'loki', team: 'platform',
  terms: (props, at) => ({
    m: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
  }),
  alerts: LOKI_ALERTS,
});

/**
 * Loki watching itself (PromQL over Loki's own metrics, not LogQL), in the spirit of the upstream
 * loki-mixin: requests failing per route, panics, ingester chunk flushes failing, the compactor not
 * compacting and not applying retention (retention that silently stops deleting is the failure this
 * pack exists for), and the ruler failing to evaluate. Every alert is tunable or switchable one by one
 * and links its runbook. `Loki.selfMonitoringRules()` gives it with the selector of the jobs its
 * ServiceMonitor produces in either deployment mode (see docs/loki.md).
 *
 * ```ts
 * prometheus.addRules(LokiRules.create({
 *   runbookBaseUrl: 'https://runbooks.example.com/alerts',
 *   selector: { namespace: 'monitoring', job: LabelMatcher.regex('monitoring/loki(-.+)?') },
 * }));
 * ```
 */
export class LokiRules extends AlertPack<LokiRulesProps> implements IRulePack {
  /** The pack for the Loki jobs the selector picks; throws a ValidationError for a bad threshold or selector. */
  public static create(props: LokiRulesProps): LokiRules {
    return new LokiRules(props);
  }

  private constructor(props: LokiRulesProps) {
    super(LOKI, props, PROMETHEUS_RULES);
  }
}
