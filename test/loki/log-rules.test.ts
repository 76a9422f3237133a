import { parse } from 'yaml';
import { Severity } from '../../lib';
import { LogAlertRule, LogQueryRules, LogRecordingRule, LogRuleGroup, renderLogRuleFile, validateLogQLOfKind, LogQLKind } from '../../lib/loki';

const RUNBOOKS = 'https://runbooks.example.com/alerts';

describe('LogQL rules', () => {
  test('alerts carry a dashboard link and extra annotations, as Prometheus alerts do', () => {
    const rule = new LogAlertRule({
      name: 'X', expr: 'rate({app="x"}[5m]) > 1', severity: Severity.INFO, summary: 's',
      dashboardUrl: 'https://grafana.example.com/d/logs', annotations: { playbook: 'restart it' },
    });
    expect(rule.toJSON().annotations).toEqual({ summary: 's', dashboard_url: 'https://grafana.example.com/d/logs', playbook: 'restart it' });
  });

  test('GIVEN an alert and a recording rule WHEN rendered THEN the rule file is what the ruler reads', () => {
    const group = new LogRuleGroup('shop.logs', {
      interval: '1m',
      rules: [
        new LogRecordingRule({ record: 'app:log_errors:rate5m', expr: 'sum by (app) (rate({namespace="shop", level="error"} [5m]))' }),
        new LogAlertRule({
          name: 'CheckoutErrors', expr: 'sum by (app) (rate({namespace="shop", app="checkout"} |= "error" [5m])) > 1',
          for: '5m', severity: Severity.WARNING, team: 'shop', summary: 'Errors in {{ $labels.app }}',
        }),
      ],
    });
    const file = parse(renderLogRuleFile({ name: 'shop-logs', ruleGroups: [group] }));
    expect(file).toEqual({
      groups: [{
        name: 'shop.logs', interval: '1m',
        rules: [
          { record: 'app:log_errors:rate5m', expr: 'sum by (app) (rate({namespace="shop", level="error"} [5m]))' },
          {
            alert: 'CheckoutErrors', expr: 'sum by (app) (rate({namespace="shop", app="checkout"} |= "error" [5m])) > 1', for: '5m',
            labels: { severity: 'warning', team: 'shop' }, annotations: { summary: 'Errors in {{ $labels.app }}' },
          },
        ],
      }],
    });
  });

  test('the seed pack covers the seed 000 "Log Queries" with parseable metric queries and runbooks', () => {
    const pack = LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS });
    const alerts = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(alerts.map((a) => a.name)).toEqual(['HighErrorLogRate', 'SlowRequests', 'AuthenticationFailures', 'SecurityEventsSpike']);
    for (const alert of alerts) {
      expect(validateLogQLOfKind(alert.expr, LogQLKind.METRIC, alert.name)).toBe(alert.expr);
      expect(alert.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/[a-z-]+$/);
      expect(alert.labels.team).toBe('platform');
    }
    const byName = Object.fromEntries(alerts.map((a) => [a.name, a.expr]));
    // error rate per service, from the level label that the LogShipper sets
    expect(byName.HighErrorLogRate).toBe('sum by (namespace, app) (rate({namespace=~".+", level=~"(?i)error|fatal|critical"} [5m])) > 1');
    // slow requests from the JSON logs' duration_ms (seed 003 log schema)
    expect(byName.SlowRequests).toContain('| json | __error__="" | duration_ms > 1000 [5m]');
    expect(byName.AuthenticationFailures).toContain('|~ "(?i)authentication failed"');
    expect(byName.SecurityEventsSpike).toMatch(/^sum by \(event_type\) \(count_over_time\(.*\| json .*event_type!=""/);
  });

  test('the seed pack honours a narrower selector and thresholds', () => {
    const pack = LogQueryRules.create({ team: 't', runbookBaseUrl: RUNBOOKS, streamSelector: '{namespace="shop"}', errorLinesPerSecond: 5, slowRequestMs: 250 });
    const exprs = pack.ruleGroups.flatMap((g) => g.alertRules).map((a) => a.expr);
    expect(exprs[0]).toBe('sum by (namespace, app) (rate({namespace="shop", level=~"(?i)error|fatal|critical"} [5m])) > 5');
    expect(exprs[1]).toContain('duration_ms > 250');
  });

  test.each<[string, () => unknown, RegExp]>([
    ['a bare log selector as alert', () => new LogAlertRule({ name: 'X', expr: '{app="x"} |= "error"', severity: Severity.WARNING, summary: 's' }),
      /^LogAlertRule "X" > expr: .* is a log query, not a metric query/],
    ['bad LogQL', () => new LogAlertRule({ name: 'X', expr: 'rate({app="x"}[5m] > 1', severity: Severity.WARNING, summary: 's' }),
      /LogAlertRule "X" > expr: .* is not valid LogQL: syntax error at line 1, column \d+:\n.*\n *\^/],
    ['a critical alert without runbook', () => new LogAlertRule({ name: 'X', expr: 'rate({app="x"}[5m]) > 1', severity: Severity.CRITICAL, summary: 's' }),
      /LogAlertRule "X" > runbookUrl: .*must link a runbook; set runbookUrl/],
    ['a bad severity', () => new LogAlertRule({ name: 'X', expr: 'rate({app="x"}[5m]) > 1', severity: 'page' as never, summary: 's' }),
      /LogAlertRule "X" > severity: "page" is not a severity; use Severity.CRITICAL/],
    ['an empty summary', () => new LogAlertRule({ name: 'X', expr: 'rate({app="x"}[5m]) > 1', severity: Severity.INFO, summary: ' ' }),
      /LogAlertRule "X" > summary: " " is empty/],
    ['keep_firing_for, which Loki does not take', () => new LogAlertRule({ name: 'X', expr: 'rate({app="x"}[5m]) > 1', severity: Severity.INFO, summary: 's', keepFiringFor: '5m' } as never),
      /LogAlertRule "X" > keepFiringFor: "5m" is not supported by Loki's ruler; remove it/],
    ['a bad alert name', () => new LogAlertRule({ name: 'high-errors', expr: 'rate({app="x"}[5m]) > 1', severity: Severity.INFO, summary: 's' }),
      /name "high-errors" is not a valid alert name/],
    ['a bad record name', () => new LogRecordingRule({ record: 'app-errors', expr: 'rate({app="x"}[5m])' }),
      /LogRecordingRule "app-errors" > record: "app-errors" is not a valid Prometheus metric name/],
    ['a log query as recording rule', () => new LogRecordingRule({ record: 'a:b:c', expr: '{app="x"}' }),
      /LogRecordingRule "a:b:c" > expr: .* is a log query, not a metric query/],
    ['an empty group', () => new LogRuleGroup('g', { rules: [] }), /LogRuleGroup "g" > rules: \[\] has no rules/],
    ['a duplicate rule', () => {
      const rule = new LogAlertRule({ name: 'X', expr: 'rate({app="x"}[5m]) > 1', severity: Severity.INFO, summary: 's' });
      return new LogRuleGroup('g', { rules: [rule, rule] });
    }, /LogRuleGroup "g": alert "X" with labels \{"severity":"info"\} appears twice/],
    ['a pack with a bad selector', () => LogQueryRules.create({ team: 't', runbookBaseUrl: RUNBOOKS, streamSelector: '{app=~".*"}' }),
      /^LogQueryRules "log-queries" > streamSelector: "\{app=~\\".\*\\"\}" has no matcher that excludes the empty value/],
    ['a pack with a negative threshold', () => LogQueryRules.create({ team: 't', runbookBaseUrl: RUNBOOKS, errorLinesPerSecond: -1 }),
      /LogQueryRules "log-queries" > errorLinesPerSecond: -1 must be a positive number/],
  ])('refuses %s with the place, the value and the fix', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
