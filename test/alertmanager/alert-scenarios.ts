import { InputSeries, PromtoolTestCase, promtoolTestRules } from '../rules/rules-test-support';
import { ToolResult } from '../support/tools';
import { compareText } from '../../lib/core/compare-text';

/**
 * One scenario of a self-monitoring pack for `promtool test rules`: input series, and exactly which
 * alerts fire at `at` (by name, with how many firing series each). Every alert of the pack that is not
 * listed must be silent: the check compares the whole set of firing `ALERTS`, so an alert that fires
 * where it should not fails the scenario as surely as one that stays silent where it should fire.
 */
export interface AlertScenario {
  readonly name: string;
  readonly series: ReadonlyArray<InputSeries>;
  /** Firing alerts at `at`: alertname → number of firing series. */
  readonly firing: Readonly<Record<string, number>>;
  /** @default "40m" */
  readonly at?: string;
  /**
   * Extra checks of the firing alerts' labels: `ALERTS{alertname=<name>,alertstate="firing"}` counted
   * by these labels must give exactly these label sets (each with its count).
   */
  readonly labels?: ReadonlyArray<{ readonly alertname: string; readonly by: ReadonlyArray<string>; readonly samples: ReadonlyArray<{ readonly labels: string; readonly value: number }> }>;
}

/** promtool's test cases for the scenarios (evaluation every 30s over a 1m sample interval). */
function scenarioCases(scenarios: ReadonlyArray<AlertScenario>): PromtoolTestCase[] {
  return scenarios.map((s) => {
    const at = s.at ?? '40m';
    const firing = Object.entries(s.firing).sort(([a], [b]) => compareText(a, b));
    return {
      name: s.name,
      interval: '1m',
      input_series: s.series,
      promql_expr_test: [
        {
          expr: 'count by (alertname) (ALERTS{alertstate="firing"})',
          eval_time: at,
          exp_samples: firing.map(([alertname, count]) => ({ labels: `{alertname="${alertname}"}`, value: count })),
        },
        ...(s.labels ?? []).map((check) => ({
          expr: `count by (${check.by.join(', ')}) (ALERTS{alertname="${check.alertname}",alertstate="firing"})`,
          eval_time: at,
          exp_samples: [...check.samples],
        })),
      ],
    };
  });
}

/** Runs the scenarios against the rule file with promtool. */
export function runScenarios(ruleFileYaml: string, scenarios: ReadonlyArray<AlertScenario>): ToolResult {
  return promtoolTestRules(ruleFileYaml, scenarioCases(scenarios));
}
