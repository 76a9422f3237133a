import { ValidationError } from '../../lib/core/validation-error';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { Severity } from '../../lib/rules/severity';
import { ServiceLevelObjective, ServiceLevelObjectiveProps, Sli, SloPeriod, SloRulePack, seedSlos } from '../../lib/rules/slo';
import { burnRateWindows } from '../../lib/rules/slo/burn-rate-window';
import { describeWithTool, promtoolCheckRules } from '../support/tools';

const sli = Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: 'api' }, errorSelector: { status_code: /5../ } });
const base: ServiceLevelObjectiveProps = { service: 'api', name: 'availability', objectivePercent: 99.9, sli };

/** Asserts a ValidationError naming the path, the bad value and the fix. */
function expectInvalid(build: () => unknown, path: string, badValue: string, fix: RegExp): void {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.path).toContain(path);
  expect(error.message).toContain(badValue);
  expect(error.message).toMatch(fix);
}

describe('ServiceLevelObjective validation', () => {
  test.each([0, 100, 150, -1, Number.NaN])('objective %p is refused with the SLO path and a fix', (objective) => {
    expectInvalid(() => new ServiceLevelObjective({ ...base, objectivePercent: objective }), 'ServiceLevelObjective "api/availability" > objectivePercent', `: ${objective} is not a usable objective`, /strictly between 0 and 100, e\.g\. 99\.9/);
  });

  test('a bad period is refused (objects and unsupported lengths)', () => {
    expectInvalid(() => new ServiceLevelObjective({ ...base, period: '30d' as unknown as SloPeriod }), '> period', '"30d"', /SloPeriod\.DAYS_30/);
    expectInvalid(() => SloPeriod.parse('14d', 'p'), 'p', '"14d"', /"30d", "28d" or "7d"|SloPeriod\.DAYS_30/);
    expectInvalid(() => SloPeriod.parse('1 month', 'p'), 'p', '"1 month"', /"30d", "28d" or "7d"/);
  });

  test('a query without the window placeholder is refused', () => {
    expectInvalid(() => Sli.events({ errorQuery: 'sum(rate(x{code="500"}[5m]))', totalQuery: 'sum(rate(x[{{.window}}]))' }), 'Sli.events > errorQuery', 'sum(rate(x{code=\\"500\\"}[5m]))', /\[\{\{\.window\}\}\]/);
  });

  test('a query that is not PromQL once the window is substituted is refused, with the caret', () => {
    expectInvalid(() => Sli.events({ errorQuery: 'sum(rate(x[{{.window}}])', totalQuery: 'sum(rate(x[{{.window}}]))' }), 'Sli.events > errorQuery (with {{.window}} = 5m)', 'sum(rate(x[5m])', /not valid PromQL[\s\S]*\^/);
    expectInvalid(() => Sli.errorRatio({ errorRatioQuery: '1 - avg(x[{{.window}}]) /' }), 'Sli.errorRatio > errorRatioQuery', '1 - avg(x[5m]) /', /not valid PromQL/);
  });

  test('bad names, labels and props are refused with the fix', () => {
    expectInvalid(() => new ServiceLevelObjective({ ...base, service: 'api gateway' }), '> service', '"api gateway"', /e\.g\. "api-gateway"/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, labels: { sloth_tier: 'x' } }), '> labels > "sloth_tier"', '"sloth_tier"', /rename the label/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, alertLabels: { severity: 'page' } }), '> alertLabels > "severity"', '"severity"', /pageAlert\.severity/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, minTrafficPerSecond: 0 }), '> minTrafficPerSecond', '0', /above 0/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, sli: Sli.errorRatio({ errorRatioQuery: 'avg_over_time(x[{{.window}}])' }), minTrafficPerSecond: 1 }), '> minTrafficPerSecond', '1', /Sli\.events/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, runbookBaseUrl: 'runbooks/slo' }), '> runbookBaseUrl', '"runbooks/slo"', /absolute http/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, alertName: 'api-burn' }), 'AlertRule "api-burn"', '"api-burn"', /UpperCamelCase/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, errorBudgetAlerts: [{ remainingPercent: 120, severity: Severity.INFO }] }), '> errorBudgetAlerts[0] > remainingPercent', '120', /below 100/);
    expectInvalid(() => new ServiceLevelObjective({ ...base, sli: undefined as unknown as Sli }), '> sli', 'undefined', /Sli\.events/);
  });

  test('bad typed SLIs are refused', () => {
    expectInvalid(() => Sli.latency({ histogram: 'h_bucket', thresholdSeconds: 0.5 }), 'Sli.latency > histogram', '"h_bucket"', /write "h"/);
    expectInvalid(() => Sli.latency({ histogram: 'h', thresholdSeconds: 0 }), 'Sli.latency > thresholdSeconds', '0', /positive number of seconds/);
    expectInvalid(() => Sli.eventsFromCounter({ metric: 'http_requests_total' }), 'Sli.eventsFromCounter > errorSelector', 'undefined', /errorSelector .*or a separate errorMetric/);
    expectInvalid(() => Sli.eventsFromCounter({ metric: 'x', errorSelector: { code: /5../i } }), 'errorSelector > "code"', '/5../i', /drop them/);
  });

  test('two SLOs with the same id in one pack are refused', () => {
    expectInvalid(() => new SloRulePack('slo', [new ServiceLevelObjective(base), new ServiceLevelObjective(base)]), 'SloRulePack "slo" > slos[1]', '"api-availability"', /unique service\/name/);
  });
});

describe('ServiceLevelObjective model', () => {
  test('burn-rate windows: 14.4/6/3/1 for 30d, scaled by budget consumed for 28d', () => {
    expect(burnRateWindows(SloPeriod.DAYS_30).map((w) => [w.kind, w.longWindow.toString(), w.shortWindow.toString(), w.burnRateFactor])).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
    expect(burnRateWindows(SloPeriod.DAYS_28).map((w) => w.burnRateFactor)).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
  });

  test('objective and budget have no float noise; rendering is deterministic', () => {
    const slo = new ServiceLevelObjective(base);
    expect([slo.objectiveRatio, slo.errorBudgetRatio]).toEqual([0.999, 0.001]);
    expect(renderRuleFile([slo.ruleGroup()])).toBe(renderRuleFile([new ServiceLevelObjective(base).ruleGroup()]));
  });

  test('page is critical with a runbook, ticket is warning; both share a name and carry no window label', () => {
    const slo = new ServiceLevelObjective({ ...base, runbookBaseUrl: 'https://rb.example.org/slo' });
    const alerts = slo.ruleGroup().alertRules.filter((a) => a.labels.sloth_severity !== undefined);
    expect(alerts.map((a) => [a.name, a.severity, a.labels.sloth_severity, a.runbookUrl])).toEqual([
      ['ApiAvailabilityErrorBudgetBurn', 'critical', 'page', 'https://rb.example.org/slo/api-availability-error-budget-burn'],
      ['ApiAvailabilityErrorBudgetBurn', 'warning', 'ticket', 'https://rb.example.org/slo/api-availability-error-budget-burn'],
    ]);
    for (const alert of alerts) {
      expect(alert.labels.sloth_window).toBeUndefined();
      expect(alert.expr).toContain('max without (sloth_window)');
    }
  });

  test('dashboard data references the recorded series with the sloth_id selector', () => {
    const data = new ServiceLevelObjective({ ...base, description: 'API availability' }).dashboardData();
    expect(data.uid).toBe('slo-api-availability');
    expect(data.title).toBe('SLO / api / availability');
    expect(data.queries.errorBudgetRemaining).toBe('slo:period_error_budget_remaining:ratio{sloth_id="api-availability", sloth_service="api", sloth_slo="availability"}');
    expect(data.queries.currentBurnRate).toMatch(/^slo:current_burn_rate:ratio\{sloth_id="api-availability"/);
    expect(data.queries.periodBurnRate).toMatch(/^slo:period_burn_rate:ratio\{sloth_id="api-availability"/);
    expect(data.queries.sli).toContain('slo:sli_error:ratio_rate5m{sloth_id="api-availability"');
    expect(Object.keys(data.queries.errorRatioByWindow)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    expect(data.objectiveRatio).toBe(0.999);
    expect(data.burnRateThresholds[0]).toEqual({ kind: 'page', longWindow: '1h', shortWindow: '5m', burnRateFactor: 14.4 });
    // long ids keep a uid within Grafana's 40 characters, stable and distinct
    const long = (name: string) => new ServiceLevelObjective({ ...base, service: 'a-very-long-service-name', name }).dashboardData().uid;
    expect(long('requests-availability-eu').length).toBeLessThanOrEqual(40);
    expect(long('requests-availability-eu')).not.toBe(long('requests-availability-us'));
  });

  test('seedSlos: the seed 002 § 6.1 SLOs, latency bad events = total − fast bucket', () => {
    const slos = seedSlos();
    expect(slos.map((s) => [s.id, s.objectivePercent, s.alertName])).toEqual([
      ['api-gateway-availability', 99.9, 'MindWeaveAPIGatewayAvailability'],
      ['api-gateway-latency', 99, 'MindWeaveAPIGatewayLatency'],
      ['usage-tracker-ingestion-availability', 99.99, 'MindWeaveUsageTrackerIngestion'],
      ['usage-tracker-processing-latency', 99, 'MindWeaveUsageTrackerProcessingLatency'],
    ]);
    const latencyError = slos[1].ruleGroup().recordingRules.find((r) => r.record === 'slo:sli_error_events:rate5m')!;
    // (only the histogram series that have the threshold's bucket count: `and ignoring (le)`)
    expect(latencyError.expr).toContain('clamp_min(sum(rate(http_request_duration_seconds_count{service="api-gateway"}[5m]) and ignoring (le) http_request_duration_seconds_bucket{service="api-gateway",le=~');
    expect(latencyError.expr).toContain(') - sum(rate(http_request_duration_seconds_bucket{service="api-gateway",le=~');
    expect(slos[2].errorBudgetAlerts.map((s) => s.remainingPercent)).toEqual([50, 0]);
    expect(slos[0].labels).toEqual({ team: 'platform', tier: 'critical' });
  });
});

describeWithTool('promtool', 'generated SLO rules pass promtool check rules', () => {
  test('every SLI kind, every period, the seed SLOs, with and without guards', () => {
    const slos = [
      ...seedSlos(),
      new ServiceLevelObjective({ ...base, service: 'a', period: SloPeriod.DAYS_28, minTrafficPerSecond: 0.5 }),
      new ServiceLevelObjective({ ...base, service: 'b', period: SloPeriod.DAYS_7, sli: Sli.events({ errorQuery: 'sum(rate(x{code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(x[{{ .window }}]))' }) }),
      new ServiceLevelObjective({ ...base, service: 'c', sli: Sli.errorRatio({ errorRatioQuery: '1 - avg(avg_over_time(x[{{.window}}]))' }) }),
      new ServiceLevelObjective({ ...base, service: 'd', sli: Sli.availabilityGauge({ metric: 'up', selector: { job: 'd' } }), pageAlert: { enabled: false }, errorBudgetAlerts: [] }),
    ];
    const result = promtoolCheckRules(renderRuleFile(new SloRulePack('slo', slos).ruleGroups));
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
