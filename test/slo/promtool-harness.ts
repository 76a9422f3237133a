import { ExpectedSample, InputSeries, PromtoolVerdict, promtoolTestRules } from '../support/promtool-harness';

/** One `promql_expr_test` entry. */
export interface ExprTest {
  readonly expr: string;
  readonly evalTime: string;
  readonly expSamples: ReadonlyArray<ExpectedSample>;
}

/** An SLO promtool case: input series and expectations of expressions (the SLO tests assert no alert directly). */
export interface PromtoolCase {
  readonly name: string;
  readonly inputSeries: ReadonlyArray<InputSeries>;
  readonly exprTests: ReadonlyArray<ExprTest>;
}

/**
 * Runs `promtool test rules` (test/support/promtool-harness.ts) on a rule file with the given SLO
 * cases (input series 1m apart; rules evaluated every minute unless `evaluationInterval` says
 * otherwise, e.g. for scenarios over days). Returns the verdict; a failing expectation shows in `output`.
 */
export function promtoolTestSloCases(ruleFileYaml: string, cases: ReadonlyArray<PromtoolCase>, options: { evaluationInterval?: string } = {}): PromtoolVerdict {
  const tests = cases.map((testCase) => ({
    name: testCase.name,
    interval: '1m',
    input_series: testCase.inputSeries.map((s) => ({ series: s.series, values: s.values })),
    promql_expr_test: testCase.exprTests.map((t) => ({
      expr: t.expr,
      eval_time: t.evalTime,
      exp_samples: t.expSamples.map((s) => ({ labels: s.labels, value: s.value })),
    })),
  }));
  return promtoolTestRules(ruleFileYaml, tests, { evaluationInterval: options.evaluationInterval ?? '1m' });
}

/** `name{a="1",b="2"}` with labels sorted, the way promtool prints and compares series. */
export function series(name: string, labels: Record<string, string>): string {
  const inner = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(', ');
  return `${name}{${inner}}`;
}
