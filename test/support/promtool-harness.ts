import { join } from 'node:path';
import { toYaml } from '../../lib/core/yaml';
import { ToolResult, runTool, writeTempFiles } from './tools';

/** One input series of a promtool unit test, in promtool's expanding notation (`0+10x20`). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** One expected alert of an `alert_rule_test`. */
export interface ExpectedAlert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations: Record<string, string>;
}

/** One expected sample of a `promql_expr_test` (labels as PromQL series text). */
export interface ExpectedSample {
  readonly labels: string;
  readonly value: number;
}

/** One `alert_rule_test` entry: the alerts named `alertname` firing at `eval_time`. */
export interface AlertRuleTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: ReadonlyArray<ExpectedAlert>;
}

/** One `promql_expr_test` entry: the samples `expr` gives at `eval_time`. */
export interface PromqlExprTest {
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: ReadonlyArray<ExpectedSample>;
}

/** One promtool unit test case, in promtool's own test file format (a subset of it). */
export interface PromtoolTestCase {
  readonly name?: string;
  readonly interval: string;
  readonly input_series: ReadonlyArray<InputSeries>;
  readonly alert_rule_test?: ReadonlyArray<AlertRuleTest>;
  readonly promql_expr_test?: ReadonlyArray<PromqlExprTest>;
}

/** What `promtool test rules` said. */
export interface PromtoolVerdict extends ToolResult {
  /**
   * The report: promtool's own when it passed; when it failed, every error it printed, numbered and
   * dedented (an error repeated per test once), without the temporary folder's path. All of
   * promtool's text stays in it; it is what a failing `toContain('SUCCESS')` shows.
   */
  readonly output: string;
}

/**
 * Writes the rule file and a test file of the cases, and runs `promtool test rules` through runTool:
 * the verdict is cached by a hash of both files (and the binary), so any change to the rules, the
 * cases or the evaluation interval runs promtool again.
 */
export function promtoolTestRules(ruleFileYaml: string, tests: ReadonlyArray<PromtoolTestCase>, options: { readonly evaluationInterval: string }): PromtoolVerdict {
  const testFile = toYaml({ rule_files: ['rules.yaml'], evaluation_interval: options.evaluationInterval, tests });
  const dir = writeTempFiles({ 'rules.yaml': ruleFileYaml, 'tests.yaml': testFile });
  const result = runTool('promtool', ['test', 'rules', join(dir, 'tests.yaml')], { cwd: dir });
  return { ...result, output: readableReport(result, dir) };
}

/** promtool's failure report made readable; its output unchanged when it passed or did not finish. */
function readableReport(result: ToolResult, dir: string): string {
  if (result.status === 0 || result.status === null || !result.output.startsWith(result.stdout)) return result.output;
  // promtool prints `Unit Testing: <file>` and one blank line per error on stdout; `FAILED:` and the errors on stderr.
  const report = (text: string) => text.split(`${dir}/`).join('').split('\n').filter((line) => line.trim() !== '' && !/^(Unit Testing:.*|FAILED:)$/.test(line.trim()));
  const stdoutRest = report(result.stdout);
  const errors = promtoolErrors(report(result.output.slice(result.stdout.length)));
  if (errors.length === 0) return result.output;
  const counted = [...new Set(errors)].map((error) => {
    const times = errors.filter((e) => e === error).length;
    return times > 1 ? `${error}\n(reported ${times} times)` : error;
  });
  return [`promtool test rules FAILED, ${counted.length} error(s):`, ...stdoutRest, ...counted.map((error, i) => `${i + 1}) ${error.split('\n').join('\n   ')}`)].join('\n');
}

/**
 * The errors in promtool's stderr lines, each dedented. An error starts at a line indented 4 or
 * less: an alert test's `name:` (its `alertname:` line continues it), an expression test's `expr:`,
 * or an unindented rule or test file error; deeper lines (`exp:`, `got:`, the alerts) continue it.
 */
function promtoolErrors(lines: readonly string[]): string[] {
  const errors: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const afterName = current !== undefined && current[current.length - 1].trimStart().startsWith('name:');
    if (current && (indent > 4 || (afterName && line.trimStart().startsWith('alertname:')))) {
      current.push(line);
    } else {
      current = [line];
      errors.push(current);
    }
  }
  return errors.map((errorLines) => {
    const indent = Math.min(...errorLines.map((line) => line.length - line.trimStart().length));
    return errorLines.map((line) => line.slice(indent).trimEnd()).join('\n');
  });
}
