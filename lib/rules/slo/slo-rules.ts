import { Duration } from '../../core/duration';
import { AlertRule } from '../alert-rule';
import { RecordingRule } from '../recording-rule';
import { RuleGroup } from '../rule-group';
import { runbookUrlFor } from '../runbook';
import { BurnRateAlertKind, BurnRateWindow, alertWindows } from './burn-rate-window';
import type { ResolvedSloAlert, SloDefinition } from './slo-definition';
import { Severity } from '../severity';
import { percentToRatio } from './decimal';
import { ERROR_BUDGET_THRESHOLD_LABEL, SLI_ABSENT_LABEL, SloLabel, SloRecord, errorRatioRecord } from './slo-names';

const SLO_IDENTITY = `${SloLabel.ID}, ${SloLabel.SERVICE}, ${SloLabel.SLO}`;

/**
 * All rules of one SLO, in one group and in dependency order:
 *
 * 1. total and bad events over 5m (the only rules that read the raw metrics);
 * 2. `slo:sli_error:ratio_rate<w>` for 5m…3d and the period, each `sum_over_time(bad[w]) /
 *    sum_over_time(total[w])` of the 5m records: traffic-weighted, no NaN from quiet 5m slices, and
 *    a 30d window reads one recorded series instead of 30 days of raw samples;
 * 3. Sloth's meta records, with burn rates falling back to 0 where there was no traffic, so the
 *    remaining budget stays a number; the remaining budget is measured against the budget of the
 *    whole period (errors so far over the errors the period allows), so a fresh SLO starts with its
 *    budget intact;
 * 4. page and ticket burn-rate alerts (`max without (sloth_window)`, so one alert identity whichever
 *    window pair trips), the error-budget-policy alerts and the absent-data alerts.
 */
export function sloRuleGroup(slo: SloDefinition, prefix: string): RuleGroup {
  const sel = slo.selector;
  const identity = { ...slo.labels, [SloLabel.ID]: slo.id, [SloLabel.SERVICE]: slo.service, [SloLabel.SLO]: slo.name };
  const windowed = (window: string) => ({ ...identity, [SloLabel.WINDOW]: window });
  const period = slo.period.toString();
  const rules: Array<AlertRule | RecordingRule> = [];

  // 1. Base recordings.
  const recordNames = { total: SloRecord.TOTAL_EVENTS, error: SloRecord.ERROR_EVENTS };
  const base = slo.sli.baseRecordings({
    totalRef: `${SloRecord.TOTAL_EVENTS}${sel}`,
    errorRef: `${SloRecord.ERROR_EVENTS}${sel}`,
    ruleLabelNames: Object.keys(windowed('5m')).sort(),
  });
  for (const recording of base) {
    rules.push(new RecordingRule({ record: recordNames[recording.events], expr: recording.expr, labels: windowed('5m') }));
  }

  // 2. Error ratios per window. A window without traffic gives no sample (not NaN): `> 0` filters it.
  rules.push(
    new RecordingRule({
      record: errorRatioRecord('5m'),
      expr: `${SloRecord.ERROR_EVENTS}${sel}\n/\n(${SloRecord.TOTAL_EVENTS}${sel} > 0)`,
      labels: windowed('5m'),
    }),
  );
  const windows = [...alertWindows(slo.period).map((w) => w.toPrometheus()).filter((w) => w !== '5m'), period];
  for (const window of windows) {
    rules.push(
      new RecordingRule({
        record: errorRatioRecord(window),
        expr:
          `sum_over_time(${SloRecord.ERROR_EVENTS}${sel}[${window}])\n/\n` +
          `(sum_over_time(${SloRecord.TOTAL_EVENTS}${sel}[${window}]) > 0)`,
        labels: windowed(window),
      }),
    );
  }

  // 3. Sloth's meta recordings.
  const budget = `${SloRecord.ERROR_BUDGET}${sel}`;
  rules.push(
    new RecordingRule({ record: SloRecord.OBJECTIVE, expr: `vector(${slo.objectiveRatio})`, labels: identity }),
    new RecordingRule({ record: SloRecord.ERROR_BUDGET, expr: `vector(${slo.errorBudgetRatio})`, labels: identity }),
    new RecordingRule({ record: SloRecord.TIME_PERIOD_DAYS, expr: `vector(${slo.period.days})`, labels: identity }),
    new RecordingRule({
      record: SloRecord.CURRENT_BURN_RATE,
      expr: burnRate(errorRatioRecord('5m'), sel, budget),
      labels: windowed('5m'),
    }),
    new RecordingRule({
      record: SloRecord.PERIOD_BURN_RATE,
      expr: burnRate(errorRatioRecord(period), sel, budget),
      labels: windowed(period),
    }),
    // How much of the period has data: the errors so far are the period's error ratio times this
    // share of the period, and the errors the period allows are the budget times the whole period
    // (its traffic extrapolated from the traffic seen so far). So the share of the budget spent is
    // the period burn rate times this share: 1/30 of it after one day of a 30d period.
    new RecordingRule({ record: SloRecord.DATA_TIMESTAMP, expr: `timestamp(${SloRecord.TOTAL_EVENTS}${sel})`, labels: windowed('5m') }),
    new RecordingRule({
      record: SloRecord.PERIOD_ELAPSED,
      expr:
        `clamp_max(\n  (time() - min_over_time(${SloRecord.DATA_TIMESTAMP}${sel}[${period}])) / ${slo.period.duration.toSeconds()},\n  1\n)\n` +
        `or on(${SLO_IDENTITY})\n(${budget} * 0)`,
      labels: windowed(period),
    }),
    new RecordingRule({
      record: SloRecord.PERIOD_ERROR_BUDGET_REMAINING,
      expr: `1 - (\n  ${SloRecord.PERIOD_BURN_RATE}${sel}\n  * on(${SLO_IDENTITY})\n  ${SloRecord.PERIOD_ELAPSED}${sel}\n)`,
      labels: windowed(period),
    }),
    new RecordingRule({
      record: SloRecord.INFO,
      expr: 'vector(1)',
      labels: { ...identity, [SloLabel.OBJECTIVE]: String(slo.objectivePercent) },
    }),
  );

  // 4. Alerts.
  for (const [kind, options] of [[BurnRateAlertKind.PAGE, slo.pageAlert], [BurnRateAlertKind.TICKET, slo.ticketAlert]] as const) {
    if (!options.enabled) continue;
    const pairs = slo.burnRateWindows.filter((window) => window.kind === kind);
    rules.push(burnRateAlert(slo, kind, options, pairs));
  }
  rules.push(...budgetPolicyAlerts(slo));
  rules.push(...absentDataAlerts(slo));

  return new RuleGroup(`${prefix}-${slo.id}`, { rules });
}

/**
 * The error budget policy as alerts on the remaining budget of the period. Steps above 0 are bands
 * (only the current step fires; below 25 % is not also "below 75 %"). The exhausted step fires with
 * its severity while the budget is still being spent (error ratio over the last hour above the
 * budget's, i.e. burn rate above 1); a critical exhausted step turns into a warning once the spending
 * stops, so that the page ends with the incident and not weeks later, when its errors have left the
 * rolling period. Every step resolves when the budget recovers above it.
 */
function budgetPolicyAlerts(slo: SloDefinition): AlertRule[] {
  const sel = slo.selector;
  const period = slo.period.toString();
  const remaining = `${SloRecord.PERIOD_ERROR_BUDGET_REMAINING}${sel}`;
  const burning = `on(${SLO_IDENTITY}) (${errorRatioRecord('1h')}${sel} > ${slo.errorBudgetRatio})`;
  const alerts: AlertRule[] = [];
  slo.errorBudgetAlerts.forEach((step, index) => {
    const next = slo.errorBudgetAlerts[index + 1];
    const common = {
      name: slo.budgetAlertName,
      for: step.for ?? Duration.minutes(15),
      team: slo.team,
      labels: { ...slo.alertLabels, [ERROR_BUDGET_THRESHOLD_LABEL]: `${step.remainingPercent}%` },
      runbookUrl: runbookFor(slo, slo.budgetAlertName),
      dashboardUrl: slo.dashboardUrl,
      annotations: slo.alertAnnotations,
    };
    const left = `{{ $value | humanizePercentage }} of the ${period} error budget of the ${slo.objectivePercent}% objective is left`;
    if (step.remainingPercent > 0) {
      const expr = next !== undefined
        ? `(${remaining} < ${percentToRatio(step.remainingPercent)}) ${next.remainingPercent === 0 ? '>' : '>='} ${percentToRatio(next.remainingPercent)}`
        : `${remaining} < ${percentToRatio(step.remainingPercent)}`;
      alerts.push(new AlertRule({
        ...common,
        expr,
        severity: step.severity,
        summary: `{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO has less than ${step.remainingPercent}% of its error budget left.`,
        description:
          `${left} (errors so far in the rolling period, over the errors the whole period allows). ` +
          'Apply the error budget policy for this step. Resolves when the budget rises above the step again (old errors leave the period) or falls to the next step.',
      }));
      return;
    }
    const exhausted = `${remaining} <= 0`;
    const recovers = 'Resolves when the budget recovers (the errors leave the rolling period).';
    if (step.severity !== Severity.CRITICAL) {
      alerts.push(new AlertRule({
        ...common,
        expr: exhausted,
        severity: step.severity,
        summary: '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget is exhausted.',
        description: `${left}. Error budget policy: freeze non-critical deployments and focus on reliability. ${recovers}`,
      }));
      return;
    }
    alerts.push(
      new AlertRule({
        ...common,
        expr: `(${exhausted})\nand ${burning}`,
        severity: step.severity,
        summary: '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget is exhausted and still being spent.',
        description:
          `${left}, and errors over the last hour still arrive faster than the objective allows. ` +
          `Error budget policy: incident response, freeze non-critical deployments. Becomes a warning once the errors slow down; ${recovers.charAt(0).toLowerCase()}${recovers.slice(1)}`,
      }),
      new AlertRule({
        ...common,
        expr: `(${exhausted})\nunless ${burning}`,
        severity: Severity.WARNING,
        summary: '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget is exhausted.',
        description: `${left}; the errors have slowed down. Error budget policy: freeze non-critical deployments and focus on reliability. ${recovers}`,
      }),
    );
  });
  return alerts;
}

/**
 * One alert per way the SLI can lose its data (a missing or renamed metric; for a latency SLI also
 * a histogram without the threshold's bucket), so that such an SLO does not read as perfect. The
 * series of `slo:objective:ratio` carries the SLO's labels into the alert.
 */
function absentDataAlerts(slo: SloDefinition): AlertRule[] {
  const options = slo.absentAlert;
  if (!options.enabled) return [];
  return slo.sli.dataChecks.map((check) => new AlertRule({
    name: options.name,
    expr: `${SloRecord.OBJECTIVE}${slo.selector}\nand on() (\n  ${check.expr}\n)`,
    for: options.for,
    severity: options.severity,
    team: slo.team,
    labels: { ...slo.alertLabels, [SLI_ABSENT_LABEL]: check.problem },
    summary: check.problem === 'events'
      ? '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO has no SLI data.'
      : '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO histogram has no bucket at the latency threshold.',
    description: check.problem === 'events'
      ? `No ${check.missing} for ${options.for.toPrometheus()}: the SLO measures nothing, so it shows no errors, an intact budget and no burn. ` +
        'Check that the metric still exists under this name and that the selector matches it (a renamed metric or label, a scrape that stopped).'
      : `Some or all series lack ${check.missing}: their requests cannot be told fast or slow and are left out of the SLI. ` +
        "Use one of the histogram's bucket bounds as the threshold, or add the threshold to the service's histogram buckets.",
    runbookUrl: runbookFor(slo, options.name),
    dashboardUrl: slo.dashboardUrl,
    annotations: slo.alertAnnotations,
  }));
}

/** `ratio / budget`, or 0 where there was no traffic (no ratio sample), never NaN. */
function burnRate(ratioRecord: string, sel: string, budget: string): string {
  return `(\n  ${ratioRecord}${sel}\n  / on(${SLO_IDENTITY}) group_left\n  ${budget}\n)\nor on(${SLO_IDENTITY})\n(${budget} * 0)`;
}

function burnRateAlert(slo: SloDefinition, kind: BurnRateAlertKind, options: ResolvedSloAlert, pairs: ReadonlyArray<BurnRateWindow>): AlertRule {
  const sel = slo.selector;
  const over = (window: Duration, factor: number) =>
    `max without (${SloLabel.WINDOW}) (${errorRatioRecord(window.toPrometheus())}${sel} > (${factor} * ${slo.errorBudgetRatio}))`;
  const conditions = pairs.map((pair) => {
    const both = `    ${over(pair.shortWindow, pair.burnRateFactor)}\n    and\n    ${over(pair.longWindow, pair.burnRateFactor)}`;
    const guard =
      kind === BurnRateAlertKind.PAGE && slo.minTrafficPerSecond !== undefined
        ? `\n    and on(${SLO_IDENTITY})\n    (avg_over_time(${SloRecord.TOTAL_EVENTS}${sel}[${pair.longWindow.toPrometheus()}]) >= ${slo.minTrafficPerSecond})`
        : '';
    return `(\n${both}${guard}\n)`;
  });
  const factors = pairs.map((pair) => `${pair.burnRateFactor}× over ${pair.longWindow.toPrometheus()}/${pair.shortWindow.toPrometheus()}`).join(' or ');
  return new AlertRule({
    name: slo.alertName,
    expr: conditions.join('\nor\n'),
    severity: options.severity,
    team: slo.team,
    labels: { ...slo.alertLabels, ...options.labels, [SloLabel.SEVERITY]: kind },
    summary: slo.alertSummary,
    description:
      `({{ $labels.sloth_severity }}) The ${slo.objectivePercent}% ${slo.period} objective of {{ $labels.sloth_service }} {{ $labels.sloth_slo }} ` +
      `is burning its error budget too fast (burn rate above ${factors}).`,
    runbookUrl: runbookFor(slo, slo.alertName),
    dashboardUrl: slo.dashboardUrl,
    annotations: { ...slo.alertAnnotations, ...options.annotations },
  });
}

/**
 * Every SLO alert links a runbook (kube-prometheus style), not only the critical ones, when the SLO
 * has a runbook link or base (an imported Sloth SLO may have neither).
 */
function runbookFor(slo: SloDefinition, alertName: string): string | undefined {
  if (slo.runbookUrl !== undefined) return slo.runbookUrl;
  return slo.runbookBaseUrl === undefined ? undefined : runbookUrlFor(slo.runbookBaseUrl, alertName);
}
