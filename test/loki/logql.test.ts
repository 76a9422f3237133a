import { LogQLKind, validateLogQLOfKind } from '../../lib/core/logql';

describe('validateLogQLOfKind', () => {
  test.each([
    'sum by (service) (rate({app="x"} |= "error" [5m])) > 10',
    'sum by (event_type) (count_over_time({service="security"} | json | event_type!="" [5m]))',
    'sum by (app) (count_over_time({namespace=~".+"} |= "duration_ms" | json | __error__="" | duration_ms > 1000 [5m])) > 10',
    'rate({app="x"}[5m]) / rate({app="y"}[5m]) > 0.1',
  ])('GIVEN the metric query %s THEN it is accepted verbatim', (expr) => {
    expect(validateLogQLOfKind(expr, LogQLKind.METRIC, 'here')).toBe(expr);
  });

  test('GIVEN a syntax error THEN the message has the place, the expression, line/column and a caret', () => {
    // WHEN the closing parenthesis is missing
    const expr = 'sum(rate({app="x"}[5m]) > 1';
    // THEN
    expect(() => validateLogQLOfKind(expr, LogQLKind.METRIC, 'LogAlertRule "X" > expr')).toThrow(
      /^LogAlertRule "X" > expr: "sum\(rate\(\{app=\\"x\\"\}\[5m\]\) > 1" is not valid LogQL: syntax error at line 1, column \d+:\n {4}sum.*\n {4} *\^\nFix the expression at the caret/,
    );
  });

  test('GIVEN a bare log query where a metric is needed THEN it is refused with a wrapped suggestion', () => {
    expect(() => validateLogQLOfKind('{app="x"} |= "error"', LogQLKind.METRIC, 'p')).toThrow(
      'p: "{app=\\"x\\"} |= \\"error\\"" is a log query, not a metric query; a rule needs numbers, so wrap the stream in a range aggregation with a threshold, e.g. "sum by (app) (rate({app=\\"x\\"} |= \\"error\\" [5m])) > 1".',
    );
  });

  test('GIVEN a metric query over no stream THEN it is refused', () => {
    expect(() => validateLogQLOfKind('vector(1) > 0', LogQLKind.METRIC, 'p')).toThrow(/"vector\(1\) > 0" reads no log stream/);
  });

  test.each<[string, RegExp]>([
    ['', /"" is empty; write a LogQL stream selector, e.g. "\{namespace=\\"dev\\"\}"/],
    ['{namespace="dev"} |= "x"', /is not a bare stream selector/],
    ['sum(rate({a="b"}[5m]))', /is not a bare stream selector/],
    ['{namespace=dev}', /is not valid LogQL: syntax error at line 1, column 12/],
    ['{app=~".*"}', /has no matcher that excludes the empty value, which Loki refuses; add one such as namespace="dev"/],
    ['{app!="x"}', /has no matcher that excludes the empty value/],
  ])('GIVEN the stream selector %p THEN it is refused: %p', (selector, message) => {
    expect(() => validateLogQLOfKind(selector, LogQLKind.STREAM_SELECTOR, 'sel')).toThrow(message);
  });

  test('GIVEN good stream selectors THEN they are accepted', () => {
    for (const selector of ['{namespace="dev"}', '{app=~".+", level="error"}', '{app=~"api|web"}']) {
      expect(validateLogQLOfKind(selector, LogQLKind.STREAM_SELECTOR, 'sel')).toBe(selector);
    }
  });
});
