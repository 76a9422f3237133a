import { toYaml } from '../core/yaml';
import { RuleGroup } from './rule-group';
import { checkUniqueGroupNames } from './unique-group-names';

/**
 * Renders groups as a Prometheus rule file (`groups: [...]`), the format of `rule_files`, of
 * `promtool check rules` and of a PrometheusRule's `spec`. Deterministic: the same groups give
 * byte-identical text. Refuses duplicate group names.
 */
export function renderRuleFile(groups: ReadonlyArray<RuleGroup>): string {
  checkUniqueGroupNames(groups, 'RuleFile');
  return toYaml({ groups: groups.map((group) => group.toJSON()) });
}
