import { isValidPromQL, validatePromQL } from '../../lib/rules/promql';
import { expectValidationError } from './rules-test-support';

describe('validatePromQL', () => {
  test.each([
    'up == 0',
    'sum by (service) (rate(http_requests_total{status_code=~"5.."}[5m])) / (sum by (service) (rate(http_requests_total[5m])) > 0) > 0.05',
    'histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m])))',
    '(probe_ssl_earliest_cert_expiry - time()) / 86400 < 30',
    'rate(x[5m])\n  > 1',
  ])('accepts %j', (expr) => {
    // GIVEN valid PromQL THEN it is returned verbatim
    expect(validatePromQL(expr, 'here')).toBe(expr);
    expect(isValidPromQL(expr)).toBe(true);
  });

  test('refuses an unclosed call with the position and a caret under it', () => {
    // WHEN the closing parenthesis is missing
    const error = expectValidationError(() => validatePromQL('rate(foo[5m]', 'AlertRule "X" > expr'), 'AlertRule "X" > expr', '"rate(foo[5m]"', 'not valid PromQL', 'line 1, column 13', 'Fix the expression');
    // THEN the excerpt puts the caret at column 13
    expect(error.message).toContain('    rate(foo[5m]\n                ^');
  });

  test('reports the line and column of an error on a later line', () => {
    const error = expectValidationError(() => validatePromQL('sum(rate(x[5m]))\n  > > 1', 'w'), 'line 2, column 5');
    expect(error.message).toContain('      > > 1\n        ^');
  });

  test.each([
    ['bad duration unit', 'rate(x[5x])'],
    ['dangling operator', 'up == '],
    ['unclosed matcher', 'foo{a="b"'],
    ['two selectors', 'foo bar'],
  ])('refuses %s', (_why, expr) => {
    expectValidationError(() => validatePromQL(expr, 'where'), 'where', JSON.stringify(expr), 'not valid PromQL');
    expect(isValidPromQL(expr)).toBe(false);
  });

  test.each(['', '   ', undefined])('refuses empty expression %j', (expr) => {
    expectValidationError(() => validatePromQL(expr, 'RecordingRule "r" > expr'), 'RecordingRule "r" > expr', 'is empty', 'write a PromQL expression');
  });
});
