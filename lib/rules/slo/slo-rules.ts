import { Duration } from '../../core/duration';
import { AlertRule } from '../alert-rule';
import { RecordingRule } from '../recording-rule';
import { RuleGroup } from '../rule-group';
import { runbookUrlFor } from '../runbook';
import { BurnRateAlertKind, BurnRateWindow, alertWindows } from './burn-rate-window';
import type { ResolvedSloAlert, SloDefinition } from './slo-definition';
import { ERROR_BUDGET_THRESHOLD_LABEL, SloLabel, SloRecord, errorRatioRecord } from './slo-names';

const SLO_IDENTITY = `${SloLabel.ID}, ${SloLabel.SERVICE}, ${SloLabel.SLO}`;

/**
 * All rules of one SLO, in one group and in dependency order:
 *
 * 1. total and bad events over 5m (the only rules that read the raw metrics);
 * 2. `slo:sli_error:ratio_rate<w>` for 5m…3d and the period, each `sum_over_time(bad[w]) /
 *    sum_over_time(total[w])` of the 5m records: traffic-weighted, no NaN from quiet 5m slices, and
 *    a 30d window reads one recorded series instead of 30 days of raw samples;
 * 3. Sloth's meta records, with burn rates falling back to 0 where there was no traffic, so the
 *    remaining budget stays a number;
 * 4. page and ticket burn-rate alerts (`max without (sloth_window)`, so one alert identity whichever
 *    window pair trips) and the error-budget-policy alerts.
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
    new RecordingRule({
      record: SloRecord.PERIOD_ERROR_BUDGET_REMAINING,
      expr: `1 - ${SloRecord.PERIOD_BURN_RATE}${sel}`,
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
  const remaining = `${SloRecord.PERIOD_ERROR_BUDGET_REMAINING}${sel}`;
  slo.errorBudgetAlerts.forEach((step, index) => {
    const below = step.remainingPercent / 100;
    const next = slo.errorBudgetAlerts[index + 1];
    // Bands, so that only the current step fires (below 25 % is not also "below 75 %").
    const expr =
      step.remainingPercent === 0
        ? `${remaining} <= 0`
        : next !== undefined
          ? `(${remaining} < ${below}) ${next.remainingPercent === 0 ? '>' : '>='} ${next.remainingPercent / 100}`
          : `${remaining} < ${below}`;
    const exhausted = step.remainingPercent === 0;
    rules.push(
      new AlertRule({
        name: slo.budgetAlertName,
        expr,
        for: step.for ?? Duration.minutes(15),
        severity: step.severity,
        team: slo.team,
        labels: { ...slo.alertLabels, [ERROR_BUDGET_THRESHOLD_LABEL]: `${step.remainingPercent}%` },
        summary: exhausted
          ? '{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget is exhausted.'
          : `{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO has less than ${step.remainingPercent}% of its error budget left.`,
        description:
          `{{ $value | humanizePercentage }} of the ${period} error budget of the ${slo.objectivePercent}% objective is left. ` +
          (exhausted ? 'Error budget policy: freeze non-critical deployments and focus on reliability.' : 'Apply the error budget policy for this step.'),
        runbookUrl: runbookFor(slo, slo.budgetAlertName),
        dashboardUrl: slo.dashboardUrl,
        annotations: slo.alertAnnotations,
      }),
    );
  });

  return new RuleGroup(`${prefix}-${slo.id}`, { rules });
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

/** Every SLO alert links a runbook (kube-prometheus style), not only the critical ones. */
function runbookFor(slo: SloDefinition, alertName: string): string {
  return slo.runbookUrl ?? runbookUrlFor(slo.runbookBaseUrl, alertName);
}
