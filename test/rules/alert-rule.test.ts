import { Duration } from '../../lib/core/duration';
import { AlertRule, AlertRuleProps } from '../../lib/rules/alert-rule';
import { Severity } from '../../lib/rules/severity';
import { expectValidationError } from './rules-test-support';

const base: AlertRuleProps = {
  name: 'HighErrorRate',
  expr: 'sum by (service) (rate(http_requests_total{status_code=~"5.."}[5m])) / (sum by (service) (rate(http_requests_total[5m])) > 0) > 0.05',
  for: Duration.minutes(5),
  severity: Severity.CRITICAL,
  team: 'platform',
  summary: 'High error rate on {{ $labels.service }}',
  description: 'Error rate is {{ $value | humanizePercentage }} for {{ $labels.service }}',
  runbookUrl: 'https://runbooks.example.com/alerts/high-error-rate',
};

describe('AlertRule', () => {
  test('renders the Prometheus rule object with labels and annotations in a fixed order', () => {
    // GIVEN an alert with every option, extras given in reverse order
    const rule = new AlertRule({
      ...base,
      keepFiringFor: '10m',
      labels: { zone: 'eu', page: 'true' },
      dashboardUrl: 'https://grafana.example.com/d/svc?var-service={{ $labels.service }}',
      annotations: { zz: 'last', aa: 'first' },
    });
    // THEN toJSON is the rule object, templates kept verbatim
    expect(rule.toJSON()).toEqual({
      alert: 'HighErrorRate',
      expr: base.expr,
      for: '5m',
      keep_firing_for: '10m',
      labels: { severity: 'critical', team: 'platform', page: 'true', zone: 'eu' },
      annotations: {
        summary: 'High error rate on {{ $labels.service }}',
        description: 'Error rate is {{ $value | humanizePercentage }} for {{ $labels.service }}',
        runbook_url: 'https://runbooks.example.com/alerts/high-error-rate',
        dashboard_url: 'https://grafana.example.com/d/svc?var-service={{ $labels.service }}',
        aa: 'first',
        zz: 'last',
      },
    });
    expect(Object.keys(rule.labels)).toEqual(['severity', 'team', 'page', 'zone']);
    expect(Object.keys(rule.toJSON().annotations as object)).toEqual(['summary', 'description', 'runbook_url', 'dashboard_url', 'aa', 'zz']);
    expect(rule.severity).toBe('critical');
    expect(rule.team).toBe('platform');
  });

  test('leaves out for, keep_firing_for, team and optional annotations when not given', () => {
    const rule = new AlertRule({ name: 'Info', expr: 'up == 0', severity: Severity.INFO, summary: 'x' });
    expect(rule.toJSON()).toEqual({ alert: 'Info', expr: 'up == 0', labels: { severity: 'info' }, annotations: { summary: 'x' } });
  });

  test('refuses an invalid alert name', () => {
    expectValidationError(() => new AlertRule({ ...base, name: 'High-Error-Rate' }), 'AlertRule "High-Error-Rate"', 'name "High-Error-Rate" is not a valid alert name', 'e.g. "HighErrorRate"');
  });

  test('refuses invalid PromQL with the rule path, the expression and a caret', () => {
    expectValidationError(
      () => new AlertRule({ ...base, expr: 'sum(rate(http_requests_total[5m]) > 1' }),
      'AlertRule "HighErrorRate" > expr',
      '"sum(rate(http_requests_total[5m]) > 1"',
      'not valid PromQL',
      '^',
    );
  });

  test('refuses an empty expression', () => {
    expectValidationError(() => new AlertRule({ ...base, expr: ' ' }), 'AlertRule "HighErrorRate" > expr', '" "', 'is empty');
  });

  test.each([
    ['for', { for: '5 minutes' }, '"5 minutes"'],
    ['for', { for: '5M' }, '"5M"'],
    ['keepFiringFor', { keepFiringFor: '1h5' }, '"1h5"'],
  ])('refuses a bad %s duration', (prop, props, shown) => {
    expectValidationError(() => new AlertRule({ ...base, ...props }), `AlertRule "HighErrorRate" > ${prop}`, shown, 'not a Prometheus duration', 'e.g. "30s", "5m"');
  });

  test('refuses an unknown severity', () => {
    expectValidationError(() => new AlertRule({ ...base, severity: 'page' as Severity }), 'AlertRule "HighErrorRate" > severity', '"page"', 'Severity.CRITICAL');
  });

  test('refuses a critical alert without runbookUrl, but allows a warning one', () => {
    // WHEN critical without runbook THEN refused with the fix
    expectValidationError(
      () => new AlertRule({ ...base, runbookUrl: undefined }),
      'AlertRule "HighErrorRate" > runbookUrl',
      'undefined',
      'must link a runbook',
      'set runbookUrl',
    );
    // WHEN warning without runbook THEN accepted
    expect(new AlertRule({ ...base, severity: Severity.WARNING, runbookUrl: undefined }).runbookUrl).toBeUndefined();
  });

  test.each([
    ['runbookUrl', 'wiki/runbooks/x'],
    ['dashboardUrl', 'grafana/d/x'],
  ])('refuses a relative %s', (prop, url) => {
    expectValidationError(() => new AlertRule({ ...base, [prop]: url }), `AlertRule "HighErrorRate" > ${prop}`, JSON.stringify(url), 'absolute http(s) URL');
  });

  test.each(['', '   '])('refuses an empty summary %j', (summary) => {
    expectValidationError(() => new AlertRule({ ...base, summary }), 'AlertRule "HighErrorRate" > summary', JSON.stringify(summary), 'is empty', 'one-line summary');
  });

  test('refuses an empty description and empty team', () => {
    expectValidationError(() => new AlertRule({ ...base, description: '' }), 'AlertRule "HighErrorRate" > description', '""', 'leave `description` out');
    expectValidationError(() => new AlertRule({ ...base, team: '' }), 'AlertRule "HighErrorRate" > team', '""', 'name the owning team');
  });

  test('refuses invalid and reserved label names', () => {
    expectValidationError(() => new AlertRule({ ...base, labels: { 'service-tier': 'x' } }), 'AlertRule "HighErrorRate" > labels > "service-tier"', '"service-tier"', 'letters, digits and underscores');
    expectValidationError(() => new AlertRule({ ...base, labels: { __meta: 'x' } }), 'AlertRule "HighErrorRate" > labels > "__meta"', 'reserves');
    expectValidationError(() => new AlertRule({ ...base, labels: { severity: 'warning' } }), 'AlertRule "HighErrorRate" > labels > "severity"', 'use the `severity` prop');
    expectValidationError(() => new AlertRule({ ...base, labels: { team: 'x' } }), 'labels > "team"', 'use the `team` prop');
  });

  test('refuses annotations that shadow the dedicated props or have invalid names', () => {
    expectValidationError(() => new AlertRule({ ...base, annotations: { runbook_url: 'https://x' } }), 'AlertRule "HighErrorRate" > annotations > "runbook_url"', 'use the `runbookUrl` prop');
    expectValidationError(() => new AlertRule({ ...base, annotations: { 'a b': 'x' } }), 'annotations > "a b"', 'not a valid Prometheus label name');
  });

  test('refuses unclosed or stray template braces', () => {
    expectValidationError(() => new AlertRule({ ...base, summary: 'Error on {{ $labels.service' }), 'AlertRule "HighErrorRate" > summary', '"Error on {{ $labels.service"', 'not closed by "}}"');
    expectValidationError(() => new AlertRule({ ...base, description: 'value }} here' }), 'AlertRule "HighErrorRate" > description', 'never opened');
    expectValidationError(() => new AlertRule({ ...base, labels: { svc: '{{ $labels.service }' } }), 'labels > "svc"', 'not closed');
  });
});
