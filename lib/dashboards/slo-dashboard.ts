import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { ServiceLevelObjective } from '../rules/slo/service-level-objective';
import { SloDashboardData, sloDashboardData } from '../rules/slo/slo-dashboard-data';
import { Dashboard } from './dashboard';
import { datasourceVariable, statPanel, timeseriesPanel } from './panels';

/**
 * One SLO: error budget left, burn rates against the alert thresholds, and the SLI against the
 * objective. Every query reads the SLO's recorded series (lib/rules/slo), so the dashboard is cheap
 * and agrees with the alerts by construction.
 */
export function sloDashboard(input: SloDashboardData | ServiceLevelObjective): Dashboard {
  const data: SloDashboardData = 'queries' in input ? input : sloDashboardData(input);
  const q = data.queries;
  const pageFactor = Math.min(...data.burnRateThresholds.map((t) => t.burnRateFactor), Number.POSITIVE_INFINITY);
  const burnSteps = [...new Set(data.burnRateThresholds.map((t) => t.burnRateFactor))].sort((a, b) => a - b);
  const budgetWindows = Object.entries(q.errorRatioByWindow);
  const builder = new DashboardBuilder(data.title)
    .uid(data.uid)
    .tags([...data.tags])
    .description(data.description ?? `${data.objectivePercent}% ${data.slo} of ${data.service} over ${data.periodDays} days.`)
    .refresh('1m')
    .time({ from: `now-${data.periodDays}d`, to: 'now' })
    .withVariable(datasourceVariable('prometheus'))
    .withRow(new RowBuilder(`${data.service} / ${data.slo}: ${data.objectivePercent}% over ${data.periodDays}d`))
    .withPanel(statPanel({ title: 'Error budget remaining', description: `Share of the ${data.periodDays}-day error budget (${(data.errorBudgetRatio * 100).toPrecision(3)}% of events) still unspent; at 0 the SLO is breached.`, unit: 'percentunit', width: 6, targets: [{ expr: q.errorBudgetRemaining }] }))
    .withPanel(statPanel({ title: 'SLI over the period', description: `Share of good events over the last ${data.periodDays} days; the objective is ${data.objectivePercent}%.`, unit: 'percentunit', width: 6, targets: [{ expr: q.periodSli }] }))
    .withPanel(statPanel({ title: 'Current burn rate', description: `Budget burn over the last 5 minutes; 1 spends exactly the budget in ${data.periodDays} days.${Number.isFinite(pageFactor) ? ` Alerts start at ${pageFactor}×.` : ''}`, unit: 'x', width: 6, thresholds: burnSteps.slice(0, 2), targets: [{ expr: q.currentBurnRate }] }))
    .withPanel(statPanel({ title: 'Period burn rate', description: 'Average burn over the whole period; above 1 the budget runs out before the period ends.', unit: 'x', width: 6, thresholds: [1], targets: [{ expr: q.periodBurnRate }] }))
    .withPanel(timeseriesPanel({ title: 'Burn rate', description: `Burn rate over time; the alert thresholds are ${burnSteps.join('×, ')}×.`, unit: 'x', min: 0, thresholds: burnSteps.slice(0, 2), width: 12, targets: [{ expr: q.currentBurnRate, legend: 'burn rate' }] }))
    .withPanel(timeseriesPanel({ title: 'SLI vs objective', description: 'Share of good events (5m) against the objective.', unit: 'percentunit', width: 12, targets: [{ expr: q.sli, legend: 'SLI' }, { expr: q.objective, legend: 'objective' }] }))
    .withPanel(timeseriesPanel({ title: 'Error ratio by window', description: 'The error ratio over each alert window (the inputs of the multi-window burn-rate alerts).', unit: 'percentunit', min: 0, width: 24, targets: budgetWindows.map(([window, expr]) => ({ expr, legend: window })) }));
  return Dashboard.fromBuilder(builder);
}
