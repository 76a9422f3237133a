import { join } from 'node:path';
import { toYaml } from '../../lib/core/yaml';
import { ToolResult, runTool, writeTempFiles } from '../support/tools';

/** One expected sample of a `promql_expr_test` (labels as PromQL series text). */
export interface ExpectedSample {
  readonly labels: string;
  readonly value: number;
}

/** One `promql_expr_test` entry. */
export interface ExprTest {
  readonly expr: string;
  readonly evalTime: string;
  readonly expSamples: ReadonlyArray<ExpectedSample>;
}

/** A promtool unit test case: input series and expectations. */
export interface PromtoolCase {
  readonly name: string;
  readonly inputSeries: ReadonlyArray<{ series: string; values: string }>;
  readonly exprTests: ReadonlyArray<ExprTest>;
}

/**
 * Runs `promtool test rules` on a rule file with the given cases (input series 1m apart; rules
 * evaluated every minute unless `evaluationInterval` says otherwise, e.g. for scenarios over days).
 * Returns the tool's verdict; a failing expectation shows in `output`.
 */
export function promtoolTestRules(ruleFileYaml: string, cases: ReadonlyArray<PromtoolCase>, options: { evaluationInterval?: string } = {}): ToolResult {
  const tests = {
    rule_files: ['rules.yaml'],
    evaluation_interval: options.evaluationInterval ?? '1m',
    tests: cases.map((testCase) => ({
      name: testCase.name,
      interval: '1m',
      input_series: testCase.inputSeries.map((s) => ({ series: s.series, values: s.values })),
      promql_expr_test: testCase.exprTests.map((t) => ({
        expr: t.expr,
        eval_time: t.evalTime,
        exp_samples: t.expSamples.map((s) => ({ labels: s.labels, value: s.value })),
      })),
    })),
  };
  const dir = writeTempFiles({ 'rules.yaml': ruleFileYaml, 'tests.yaml': toYaml(tests) });
  return runTool('promtool', ['test', 'rules', join(dir, 'tests.yaml')], { cwd: dir });
}

/** `name{a="1",b="2"}` with labels sorted, the way promtool prints and compares series. */
export function series(name: string, labels: Record<string, string>): string {
  const inner = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(', ');
  return `${name}{${inner}}`;
}
