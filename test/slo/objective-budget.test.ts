import { ValidationError } from '../../lib/core/validation-error';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { Severity } from '../../lib/rules/severity';
import { ServiceLevelObjective, ServiceLevelObjectiveProps, Sli, SloPeriod, SloRulePack } from '../../lib/rules/slo';
import { refusal } from '../support/refusal';

const sli = Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: 'api' }, errorSelector: { status_code: /5../ } });
const base: ServiceLevelObjectiveProps = { service: 'api', name: 'availability', objectivePercent: 99.9, sli };

/** Binary floating-point noise as it shows in rendered numbers: 0.00007000000000005, 0.33299999999999996. */
const FLOAT_NOISE = /\d\.\d*(0{6,}[1-9]|9{6,})/;

describe('objectives and budgets render as written', () => {
  test('an objective renders without float noise: 99.993 % is a budget of 0.00007', () => {
    // GIVEN an objective whose (100 − x) / 100 is 0.0000700000000001 in doubles
    const slo = new ServiceLevelObjective({ ...base, objectivePercent: 99.993, errorBudgetAlerts: [{ remainingPercent: 33.3, severity: Severity.INFO }] });
    // THEN the model and every rendered number are the decimal values
    expect([slo.objectiveRatio, slo.errorBudgetRatio]).toEqual([0.99993, 0.00007]);
    const text = renderRuleFile([slo.ruleGroup()]);
    expect(text).toContain('vector(0.00007)');
    expect(text).toContain('vector(0.99993)');
    expect(text).toContain('(14.4 * 0.00007)');
    expect(text).toContain('< 0.333');
    expect(text).not.toMatch(FLOAT_NOISE);
  });

  test.each([99.9, 99.95, 99.99, 99.975, 99.5, 95, 90.1])('objective %p renders without float noise', (objective) => {
    expect(renderRuleFile([new ServiceLevelObjective({ ...base, objectivePercent: objective }).ruleGroup()])).not.toMatch(FLOAT_NOISE);
  });
});

describe('objectives whose budget is below what the rules can measure are refused', () => {
  test('99.9999 % over 30d (2.6 s of budget) is refused with the reason and the highest objective that fits', () => {
    const error = refusal(() => new ServiceLevelObjective({ ...base, objectivePercent: 99.9999 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.path).toBe('ServiceLevelObjective "api/availability" > objectivePercent');
    expect(error.message).toContain('99.9999 leaves an error budget of 0.000001 of 30d, which is 2.6 s of bad time, below the 1m the rules can measure');
    expect(error.message).toContain('one bad evaluation would spend the whole budget');
    expect(error.message).toContain('Use an objective of at most 99.9976 for a 30d period.');
    expect(error.message).not.toMatch(FLOAT_NOISE);
  });

  test('the floor depends on the period: 99.999 % is refused over 7d, 99.99 % fits 7d, 99.9976 % fits 30d but not 28d', () => {
    expect(refusal(() => new ServiceLevelObjective({ ...base, objectivePercent: 99.999, period: SloPeriod.DAYS_7 })).message).toMatch(/6\.0 s of bad time[\s\S]*at most 99\.99 for a 7d period, or a longer period/);
    expect(new ServiceLevelObjective({ ...base, objectivePercent: 99.99, period: SloPeriod.DAYS_7 }).errorBudgetRatio).toBe(0.0001);
    expect(new ServiceLevelObjective({ ...base, objectivePercent: 99.9976 }).errorBudgetRatio).toBe(0.000024);
    expect(refusal(() => new ServiceLevelObjective({ ...base, objectivePercent: 99.9976, period: SloPeriod.DAYS_28 })).message).toContain('at most 99.9975 for a 28d period');
  });
});

describe('an SLO period longer than the metrics retention is refused', () => {
  test('with the period, the retention and the three fixes', () => {
    const slo = new ServiceLevelObjective(base);
    const error = refusal(() => new SloRulePack('slo', [slo], { metricsRetention: '15d' }));
    expect(error.path).toBe('SloRulePack "slo" > slos[0] ServiceLevelObjective "api/availability" > period');
    expect(error.message).toContain('"30d" is longer than the metrics retention "15d"');
    expect(error.message).toContain('retention.metrics: "30d"');
    expect(error.message).toContain('use a period that fits (SloPeriod.DAYS_7)');
    expect(error.message).toContain('the ruler of the remote_write target');
  });

  test('a period that fits passes, and without a retention nothing is checked', () => {
    const slo = new ServiceLevelObjective(base);
    expect(new SloRulePack('slo', [slo], { metricsRetention: '30d' }).ruleGroups).toHaveLength(1);
    expect(new SloRulePack('slo', [new ServiceLevelObjective({ ...base, period: SloPeriod.DAYS_7 })], { metricsRetention: '15d' }).ruleGroups).toHaveLength(1);
    expect(new SloRulePack('slo', [slo]).ruleGroups).toHaveLength(1);
    expect(refusal(() => new SloRulePack('slo', [slo], { metricsRetention: '3d' })).message).toContain('no SLO period fits "3d"');
  });
});
