import { ValidationError, show } from '../core/validation-error';
import { AlertRule } from './alert-rule';
import { KUBE_PROMETHEUS_STACK_RECORDS } from './kube-prometheus-stack-records';
import { promqlMetricNames } from './promql';
import { closestName } from './promql-functions';
import { IRulePack } from './rule-pack';

/**
 * The recorded series an expression reads: the metric names of its selectors that have the shape of a
 * recording rule's name, `level:metric:operations` (Prometheus reserves colons for recording rules), in
 * order of appearance, each once.
 */
export function recordedSeriesIn(expr: string): string[] {
  return [...new Set(promqlMetricNames(expr).filter((name) => name.includes(':')))];
}

let chartRecords: ReadonlySet<string> | undefined;

/**
 * The series kube-prometheus-stack's own default rules record (e.g.
 * `node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate`) when the chart's
 * `defaultRules.create` is on: those of the rule templates the chart's default values switch on
 * (read from the pinned chart by scripts/chart-recording-rules.ts).
 */
export function kubePrometheusStackRecords(): ReadonlySet<string> {
  chartRecords ??= new Set(KUBE_PROMETHEUS_STACK_RECORDS.filter((file) => file.enabledByDefault).flatMap((file) => file.records));
  return chartRecords;
}

/** Options of {@link checkRecordedSeries}. */
export interface RecordedSeriesOptions {
  /**
   * Series recorded by something else that writes into the same Prometheus, e.g. the chart's default rules.
   * @default none
   */
  readonly alsoRecorded?: ReadonlySet<string>;
  /**
   * What records {@link alsoRecorded}, for messages, e.g. `the kube-prometheus-stack default rules`.
   * @default not named
   */
  readonly alsoRecordedBy?: string;
}

/**
 * Refuses a rule that reads a recorded series (`level:metric:operations`) that no recording rule of
 * `packs` (all the packs of one Prometheus) records, nor `alsoRecorded`: such a series never has data,
 * so an alert on it can never fire and a recording rule over it records nothing. Typically a
 * misspelled record name; the message offers the closest recorded name.
 *
 * @throws ValidationError at `rule pack "<pack>" > RuleGroup "<group>" > AlertRule "<name>" > expr`.
 */
export function checkRecordedSeries(packs: ReadonlyArray<IRulePack>, options: RecordedSeriesOptions = {}): void {
  const also = options.alsoRecorded ?? new Set<string>();
  const recorded = new Set<string>();
  for (const pack of packs) for (const group of pack.ruleGroups) for (const rule of group.recordingRules) recorded.add(rule.record);
  for (const pack of packs) {
    for (const group of pack.ruleGroups) {
      for (const rule of group.rules) {
        const missing = recordedSeriesIn(rule.expr).find((name) => !recorded.has(name) && !also.has(name));
        if (missing === undefined) continue;
        const isAlert = rule instanceof AlertRule;
        const what = isAlert ? `AlertRule ${show(rule.name)}` : `RecordingRule ${show(rule.record)}`;
        const suggestion = closestName(missing, [...recorded, ...also]);
        const recorders = `no recording rule of this Prometheus records it${also.size > 0 && options.alsoRecordedBy ? `, nor do ${options.alsoRecordedBy}` : ''}`;
        throw new ValidationError(
          `rule pack ${show(pack.name)} > RuleGroup ${show(group.name)} > ${what} > expr`,
          `${show(rule.expr)} reads ${show(missing)}, a recorded series (level:metric:operations), but ${recorders}; ` +
            `it never has data, so ${isAlert ? 'the alert can never fire' : 'this rule records nothing'}. ` +
            (suggestion !== undefined ? `Did you mean ${show(suggestion)}? ` : '') +
            `Fix the name, or add the RecordingRule that records ${show(missing)} to a rule pack of this Prometheus.`,
        );
      }
    }
  }
}
