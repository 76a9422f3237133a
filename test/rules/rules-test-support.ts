import { join } from 'node:path';
import { toYaml } from '../../lib/core/yaml';
import { ToolResult, runTool, writeTempFiles } from '../support/tools';

/** The runbook base every pack test uses. */
export const RUNBOOKS = 'https://runbooks.example.com/alerts';

export { expectValidationError } from '../support/refusal';

/** One input series of a promtool unit test, in promtool's expanding notation (`0+10x20`). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** One expected alert of a promtool alert_rule_test. */
export interface ExpectedAlert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations: Record<string, string>;
}

/** One promtool unit test case (a subset of promtool's test file format). */
export interface PromtoolTestCase {
  readonly name?: string;
  readonly interval: string;
  readonly input_series: ReadonlyArray<InputSeries>;
  readonly alert_rule_test?: ReadonlyArray<{ eval_time: string; alertname: string; exp_alerts: ReadonlyArray<ExpectedAlert> }>;
  readonly promql_expr_test?: ReadonlyArray<{ expr: string; eval_time: string; exp_samples: ReadonlyArray<{ labels: string; value: number }> }>;
}

/** Writes the rule file and a promtool test file built from the cases, and runs `promtool test rules`. */
export function promtoolTestRules(ruleFileYaml: string, tests: ReadonlyArray<PromtoolTestCase>): ToolResult {
  const testFile = toYaml({ rule_files: ['rules.yaml'], evaluation_interval: '30s', tests });
  const dir = writeTempFiles({ 'rules.yaml': ruleFileYaml, 'tests.yaml': testFile });
  return runTool('promtool', ['test', 'rules', join(dir, 'tests.yaml')], { cwd: dir });
}
