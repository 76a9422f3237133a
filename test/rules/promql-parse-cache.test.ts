import { parser } from '@prometheus-io/lezer-promql';
import { isValidPromQL, validatePromQL } from '../../lib/rules/promql';
import { promqlShape } from '../../lib/rules/promql-shape';
import { checkPromQLTypes } from '../../lib/rules/promql-types';
import { expectValidationError } from './rules-test-support';

// validatePromQL caches parse and type-check results by the expression's shape (string literals
// emptied); these tests check that the cache never changes a verdict or an error position.
function checksDirectly(expr: string): boolean {
  let error = false;
  const tree = parser.parse(expr);
  tree.iterate({ enter: (node) => { if (node.type.isError) error = true; } });
  return !error && checkPromQLTypes(tree, expr).problem === undefined;
}

describe('validatePromQL parse cache', () => {
  test('expressions of one shape with different label values are all accepted', () => {
    for (let i = 0; i < 50; i++) {
      const expr = `sum(rate(http_requests_total{service="svc-${i}", code=~"5.."}[5m])) > 0`;
      expect(validatePromQL(expr, 'here')).toBe(expr);
    }
  });

  test('literals with escapes share a shape; anything that could tokenize otherwise keeps its own', () => {
    // The latency SLI's bucket matcher, per service: one shape, so parsed once.
    const bucket = (service: string) => `sum(rate(x_bucket{service="${service}",le=~"0*\\.50*|5(\\.0*)?[eE]-0*1"}[5m]))`;
    expect(promqlShape(bucket('svc-1'))).toBe('sum(rate(x_bucket{service="",le=~""}[5m]))');
    expect(promqlShape(bucket('svc-2'))).toBe(promqlShape(bucket('svc-1')));
    expect(promqlShape('x{a="b\\"c"} + x{d="\\\\"}')).toBe('x{a=""} + x{d=""}');
    for (const expr of ['x{a="b\\"} == 0', 'x{a="b\\\n"}', 'x\\y', "x{a='b'}", 'x{a="b"} # "c"', 'x{a=`b`}', 'x{a="b', 'x{a="b\\']) {
      expect(promqlShape(expr)).toBe(expr);
    }
  });

  test('an error is located in the expression itself, not in its cached shape', () => {
    validatePromQL('x{a=""} + 1', 'warm');
    const expr = 'x{a="a much longer label value"} +';
    const error = expectValidationError(() => validatePromQL(expr, 'here'), 'here', 'not valid PromQL', `line 1, column ${expr.length + 1}`);
    expect(error.message).toContain(`    ${expr}\n    ${' '.repeat(expr.length)}^`);
  });

  test.each([
    'x{a="b\n"} == 0',
    'x{a="b} == 0',
    'x{a="b"} == "c',
    'x{a="b\\"c"} == 0',
    'x{a="b\\"} == 0',
    'x{le=~"0\\.5"} == 0',
    'x{le=~"0\\.5"} +',
    'x{a="\\\\"} + x{b="\\"\\""}',
    'x{a="\\q"} == 0',
    "x{a='b\"c'} == 0",
    "x{a='b} == \"c\"",
    'x{a="#"} == 0',
    'x # comment "\n == 0',
    'x{a=`b"`} == 0',
    'x{"b"} == 0',
    'x{"b"="c"} == 0',
    'x{"b\n"} == 0',
    '"a" + "b',
    '"a"',
    'x{a="b"} + x{a="c"}',
    'count_values("a", x{a="b"})',
    'rate(x{a="b"}) > 0',
  ])('gives the parser\'s and type checker\'s own verdict on %j after its shape-mates were cached', (expr) => {
    // Warm the cache with the same expression with other literal contents.
    isValidPromQL(expr.replace(/[a-c]/g, 'z'));
    isValidPromQL(expr.replace(/"[^"\n]*"/g, '""'));
    expect(isValidPromQL(expr)).toBe(checksDirectly(expr));
  });
});
