import { PromtoolTestCase, PromtoolVerdict, promtoolTestRules as promtoolTestRuleFile } from '../support/promtool-harness';

/** The runbook base every pack test uses. */
export const RUNBOOKS = 'https://runbooks.example.com/alerts';

export { expectValidationError } from '../support/refusal';
export type { ExpectedAlert, InputSeries, PromtoolTestCase } from '../support/promtool-harness';

/**
 * `promtool test rules` (test/support/promtool-harness.ts) on a rule file of the packs, evaluated
 * every 30s as the seeds' groups are.
 */
export function promtoolTestRules(ruleFileYaml: string, tests: ReadonlyArray<PromtoolTestCase>): PromtoolVerdict {
  return promtoolTestRuleFile(ruleFileYaml, tests, { evaluationInterval: '30s' });
}
