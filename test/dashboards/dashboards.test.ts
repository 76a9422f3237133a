import { seedSlos } from '../../lib';
import { LogQLKind, validateLogQLOfKind } from '../../lib/core/logql';
import { sloDashboardData } from '../../lib/rules/slo/slo-dashboard-data';
import {
  Dashboard, LintRule, alertmanagerSelfMonitoringDashboard, businessMetricsDashboard, clusterOverviewDashboard, lintDashboard,
  prometheusSelfMonitoringDashboard, serviceLogsDashboard, serviceOverviewDashboard, sloDashboard, standardDashboards,
} from '../../lib/dashboards';
import { substituteGrafanaMacros } from '../../lib/dashboards/grafana-macros';

const shipped = () => standardDashboards({
  services: [{ service: 'api-gateway', namespace: 'mindweave-services' }, { service: 'usage-tracker', namespace: 'mindweave-services' }],
  serviceLogs: true, slos: seedSlos(), business: true,
});
const exprs = (d: Dashboard) => d.panels().flatMap((p) => (p.targets ?? []).map((t: any) => t.expr as string));

describe('shipped dashboards', () => {
  test('GIVEN every shipped dashboard THEN each passes the lint, has a stable unique uid and renders deterministically', () => {
    const all = shipped();
    expect(all.map((d) => `${d.folder}/${d.dashboard.uid}`)).toEqual([
      'Platform/cluster-overview', 'Platform/prometheus-self', 'Platform/alertmanager-self',
      'Services/svc-api-gateway', 'Services/svc-usage-tracker', 'Services/logs-api-gateway', 'Services/logs-usage-tracker',
      'SLOs/slo-api-gateway-availability', 'SLOs/slo-api-gateway-latency', 'SLOs/slo-usage-tracker-ingestion-availability', 'SLOs/slo-usage-tracker-processing-latency',
      'Business/mindweave-business',
    ]);
    for (const { dashboard } of all) expect([dashboard.uid, lintDashboard(dashboard.json)]).toEqual([dashboard.uid, []]);
    const again = shipped();
    all.forEach(({ dashboard }, i) => expect(again[i].dashboard.toJsonString()).toBe(dashboard.toJsonString()));
  });

  test('service overview: golden signals over the seed metrics, with exemplars on p99', () => {
    const d = serviceOverviewDashboard({ service: 'api-gateway', namespace: 'mindweave-services' });
    const titles = d.panels().map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(['Request rate', 'Error ratio', 'Latency percentiles', 'CPU usage', 'Memory working set', 'Restarts']));
    const all = exprs(d);
    expect(all).toContain('sum(rate(http_requests_total{service="api-gateway", status_code=~"5.."}[$__rate_interval])) / sum(rate(http_requests_total{service="api-gateway"}[$__rate_interval]))');
    for (const q of ['0.50', '0.95', '0.99']) expect(all).toContain(`histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{service="api-gateway"}[$__rate_interval])))`);
    const latency = d.panels().find((p) => p.title === 'Latency percentiles')!;
    expect(latency.targets.map((t: any) => t.exemplar ?? false)).toEqual([false, false, true]);
    expect(latency.fieldConfig.defaults.unit).toBe('s');
    expect(all.some((e) => e.includes('container_memory_working_set_bytes{namespace="mindweave-services", pod=~"api-gateway-.*"'))).toBe(true);
    // and it is reusable with other metric names and selectors
    const custom = serviceOverviewDashboard({ service: 'billing', namespace: 'pay', selector: { job: '~billing.*' }, requestsMetric: 'grpc_server_handled_total', statusLabel: 'grpc_code', uid: 'billing' });
    expect(custom.uid).toBe('billing');
    expect(exprs(custom)).toContain('sum by (grpc_code) (rate(grpc_server_handled_total{job=~"billing.*"}[$__rate_interval]))');
    expect(lintDashboard(custom.json)).toEqual([]);
  });

  test('SLO dashboards read the recorded series of lib/rules/slo', () => {
    const [availability] = seedSlos();
    const data = sloDashboardData(availability);
    const d = sloDashboard(availability);
    expect(d.uid).toBe(data.uid);
    expect(d.title).toBe('SLO / api-gateway / availability');
    const all = exprs(d);
    for (const q of [data.queries.errorBudgetRemaining, data.queries.currentBurnRate, data.queries.periodSli, data.queries.sli, data.queries.objective]) expect(all).toContain(q);
    expect(d.panels().find((p) => p.title === 'Error budget remaining')!.fieldConfig.defaults.unit).toBe('percentunit');
  });

  test('business dashboard follows seed 002 § 5.2 with its counters inside increase()', () => {
    const d = businessMetricsDashboard();
    expect(d.uid).toBe('mindweave-business');
    expect(d.panels().map((p) => p.title)).toEqual(expect.arrayContaining(['Total API calls (24h)', 'Total cost (24h)', 'Cost by organization, top 10 (24h)', 'Policy violations (24h)', 'Active MCP servers']));
    const cost = d.panels().find((p) => p.title === 'Total cost (24h)')!;
    expect(cost).toMatchObject({ timeFrom: '24h', fieldConfig: { defaults: { unit: 'currencyUSD' } } });
    expect(cost.targets[0].expr).toBe('sum(increase(mindweave_cost_cents_total[$__range])) / 100');
    expect(exprs(businessMetricsDashboard({ metricPrefix: 'acme', product: 'Acme' }))[0]).toBe('sum(increase(acme_api_calls_total[$__range]))');
  });

  test('logs dashboard: Loki datasource variable and LogQL that parses', () => {
    const d = serviceLogsDashboard({ service: 'api', streamSelector: { namespace: 'shop', app: 'api' } });
    expect((d.json.templating as any).list.map((v: any) => [v.name, v.type, v.query ?? null])).toEqual([['datasource', 'datasource', 'loki'], ['search', 'textbox', '']]);
    for (const e of exprs(d)) expect(() => validateLogQLOfKind(substituteGrafanaMacros(e), LogQLKind.QUERY, 'test')).not.toThrow();
    expect(exprs(d)).toContain('{app="api", namespace="shop"} |~ "(?i)$search"');
  });

  test('self-monitoring dashboards cover Prometheus and Alertmanager health', () => {
    expect(exprs(prometheusSelfMonitoringDashboard())).toContain('sum(rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval]))');
    expect(exprs(alertmanagerSelfMonitoringDashboard())).toContain('sum(increase(alertmanager_notifications_failed_total{job="monitoring/alertmanager"}[$__range]))');
    // Every Alertmanager query selects the job of Alertmanager's own scrape (Alertmanager.jobName).
    expect(exprs(alertmanagerSelfMonitoringDashboard({ job: 'am-main' })).every((e) => e.includes('job="am-main"'))).toBe(true);
    expect(() => alertmanagerSelfMonitoringDashboard({ job: 'a"b' })).toThrow(/"a\\"b" is not a job name/);
  });

  test('snapshot of the service overview, paired with the assertions above', () => {
    const text = serviceOverviewDashboard({ service: 'api-gateway', namespace: 'mindweave-services' }).toJsonString();
    expect(text.endsWith('}\n')).toBe(true);
    // the SDK gives rows id 0; every panel ends up with a unique positive id
    const ids = JSON.parse(text).panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThan(0);
    expect(text).toMatchSnapshot();
  });

  test('a cluster dashboard JSON is key-sorted', () => {
    const keys = Object.keys(JSON.parse(clusterOverviewDashboard().toJsonString()));
    expect(keys).toEqual([...keys].sort());
  });
});

describe('Dashboard', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['no uid', { title: 'T' }, /Dashboard "T": uid undefined is not a stable Grafana uid[\s\S]*\.uid\(/],
    ['a long uid', { title: 'T', uid: 'x'.repeat(41) }, /uid "x{41}" is not a stable Grafana uid/],
    ['no title', { uid: 'u' }, /Dashboard "u": title undefined is empty/],
  ])('refuses %s', (_, json, message) => {
    expect(() => Dashboard.fromJson(json)).toThrow(message);
  });
});

describe('grafana macros', () => {
  test.each([
    ['rate(x_total[$__rate_interval])', 'rate(x_total[5m])'],
    ['increase(x_total[$__range]) / $__range_s', 'increase(x_total[1d]) / 86400'],
    ['x{ns="$namespace", pod=~"${pod:regex}"}', 'x{ns="namespace", pod=~"pod"}'],
    ['rate(x_total[$window])', 'rate(x_total[5m])'],
    ['count_over_time({a="b"} [$__auto])', 'count_over_time({a="b"} [1m])'],
  ])('%s → %s', (input, output) => {
    expect(substituteGrafanaMacros(input)).toBe(output);
  });
});

/** A minimal dashboard with one panel; each lint case breaks one rule. */
function withPanel(panel: Record<string, unknown>, variables = [{ type: 'datasource', name: 'datasource', query: 'prometheus' }]): Record<string, unknown> {
  return {
    uid: 'lint', title: 'Lint', templating: { list: variables },
    panels: [{ type: 'timeseries', title: 'P', description: 'd', datasource: { type: 'prometheus', uid: '${datasource}' }, fieldConfig: { defaults: { unit: 's' } }, targets: [{ refId: 'A', expr: 'sum(rate(x_total[$__rate_interval]))' }], ...panel }],
  };
}

describe('lintDashboard', () => {
  test('GIVEN a clean dashboard THEN no finding', () => {
    expect(lintDashboard(withPanel({}))).toEqual([]);
  });

  test.each<[LintRule, Record<string, unknown>]>([
    [LintRule.TEMPLATE_DATASOURCE, { ...withPanel({}), templating: { list: [] } }],
    [LintRule.PANEL_DATASOURCE, withPanel({ datasource: { type: 'prometheus', uid: 'prometheus' } })],
    [LintRule.TARGET_RATE_INTERVAL, withPanel({ targets: [{ refId: 'A', expr: 'sum(rate(x_total[5m]))' }] })],
    [LintRule.TARGET_COUNTER_AGG, withPanel({ targets: [{ refId: 'A', expr: 'sum(x_total)' }] })],
    [LintRule.TARGET_COUNTER_AGG, withPanel({ targets: [{ refId: 'A', expr: 'histogram_quantile(0.9, sum by (le) (x_bucket))' }] })],
    [LintRule.PANEL_UNITS, withPanel({ fieldConfig: { defaults: {} } })],
    [LintRule.PANEL_TITLE_DESCRIPTION, withPanel({ description: '' })],
    [LintRule.PANEL_TITLE_DESCRIPTION, withPanel({ title: '' })],
    [LintRule.TARGET_PROMQL, withPanel({ targets: [{ refId: 'A', expr: 'sum(rate(x_total[$__rate_interval])' }] })],
    [LintRule.TARGET_LOGQL, withPanel({ datasource: { type: 'loki', uid: '${datasource}' }, targets: [{ refId: 'A', expr: '{app="x" |= "y"' }] }, [{ type: 'datasource', name: 'datasource', query: 'loki' }])],
    [LintRule.PANEL_NO_DEPRECATED, withPanel({ type: 'graph' })],
    [LintRule.PANEL_NO_DEPRECATED, withPanel({ type: 'singlestat' })],
  ])('catches %s', (rule, json) => {
    const findings = lintDashboard(json);
    expect(findings.map((f) => f.rule)).toContain(rule);
    expect(findings.find((f) => f.rule === rule)!.where).toMatch(/^(dashboard|panel )/);
  });

  test('a LogQL target is recognised through the datasource variable type', () => {
    const json = withPanel({ datasource: { uid: '${datasource}' }, targets: [{ refId: 'A', expr: 'sum(count_over_time({app="x"} [$__auto]))' }] }, [{ type: 'datasource', name: 'datasource', query: 'loki' }]);
    expect(lintDashboard(json)).toEqual([]);
  });
});
