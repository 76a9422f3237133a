import { toYaml } from '../../lib/core/yaml';
import { isValidPromQL, validatePromQL } from '../../lib/rules/promql';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
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

describe('validatePromQL type-checks like Prometheus (issue 17)', () => {
  test.each([
    // functions: range-vector, instant-vector, scalar and string arguments, optional and variadic ones
    'rate(http_requests_total[5m]) > 1',
    'sum by (service) (increase(x_total[1h])) / ignoring (code) group_left sum by (service) (rate(y[5m]))',
    'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))',
    'histogram_fraction(0, 0.5, sum(rate(h[5m])))',
    'quantile_over_time(0.9, x[10m])',
    'predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0',
    'clamp(x, 0, 1)', 'clamp_min(x, scalar(y))', 'round(x)', 'round(x, 0.5)', 'hour()', 'hour(timestamp(up))', 'days_in_month()',
    'label_replace(up, "host", "$1", "instance", "(.*):.*")',
    'label_join(up, "hp", ":", "instance", "job", "namespace")',
    'absent(up{job="api"})', 'absent_over_time(up[5m])', 'vector(1)', 'scalar(sum(up)) * 2', 'time() - process_start_time_seconds',
    // aggregations with and without a parameter
    'topk(3, sum by (pod) (rate(x[5m])))', 'quantile(0.5, x)', 'count_values("version", build_info)', 'count without (instance) (up)',
    // operators between scalars and vectors
    '1 > bool 0', '2 ^ 3 + 1', '-x', 'x and on (job) y', 'x unless ignoring (le) y', 'x or vector(0)', 'x atan2 y',
    // subqueries, offset and @
    'max_over_time(rate(x[5m])[1h:1m])', 'max_over_time((sum(rate(x[5m])))[1h:])', 'x offset 1h', 'rate(x[5m] offset 1d)', 'x offset -5m',
    'x @ 1700000000', 'rate(x[5m] @ end())', 'x @ start() offset 1h', 'min_over_time(x[1h:5m] offset 1d)',
    // a scalar result is fine for a rule
    '(probe_ssl_earliest_cert_expiry - time()) / 86400 < 30', 'time()',
  ])('accepts %j', (expr) => {
    expect(validatePromQL(expr, 'here')).toBe(expr);
    expect(isValidPromQL(expr)).toBe(true);
  });

  // [expression, the problem at its column, ...what the message must also say (the fix)]
  test.each([
    ['rate(http_requests_total) > 1', 'type error at line 1, column 6: rate() needs a range vector as argument 1, got an instant vector (http_requests_total)', 'e.g. rate(http_requests_total[5m])'],
    ['increase(sum(x_total)[1h])', 'a range [1h] can only follow a series selector, not an instant vector expression (sum(x_total))', 'subquery'],
    ['irate(sum(x))', 'irate() needs a range vector as argument 1, got an instant vector (sum(x))', 'sum(irate(metric[5m]))'],
    ['abs(x[5m])', 'abs() needs an instant vector as argument 1, got a range vector (x[5m])', 'drop the range'],
    ['sum(x[5m])', 'sum aggregates an instant vector, got a range vector (x[5m])', 'sum_over_time(...)'],
    ['avg(1)', 'avg aggregates an instant vector, got a scalar (1)', 'vector(1)'],
    ['topk(x)', 'topk takes 2 arguments (k, then an instant vector), got 1', 'topk(5, metric)'],
    ['sum(1, x)', 'sum takes 1 argument (an instant vector), got 2', 'only topk, bottomk, quantile and count_values take a parameter'],
    ['topk(y, x)', 'topk needs a scalar as k, got an instant vector (y)', 'scalar(...)'],
    ['count_values(1, x)', 'count_values needs a string as the output label name, got a scalar (1)', '"value"'],
    ['histogram_quantile(x, y)', 'histogram_quantile() needs a scalar as argument 1, got an instant vector (x)', 'scalar(x)'],
    ['histogram_quantile(0.9)', 'histogram_quantile() takes 2 arguments, got 1', 'histogram_quantile(scalar, instant vector)'],
    ['clamp_max(x, y)', 'clamp_max() needs a scalar as argument 2, got an instant vector (y)', 'scalar(y)'],
    ['round(x, 1, 2)', 'round() takes at most 2 arguments, got 3', 'round(instant vector, [scalar])'],
    ['label_replace(x, "a", "b", "c")', 'label_replace() takes 5 arguments, got 4', 'label_replace(instant vector, string, string, string, string)'],
    ['label_replace(x, a, "b", "c", "d")', 'label_replace() needs a string as argument 2, got an instant vector (a)', 'double quotes'],
    ['vector(x)', 'vector() needs a scalar as argument 1, got an instant vector (x)', 'scalar(x)'],
    ['time(x)', 'time() takes 0 arguments, got 1', 'time()'],
    ['x[5m] > 1', 'the left operand of > is a range vector (x[5m]); binary operators take scalars and instant vectors', 'rate(metric[5m])'],
    ['x + "a"', 'the right operand of + is a string ("a")', 'metric{label="value"}'],
    ['-(x[5m:1m])', 'a unary - needs a scalar or an instant vector, got a range vector ((x[5m:1m]))', 'drop the range'],
    ['1 > 2', 'a comparison between two scalars must use bool (1 > 2)', '1 > bool 2'],
    ['x + bool 1', 'bool can only modify a comparison', 'Remove bool after +'],
    ['x and 1', 'the set operator and works between instant vectors, but its right operand is a scalar (1)', 'vector(...)'],
    ['x / on (a) 2', 'vector matching (on (a)) is only allowed between two instant vectors', 'Remove on(...)'],
    ['x or on (a) group_left y', 'no grouping (group_left) is allowed with the set operator or', 'many-to-many'],
    ['x * on (a) group_left (a) y', 'label a is in both on(...) and group_left(...)', 'Keep a in on(...) only'],
    ['max_over_time(x[5m][1h:1m])', 'a subquery needs an instant vector, got a range vector (x[5m])', 'rate(metric[5m]))[1h:1m]'],
    ['rate(x[5m]) offset 1h', 'offset must follow a series selector, a range selector or a subquery, not an instant vector expression (rate(x[5m]))', 'rate(http_requests_total[5m] offset 1h)'],
    ['sum(x) @ 100', '@ must follow a series selector, a range selector or a subquery, not an instant vector expression (sum(x))', '@ end()'],
    ['x offset 5m [5m]', 'the range [5m] comes after offset', 'x[5m] offset 5m'],
    ['x offset 1h offset 1h', 'offset is set twice on x', 'offset 2h'],
  ])('refuses %j with the problem and the fix', (expr, problem, fix) => {
    const error = expectValidationError(() => validatePromQL(expr, 'AlertRule "X" > expr'), 'AlertRule "X" > expr', JSON.stringify(expr), 'is not valid PromQL', problem, fix);
    // the caret excerpt is there
    expect(error.message).toContain(`    ${expr}\n`);
    expect(isValidPromQL(expr)).toBe(false);
  });

  test('the caret points at the offending argument', () => {
    const error = expectValidationError(() => validatePromQL('sum(rate(http_requests_total{code="500"}))', 'w'), 'line 1, column 10');
    expect(error.message).toContain('    sum(rate(http_requests_total{code="500"}))\n             ^');
  });

  test.each([
    ['rat(x[5m])', 'unknown function rat; did you mean rate?', 'Write rate(...)'],
    ['sum(increse(x[1h]))', 'unknown function increse; did you mean increase?', 'Write increase(...)'],
    ['histgram_quantile(0.9, x)', 'unknown function histgram_quantile; did you mean histogram_quantile?', 'Write histogram_quantile(...)'],
    ['Rate(x[5m])', 'unknown function Rate; did you mean rate?', 'Write rate(...)'],
    ['summ by (a) (x)', 'unknown function summ; did you mean sum?', 'Write sum(...)'],
    ['frobnicate(x)', 'unknown function frobnicate (line 1, column 1)', 'if frobnicate is a metric, put an operator'],
    ['holt_winters(x[1h], 0.5, 0.5)', 'unknown function holt_winters', 'removed in Prometheus 3.0'],
  ])('names the unknown function in %j instead of a generic syntax error', (expr, problem, fix) => {
    const error = expectValidationError(() => validatePromQL(expr, 'AlertRule "X" > expr'), 'AlertRule "X" > expr', JSON.stringify(expr), problem, fix);
    expect(error.message).not.toContain('syntax error');
  });

  test.each([
    ['sort_by_label(x, "a")', 'function sort_by_label is experimental'],
    ['mad_over_time(x[5m])', 'function mad_over_time is experimental'],
    ['integral(x[5m])', 'function integral is experimental'],
    ['limitk(2, x)', 'the aggregation limitk is experimental'],
    ['x[5m * 2]', 'the duration expression 5m * 2 is experimental'],
  ])('refuses the experimental %j: this stack enables no experimental PromQL', (expr, problem) => {
    expectValidationError(() => validatePromQL(expr, 'w'), JSON.stringify(expr), problem, 'enables none of the experimental PromQL features');
  });

  test.each([
    ['x[5m]', 'gives a range vector', 'max_over_time(metric[5m])'],
    ['rate(x[5m])[1h:1m]', 'gives a range vector', 'rate(metric[5m])'],
    ['"text"', 'gives a string', 'select a metric'],
  ])('refuses %j as a rule expression: Prometheus evaluates rules at an instant', (expr, problem, fix) => {
    expectValidationError(() => validatePromQL(expr, 'RecordingRule "r" > expr'), 'RecordingRule "r" > expr', JSON.stringify(expr), problem, fix);
    // a valid query nonetheless (e.g. for a table panel)
    expect(isValidPromQL(expr)).toBe(true);
  });
});

describeWithTool('promtool', 'the type checker agrees with Prometheus\'s own parser [promtool 2.42]', () => {
  const verdict = (expr: string) => promtoolCheckRules(toYaml({ groups: [{ name: 'g', rules: [{ record: 'r:x:y', expr }] }] }));
  // Each refused expression of the table above that Prometheus 2.42's parser knows (Prometheus checks
  // types when it parses; promtool does not check the result type of a rule, so those are left out).
  test.each([
    'rate(http_requests_total) > 1', 'increase(sum(x_total)[1h])', 'abs(x[5m])', 'sum(x[5m])', 'avg(1)', 'topk(x)', 'sum(1, x)',
    'topk(y, x)', 'count_values(1, x)', 'histogram_quantile(x, y)', 'clamp_max(x, y)', 'round(x, 1, 2)', 'label_replace(x, "a", "b", "c")',
    'vector(x)', 'time(x)', 'x[5m] > 1', 'x + "a"', '1 > 2', 'x + bool 1', 'x and 1', 'x / on (a) 2', 'x or on (a) group_left y',
    'x * on (a) group_left (a) y', 'max_over_time(x[5m][1h:1m])', 'rate(x[5m]) offset 1h', 'sum(x) @ 100', 'x offset 5m [5m]', 'x offset 1h offset 1h',
    'rat(x[5m])',
  ])('promtool refuses %j too', (expr) => {
    expect(isValidPromQL(expr)).toBe(false);
    const result = verdict(expr);
    expect(result.output).not.toContain('SUCCESS');
    expect(result.status).not.toBe(0);
  });

  test.each([
    'rate(http_requests_total[5m]) > 1', 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))', 'quantile_over_time(0.9, x[10m])',
    'clamp_min(x, scalar(y))', 'label_join(up, "hp", ":", "instance", "job")', 'topk(3, sum by (pod) (rate(x[5m])))', '1 > bool 0',
    'max_over_time(rate(x[5m])[1h:1m])', 'rate(x[5m] offset 1d)', 'rate(x[5m] @ end())', 'x offset -5m', 'x @ start() offset 1h',
  ])('promtool accepts %j too', (expr) => {
    expect(isValidPromQL(expr)).toBe(true);
    const result = verdict(expr);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
