import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ServiceLevelObjective, ServiceLevelObjectiveProps, Sli, SloPeriod } from '../../lib';
import { DatadogMetricQuery, DatadogSite, DatadogSloQueries } from '../../lib/datadog';
import { DatadogLongWindowPolicy, DatadogSlos, DatadogSlosProps } from '../../lib/datadog/datadog-slos';
import { synthJson } from '../support/synth';

const QUERIES = DatadogSloQueries.fromCounts({
  total: DatadogMetricQuery.count({ metric: 'trace.http.request.hits', tags: { service: 'api', env: 'prod' } }),
  bad: DatadogMetricQuery.count({ metric: 'trace.http.request.errors', tags: { service: 'api', env: 'prod' } }),
});

function slo(props: Partial<ServiceLevelObjectiveProps> = {}) {
  return new ServiceLevelObjective({
    service: 'api', name: 'availability', objectivePercent: 99.9, team: 'platform',
    sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service: 'api' }, errorSelector: { code: /5../ } }),
    ...props,
  });
}

function build(props: DatadogSlosProps = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const slos = new DatadogSlos(stack, 'datadog-slos', { site: DatadogSite.EU1, environment: 'prod', ...props });
  return { stack, slos };
}

describe('DatadogSlos', () => {
  test('GIVEN an SLO with Datadog queries THEN a metric SLO and one burn-rate monitor per window are emitted', () => {
    // GIVEN
    const { stack } = build({ notify: { page: ['@pagerduty-platform'], ticket: ['@slack-platform-alerts'] }, slos: [{ slo: slo(), queries: QUERIES }] });
    // WHEN
    const json = synthJson(stack);
    // THEN
    const [sloId, sloResource] = Object.entries(json.resource.datadog_service_level_objective as Record<string, any>)[0];
    expect(sloResource).toMatchObject({
      name: 'api availability', type: 'metric', timeframe: '30d', target_threshold: 99.9,
      thresholds: [{ timeframe: '30d', target: 99.9 }],
      query: {
        numerator: 'sum:trace.http.request.hits{env:prod,service:api}.as_count() - sum:trace.http.request.errors{env:prod,service:api}.as_count()',
        denominator: 'sum:trace.http.request.hits{env:prod,service:api}.as_count()',
      },
      tags: ['env:prod', 'service:api', 'slo:availability', 'team:platform'],
    });
    const monitors = Object.values(json.resource.datadog_monitor as Record<string, any>);
    expect(monitors.map((m) => m.query)).toEqual([
      `burn_rate("\${datadog_service_level_objective.${sloId}.id}").over("30d").long_window("1h").short_window("5m") > 14.4`,
      `burn_rate("\${datadog_service_level_objective.${sloId}.id}").over("30d").long_window("6h").short_window("30m") > 6`,
      `burn_rate("\${datadog_service_level_objective.${sloId}.id}").over("30d").long_window("24h").short_window("2h") > 3`,
      // the seeds' 3d ticket window, clamped to Datadog's 48h maximum with the same factor
      `burn_rate("\${datadog_service_level_objective.${sloId}.id}").over("30d").long_window("48h").short_window("4h") > 1`,
    ]);
    for (const monitor of monitors) expect(monitor.type).toBe('slo alert');
    expect(monitors.map((m) => m.monitor_thresholds.critical)).toEqual(['14.4', '6', '3', '1']);
    expect(monitors.map((m) => m.priority)).toEqual(['1', '1', '3', '3']);
    expect(monitors[0].tags).toEqual(['env:prod', 'service:api', 'severity:critical', 'slo:availability', 'sloth_severity:page', 'team:platform']);
    expect(monitors[0].message).toContain('@pagerduty-platform');
    expect(monitors[0].message).toContain('Runbook: https://runbooks.example.com/slo/api-availability-error-budget-burn');
    expect(monitors[2].message).toContain('@slack-platform-alerts');
    expect(monitors[3].message).toContain("window clamped from 3d to Datadog's 48h");
    expect(monitors[0].name).toBe('ApiAvailabilityErrorBudgetBurn page (1h/5m)');
  });

  test('the provider keys are sensitive Terraform variables, never literals, and the API URL follows the site', () => {
    const { stack } = build({ slos: [{ slo: slo(), queries: QUERIES }] });
    const json = synthJson(stack);
    expect(json.provider.datadog).toEqual([{ api_key: '${var.datadog_api_key}', app_key: '${var.datadog_app_key}', api_url: 'https://api.datadoghq.eu/' }]);
    for (const name of ['datadog_api_key', 'datadog_app_key']) {
      expect(json.variable[name]).toMatchObject({ type: 'string', sensitive: true, nullable: false });
      expect(json.variable[name]).not.toHaveProperty('default');
    }
    expect(json.terraform.required_providers.datadog).toMatchObject({ source: 'DataDog/datadog' });
    // no key material anywhere: every api_key/app_key in the document is a variable reference
    const text = JSON.stringify(json);
    const keyValues = [...text.matchAll(/"(api_key|app_key|apiKey|appKey)":"([^"]*)"/g)].map((m) => m[2]);
    expect(keyValues).toEqual(['${var.datadog_api_key}', '${var.datadog_app_key}']);
  });

  test('OMIT leaves the window beyond 48h out; disabled ticket alerts emit no ticket monitors', () => {
    const omit = synthJson(build({ longWindowPolicy: DatadogLongWindowPolicy.OMIT, slos: [{ slo: slo(), queries: QUERIES }] }).stack);
    expect(Object.values(omit.resource.datadog_monitor as Record<string, any>).map((m) => m.name)).toEqual([
      'ApiAvailabilityErrorBudgetBurn page (1h/5m)', 'ApiAvailabilityErrorBudgetBurn page (6h/30m)', 'ApiAvailabilityErrorBudgetBurn ticket (24h/2h)',
    ]);
    const { slos } = build();
    const { monitors } = slos.addSlo({ slo: slo({ ticketAlert: { enabled: false } }), queries: QUERIES });
    expect(monitors).toHaveLength(2);
  });

  test('a 7-day SLO maps to timeframe 7d with the 7d burn-rate factors', () => {
    const { stack } = build({ slos: [{ slo: slo({ period: SloPeriod.DAYS_7 }), queries: QUERIES }] });
    const json = synthJson(stack);
    expect(Object.values(json.resource.datadog_service_level_objective as Record<string, any>)[0].timeframe).toBe('7d');
    const first = Object.values(json.resource.datadog_monitor as Record<string, any>)[0];
    expect(first.query).toMatch(/\.over\("7d"\)\.long_window\("1h"\)\.short_window\("5m"\) > 3\.36$/);
  });

  test('Terraform template characters in user text are escaped', () => {
    const { stack } = build({ slos: [{ slo: slo({ description: 'costs ${var.x} when down' }), queries: QUERIES }] });
    const json = synthJson(stack);
    expect(Object.values(json.resource.datadog_service_level_objective as Record<string, any>)[0].description).toBe('costs $${var.x} when down');
  });

  test.each<[string, () => unknown, RegExp]>([
    ['a 28-day period', () => build({ slos: [{ slo: slo({ period: SloPeriod.DAYS_28 }), queries: QUERIES }] }), /monitoring-test\/datadog-slos > ServiceLevelObjective "api\/availability": period "28d" has no Datadog equivalent .*use SloPeriod.DAYS_30 or SloPeriod.DAYS_7/],
    ['PromQL instead of Datadog queries', () => build({ slos: [{ slo: slo(), queries: { numerator: 'sum(rate(x[5m]))' } as never }] }), /queries \{"numerator":"sum\(rate\(x\[5m\]\)\)"\} are not DatadogSloQueries; PromQL cannot be sent to Datadog/],
    ['an SLO added twice', () => build({ slos: [{ slo: slo(), queries: QUERIES }, { slo: slo(), queries: QUERIES }] }), /SLO "api-availability" is added twice/],
    ['a burn rate above Datadog\'s ceiling', () => build({ slos: [{ slo: slo({ objectivePercent: 90 }), queries: QUERIES }] }), /the page burn rate 14.4 exceeds Datadog's maximum 10 for objective 90%/],
    ['a bad notification handle', () => build({ notify: { page: ['pagerduty-platform'] } }), /monitoring-test\/datadog-slos notify: page handle "pagerduty-platform" is not a Datadog notification handle; write e.g. "@pagerduty-platform"/],
    ['a bad variable name', () => build({ apiKeyVariableName: 'Datadog-Key' }), /apiKeyVariableName "Datadog-Key" is not a Terraform variable name/],
    ['one variable for both keys', () => build({ apiKeyVariableName: 'dd', appKeyVariableName: 'dd' }), /apiKeyVariableName and appKeyVariableName are both "dd"/],
    ['a bad tag', () => build({ tags: { Team: 'x' } }), /monitoring-test\/datadog-slos tags: tag key "Team" is not a Datadog tag key/],
    ['an unknown window policy', () => build({ longWindowPolicy: 'stretch' as never }), /longWindowPolicy "stretch" is not one of clamp-to-48h, omit/],
    ['a second DatadogSlos in one stack', () => {
      const { stack } = build();
      return new DatadogSlos(stack, 'more-slos', {});
    }, /monitoring-test\/more-slos: stack "monitoring-test" already has a DatadogSlos .*addSlo\(\)/],
    ['a bad metric name', () => DatadogMetricQuery.count({ metric: '1hits' }), /DatadogMetricQuery.count > metric: "1hits" is not a Datadog metric name/],
    ['an unbalanced raw query', () => DatadogMetricQuery.raw('sum:hits{service:api.as_count()'), /DatadogMetricQuery.raw: .* leaves "\{" open/],
    ['a Terraform template in a raw query', () => DatadogMetricQuery.raw('sum:hits{service:${var.s}}.as_count()'), /contains "\$\{" or "%\{"/],
    ['a raw query that is not a metric query', () => DatadogMetricQuery.raw('rate(http_requests_total[5m])'), /does not start like a Datadog metric query/],
    ['a non-query in fromCounts', () => DatadogSloQueries.fromCounts({ total: 'sum:x{*}' as never, bad: DatadogMetricQuery.raw('sum:y{*}.as_count()') }), /DatadogSloQueries.fromCounts > total: "sum:x\{\*\}" is not a DatadogMetricQuery/],
  ])('refuses %s with the path, the value and the fix', (_, make, message) => {
    expect(make).toThrow(message);
  });

  test('raw and good/total queries pass through unchanged', () => {
    const queries = DatadogSloQueries.goodAndTotal({
      good: DatadogMetricQuery.raw('sum:requests{service:api,!status:5xx}.as_count()'),
      total: DatadogMetricQuery.count({ metric: 'requests', aggregation: 'sum' }),
    });
    expect([queries.numerator, queries.denominator]).toEqual(['sum:requests{service:api,!status:5xx}.as_count()', 'sum:requests{*}.as_count()']);
  });
});

describe('loading', () => {
  test('importing the library (and lib/datadog) does not load @cdktf/provider-datadog; the SLO entry point loads only deep modules', () => {
    // A fresh Node process, so the real require cache is inspected (jest keeps its own registry).
    const root = resolve(__dirname, '../..');
    const script = [
      "const loaded = () => Object.keys(require.cache).filter((k) => k.includes('provider-datadog')).map((k) => k.slice(k.indexOf('provider-datadog')));",
      "require('./lib'); require('./lib/datadog');",
      'const before = loaded();',
      "require('./lib/datadog/datadog-slos');",
      'console.log(JSON.stringify({ before, after: loaded() }));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, timeout: 60000, encoding: 'utf8' });
    const { before, after } = JSON.parse(output.trim().split('\n').pop()!);
    expect(before).toEqual([]);
    // the positive control: the check can see the provider once it is loaded, and only deep modules are
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((file: string) => /provider-datadog\/lib\/index\.js$/.test(file))).toEqual([]);
    expect(after.every((file: string) => /provider-datadog\/lib\/(monitor|provider|service-level-objective)\/index\.js$/.test(file))).toBe(true);
  });
});
