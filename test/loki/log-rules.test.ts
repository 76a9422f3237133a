import { parse } from 'yaml';
import { LOGQL, LogAlertRule } from '../../lib/loki/log-alert-rule';
import { LogRecordingRule } from '../../lib/loki/log-recording-rule';
import { LogRuleGroup } from '../../lib/loki/log-rule-group';
import { renderLogRuleFile } from '../../lib/loki/log-rule-pack';
import { LogQLKind, validateLogQLOfKind } from '../../lib/core/logql';
import { LOG_QUERY_ALERTS, LogQueryRules, LogQueryRulesProps } from '../../lib/loki/packs/log-query-rules';
import { AlertRule, AlertRuleBase, PROMQL } from '../../lib/rules/alert-rule';
import { RecordingRule } from '../../lib/rules/recording-rule';
import { RuleGroup } from '../../lib/rules/rule-group';
import { Severity } from '../../lib/rules/severity';

const RUNBOOKS = 'https://runbooks.example.com/alerts';

/** The seed's log alerts: group, severity, `for`, the prop holding the threshold, its default. */
const LOG_QUERY_FACTS: ReadonlyArray<readonly [string, string, string, string, keyof LogQueryRulesProps, number]> = [
  ['HighErrorLogRate', 'log-queries.errors', 'warning', '5m', 'errorLinesPerSecond', 1],
  ['SlowRequests', 'log-queries.errors', 'warning', '10m', 'slowRequestsPer5m', 10],
  ['AuthenticationFailures', 'log-queries.security', 'warning', 'none', 'authFailuresPer5m', 20],
  ['SecurityEventsSpike', 'log-queries.security', 'info', 'none', 'securityEventsPer5m', 10],
];

const expectThrow = (build: () => unknown, message: RegExp) => expect(build).toThrow(message);

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

  test('the seed pack covers the seed 000 "Log Queries", in the order of its table', () => {
    const pack = LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS });
    const alerts = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(alerts.map((a) => a.name)).toEqual(['HighErrorLogRate', 'SlowRequests', 'AuthenticationFailures', 'SecurityEventsSpike']);
    expect(LOG_QUERY_ALERTS.map((spec) => spec.name)).toEqual(alerts.map((a) => a.name));
    expect(LOG_QUERY_FACTS.map(([name]) => name)).toEqual(alerts.map((a) => a.name));
    const byName = Object.fromEntries(alerts.map((a) => [a.name, a.expr]));
    // error rate per service, from the level label that the LogShipper sets
    expect(byName.HighErrorLogRate).toBe('sum by (namespace, app) (rate({namespace=~".+", level=~"(?i)error|fatal|critical"} [5m])) > 1');
    // slow requests from the JSON logs' duration_ms (seed 003 log schema)
    expect(byName.SlowRequests).toContain('| json | __error__="" | duration_ms > 1000 [5m]');
    expect(byName.AuthenticationFailures).toContain('|~ "(?i)authentication failed"');
    expect(byName.SecurityEventsSpike).toMatch(/^sum by \(event_type\) \(count_over_time\(.*\| json .*event_type!=""/);
  });

  test.each(LOG_QUERY_FACTS)(
    '%s: a parseable metric query in group %s, severity %s, for %s, threshold prop %s (default %s), runbook and team',
    (name, group, severity, forDuration, thresholdProp, threshold) => {
      // GIVEN the pack with defaults
      const pack = LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS });
      const inGroup = pack.ruleGroups.find((g) => g.name === group)!;
      const alert = inGroup.alertRules.find((a) => a.name === name)!;
      // THEN the alert is a LogQL metric query with the seed's facts
      expect(validateLogQLOfKind(alert.expr, LogQLKind.METRIC, alert.name)).toBe(alert.expr);
      expect(alert.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/[a-z-]+$/);
      expect(alert.labels.team).toBe('platform');
      expect([alert.severity, alert.for?.toPrometheus() ?? 'none', inGroup.interval?.toPrometheus()]).toEqual([severity, forDuration, '1m']);
      expect(alert.expr).toMatch(new RegExp(` > ${threshold}$`));
      // AND its threshold prop moves the threshold
      const tuned = LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS, [thresholdProp]: 3 });
      expect(tuned.ruleGroups.flatMap((g) => g.alertRules).find((a) => a.name === name)!.expr).toMatch(/ > 3$/);
      expectThrow(() => LogQueryRules.create({ team: 'platform', runbookBaseUrl: RUNBOOKS, [thresholdProp]: 0 }), new RegExp(`^LogQueryRules "log-queries" > ${thresholdProp}: 0 must be a positive number`));
    },
  );

  test('the seed pack honours a narrower selector and thresholds', () => {
    const pack = LogQueryRules.create({ team: 't', runbookBaseUrl: RUNBOOKS, streamSelector: '{namespace="shop"}', errorLinesPerSecond: 5, slowRequestMs: 250 });
    const exprs = pack.ruleGroups.flatMap((g) => g.alertRules).map((a) => a.expr);
    expect(exprs[0]).toBe('sum by (namespace, app) (rate({namespace="shop", level=~"(?i)error|fatal|critical"} [5m])) > 5');
    expect(exprs[1]).toContain('duration_ms > 250');
  });

  test('LogQL rules are the Prometheus rule model with LogQL as the query language', () => {
    // GIVEN the same alert props in both languages but the condition
    const props = { name: 'X', severity: Severity.WARNING, team: 'shop', for: '5m', summary: 'X on {{ $labels.app }}', runbookUrl: `${RUNBOOKS}/x` };
    const log = new LogAlertRule({ ...props, expr: 'sum by (app) (rate({app="x"}[5m])) > 1' });
    const prom = new AlertRule({ ...props, expr: 'sum by (app) (rate(x_total[5m])) > 1' });
    // THEN both are the one alert model, told apart by their language only
    expect(log).toBeInstanceOf(AlertRuleBase);
    expect(log).not.toBeInstanceOf(AlertRule);
    expect([log.language, prom.language]).toEqual([LOGQL, PROMQL]);
    const { expr: logExpr, ...logRest } = log.toJSON();
    const { expr: promExpr, ...promRest } = prom.toJSON();
    expect(logRest).toEqual(promRest);
    expect([logExpr, promExpr]).toEqual([log.expr, prom.expr]);
    expect(new LogRecordingRule({ record: 'app:x:rate5m', expr: 'sum by (app) (rate({app="x"}[5m]))' }).toJSON()).toEqual(
      { ...new RecordingRule({ record: 'app:x:rate5m', expr: 'sum by (app) (rate(x_total[5m]))' }).toJSON(), expr: 'sum by (app) (rate({app="x"}[5m]))' },
    );
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
    }, /^LogRuleGroup "g" > LogAlertRule "X": alert "X" with labels \{"severity":"info"\} appears twice; remove the duplicate/],
    ['a Prometheus rule in a LogQL group', () => new LogRuleGroup('g', { rules: [new AlertRule({ name: 'X', expr: 'up == 0', severity: Severity.INFO, summary: 's' })] as never }),
      /^LogRuleGroup "g" > rules\[0\]: .* is not a rule; pass `new LogAlertRule\(\{\.\.\.\}\)` or `new LogRecordingRule\(\{\.\.\.\}\)`/],
    ['a LogQL rule in a Prometheus group', () => new RuleGroup('g', { rules: [new LogRecordingRule({ record: 'a:b:c', expr: 'rate({app="x"}[5m])' })] as never }),
      /^RuleGroup "g" > rules\[0\]: .* is not a rule; pass `new AlertRule\(\{\.\.\.\}\)` or `new RecordingRule\(\{\.\.\.\}\)`/],
    ['a zero group interval', () => new LogRuleGroup('g', { interval: '0s', rules: [new LogRecordingRule({ record: 'a:b:c', expr: 'rate({app="x"}[5m])' })] }),
      /^LogRuleGroup "g" > interval: "0s" is zero; give a positive interval .* or leave it out to use the ruler's evaluation interval/],
    ['a record name missing', () => new LogRecordingRule({ expr: 'rate({app="x"}[5m])' } as never),
      /^LogRecordingRule undefined: record undefined is missing; name the series "level:metric:operations", e.g. "app:log_errors:rate5m"/],
    ['a pack with a bad selector', () => LogQueryRules.create({ team: 't', runbookBaseUrl: RUNBOOKS, streamSelector: '{app=~".*"}' }),
      /^LogQueryRules "log-queries" > streamSelector: "\{app=~\\".\*\\"\}" has no matcher that excludes the empty value/],
    ['a pack with a negative threshold', () => LogQueryRules.create({ team: 't', runbookBaseUrl: RUNBOOKS, errorLinesPerSecond: -1 }),
      /LogQueryRules "log-queries" > errorLinesPerSecond: -1 must be a positive number/],
  ])('refuses %s with the place, the value and the fix', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
