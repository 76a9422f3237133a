import { compareText } from '../core/compare-text';
import type { ServiceLevelObjective } from '../rules/slo/service-level-objective';

const MINUTES_PER_DAY = 24 * 60;

/**
 * The error budget in minutes of the period: the time the service may be fully failing and still
 * meet the objective (99.9 % over 30d → 43.2 min). Rounded to 0.01 min.
 */
export function errorBudgetMinutes(errorBudgetRatio: number, periodDays: number): number {
  return Math.round(errorBudgetRatio * periodDays * MINUTES_PER_DAY * 100) / 100;
}

/** `43.2 min`, or `7.2 h (432 min)` from two hours on, so a large budget reads at a glance. */
export function formatBudget(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  return `${Number((minutes / 60).toFixed(2))} h (${minutes} min)`;
}

/** The summary.md table of SLOs: objective, period, error budget as a ratio and in minutes, alerts. */
export function renderSloTable(slos: ReadonlyArray<ServiceLevelObjective>): string {
  if (slos.length === 0) return 'No SLOs.';
  const lines = [
    '| SLO | service | SLI | objective | period | error budget | budget per period | team | alerts |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const sorted = [...slos].sort((a, b) => compareText(a.id, b.id));
  for (const slo of sorted) {
    const budgetPercent = Number((slo.errorBudgetRatio * 100).toPrecision(6));
    const minutes = errorBudgetMinutes(slo.errorBudgetRatio, slo.period.days);
    lines.push(
      `| ${slo.name} | ${slo.service} | ${slo.sli.kind} | ${slo.objectivePercent} % | ${slo.period.toString()} | ${budgetPercent} % | ${formatBudget(minutes)} | ${slo.team ?? '(no team)'} | ${slo.alertName}, ${slo.budgetAlertName} |`,
    );
  }
  return lines.join('\n');
}
