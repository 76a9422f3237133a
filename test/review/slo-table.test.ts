import { renderRulesSummary } from '../../lib/prometheus/rules-summary';
import { renderLogRulesSummary } from '../../lib/review/log-rules-summary';
import { errorBudgetMinutes, formatBudget, renderSloTable } from '../../lib/review/slo-table';
import { LogQueryRules } from '../../lib/loki/packs/log-query-rules';
import { SloRulePack } from '../../lib/rules/slo/service-level-objective';
import { seedSlos } from '../../lib/rules/slo/seed-slos';
import { ServiceLevelObjective } from '../../lib/rules/slo/service-level-objective';
import { SloPeriod } from '../../lib/rules/slo/slo-period';
import { Sli } from '../../lib/rules/slo/sli';

describe('SLO table of summary.md', () => {
  test('error budget in minutes: ratio × period', () => {
    expect(errorBudgetMinutes(0.001, 30)).toBe(43.2);
    expect(errorBudgetMinutes(0.0001, 30)).toBe(4.32);
    expect(errorBudgetMinutes(0.0005, 28)).toBe(20.16);
    expect(errorBudgetMinutes(0.01, 7)).toBe(100.8);
    expect(formatBudget(43.2)).toBe('43.2 min');
    expect(formatBudget(432)).toBe('7.2 h (432 min)');
  });

  test('one row per SLO, sorted by id, with objective, period, budget and alerts', () => {
    const slo = new ServiceLevelObjective({
      service: 'checkout',
      name: 'availability',
      objectivePercent: 99.95,
      period: SloPeriod.DAYS_28,
      sli: Sli.errorRatio({ errorRatioQuery: 'sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))' }),
    } as never);
    const table = renderSloTable([slo, ...seedSlos()]);
    const rows = table.split('\n').slice(2);
    expect(rows[0]).toBe('| availability | api-gateway | counter-events | 99.9 % | 30d | 0.1 % | 43.2 min | platform | MindWeaveAPIGatewayAvailability, ApiGatewayAvailabilityErrorBudgetLow |');
    expect(table).toContain(`| availability | checkout | error-ratio | 99.95 % | 28d | 0.05 % | 20.16 min | ${slo.team ?? '(no team)'} | ${slo.alertName}, ${slo.budgetAlertName} |`);
    expect(rows.map((r) => r.split(' | ')[1])).toEqual([...rows.map((r) => r.split(' | ')[1])].sort());
  });

  test('the Prometheus rules section shows the SLO table when an SLO pack is added', () => {
    const text = renderRulesSummary([new SloRulePack('slo', seedSlos())]);
    expect(text).toContain('### Service level objectives');
    expect(text).toContain('| SLO | service | SLI | objective | period | error budget | budget per period | team | alerts |');
    expect(text).toContain('| 0.1 % | 43.2 min |');
  });

  test('the Loki rules section lists log alerts by severity, then team, then name', () => {
    const text = renderLogRulesSummary([LogQueryRules.create({ team: 'platform', runbookBaseUrl: 'https://runbooks.example.com/alerts' })]);
    expect(text).toContain('| log-queries | ');
    const rows = text.split('\n').filter((l) => /^\| (critical|warning|info) \|/.test(l));
    expect(rows).toEqual([
      '| warning | platform | AuthenticationFailures | log-queries |',
      '| warning | platform | HighErrorLogRate | log-queries |',
      '| warning | platform | SlowRequests | log-queries |',
      '| info | platform | SecurityEventsSpike | log-queries |',
    ]);
  });
});
