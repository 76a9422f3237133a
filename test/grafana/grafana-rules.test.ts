import { GrafanaRules } from '../../lib/grafana';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { InputSeries, RUNBOOKS, expectValidationError } from '../rules/rules-test-support';
import { AlertScenario, runScenarios } from '../alertmanager/alert-scenarios';

/** The labels the chart's ServiceMonitor gives Grafana's series (job = <namespace>/<Service name>, Grafana.jobName). */
const target = (pod: number, extra = '') => `job="monitoring/grafana",namespace="monitoring",pod="grafana-${pod}",instance="10.0.1.${pod}:3000"${extra}`;
const series = (metric: string, pod: number, values: string, extra = ''): InputSeries => ({ series: `${metric}{${target(pod, extra)}}`, values });
const http = (pod: number, code: string, values: string) => series('grafana_http_request_duration_seconds_count', pod, values, `,handler="/api/ds/query",method="POST",status_code="${code}"`);
const ds = (pod: number, datasource: string, code: string, values: string) => series('grafana_datasource_request_total', pod, values, `,datasource="${datasource}",datasource_type="prometheus",method="POST",code="${code}"`);
/** Two healthy replicas: up, 1 request/s each answered 200, datasource requests answered 200. */
const healthy = (): InputSeries[] => [0, 1].flatMap((pod) => [
  series('up', pod, '1x60'), http(pod, '200', '0+60x60'), ds(pod, 'Prometheus', '200', '0+60x60'), ds(pod, 'Loki', '200', '0+60x60'),
]);
const replace = (base: InputSeries[], ...replacements: InputSeries[]): InputSeries[] =>
  [...base.filter((s) => !replacements.some((r) => r.series === s.series)), ...replacements];

const SELECTOR = { job: 'monitoring/grafana', namespace: 'monitoring' };

describe('GrafanaRules', () => {
  test('GIVEN the defaults THEN four warnings with runbooks over Grafana 13 metric names', () => {
    const rules = GrafanaRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR }).ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => [r.name, r.severity])).toEqual([
      ['GrafanaDown', 'warning'], ['GrafanaAbsent', 'warning'], ['GrafanaRequestErrors', 'warning'], ['GrafanaDatasourceRequestErrors', 'warning'],
    ]);
    for (const rule of rules) {
      expect(rule.runbookUrl).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/grafana-/);
      expect(rule.expr).toContain('job="monitoring/grafana",namespace="monitoring"');
    }
    expect(rules[2].expr).toContain('grafana_http_request_duration_seconds_count{job="monitoring/grafana",namespace="monitoring",status_code=~"5.."}');
    expect(rules[3].expr).toContain('grafana_datasource_request_total{job="monitoring/grafana",namespace="monitoring",code=~"5.."}');
  });

  test('alerts can be tuned and switched off one by one', () => {
    const rules = GrafanaRules.create({ runbookBaseUrl: RUNBOOKS, absent: false, requestErrors: { threshold: 0.2, severity: 'critical' as never } }).ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual(['GrafanaDown', 'GrafanaRequestErrors', 'GrafanaDatasourceRequestErrors']);
    expect(rules[1].expr).toMatch(/ > 0\.2$/);
    expect(rules[1].severity).toBe('critical');
  });

  test.each<[string, () => unknown, string[]]>([
    ['a ratio above 1', () => GrafanaRules.create({ runbookBaseUrl: RUNBOOKS, datasourceErrors: { threshold: 1.5 } }), ['GrafanaRules "grafana" > datasourceErrors > threshold', '1.5 is out of range']],
    ['a threshold on up', () => GrafanaRules.create({ runbookBaseUrl: RUNBOOKS, down: { threshold: 1 } }), ['down > threshold', 'has no meaning for GrafanaDown']],
    ['a bad selector label', () => GrafanaRules.create({ runbookBaseUrl: RUNBOOKS, selector: { 'bad-label': 'x' } }), ['GrafanaRules "grafana" > selector', 'bad-label']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(GrafanaRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR }).ruleGroups);

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 4 rules found')]);
    });

    test('each alert fires above its threshold and stays silent below it (promtool test rules)', () => {
      const base = healthy();
      const scenarios: AlertScenario[] = [
        { name: 'healthy: silence', series: base, firing: {} },
        { name: 'a replica down', series: replace(base, series('up', 1, '1x10 0x50')), firing: { GrafanaDown: 1 } },
        { name: 'a replica down for only 3 minutes', series: replace(base, series('up', 1, '1x30 0x3 1x27')), firing: {} },
        { name: 'Grafana not scraped at all', series: [{ series: 'up{job="monitoring/alertmanager",namespace="monitoring"}', values: '1x60' }], firing: { GrafanaAbsent: 1 } },
        // A blackbox Probe of Grafana's URL named "grafana" (job="grafana", same namespace): neither Grafana's up nor its absence.
        { name: 'only a Probe named grafana, failing', series: [{ series: 'up{job="grafana",namespace="monitoring",service="grafana"}', values: '0x60' }], firing: { GrafanaAbsent: 1 } },
        // 0.2 req/s of 500 per replica against 1 req/s of 200: 1/6 ≈ 17 % > 5 %.
        { name: '17 % server errors', series: [...base, http(0, '500', '0+12x60'), http(1, '500', '0+12x60')], firing: { GrafanaRequestErrors: 1 } },
        // 0.02 req/s of 500: ~2 % < 5 %; and 4xx never count.
        { name: '2 % server errors and many 404s', series: [...base, http(0, '500', '0+1.2x60'), http(0, '404', '0+600x60')], firing: {} },
        {
          name: 'Loki answers half of the datasource requests with 502',
          series: [...base, ds(0, 'Loki', '502', '0+60x60'), ds(1, 'Loki', '502', '0+60x60')],
          firing: { GrafanaDatasourceRequestErrors: 1 },
          labels: [{ alertname: 'GrafanaDatasourceRequestErrors', by: ['datasource'], samples: [{ labels: '{datasource="Loki"}', value: 1 }] }],
        },
        { name: 'Loki answers 5 % with 502: below 10 %', series: [...base, ds(0, 'Loki', '502', '0+3x60'), ds(1, 'Loki', '502', '0+3x60')], firing: {} },
      ];
      const result = runScenarios(text, scenarios);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});
