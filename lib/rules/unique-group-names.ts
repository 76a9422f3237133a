import { ValidationError, show } from '../core/validation-error';
import { RuleGroup } from './rule-group';

/**
 * Refuses two groups with the same name where groups are combined (a rule file, one Prometheus):
 * Prometheus rejects the whole file, or silently keeps only one group across files.
 * @param where the model or construct path where the groups are combined, for the error message.
 * @param taken names already in use where `groups` join (checked in O(1) per group, so that adding
 *   the 2,000th pack to a Prometheus does not re-check the 1,999 before it).
 */
export function checkUniqueGroupNames(groups: ReadonlyArray<RuleGroup>, where: string, taken: ReadonlySet<string> = new Set()): void {
  const seen = new Set<string>();
  for (const group of groups) {
    if (!(group instanceof RuleGroup)) {
      throw new ValidationError(where, `${show(group)} is not a RuleGroup; pass \`new RuleGroup(name, { rules })\` or a rule pack's ruleGroups.`);
    }
    if (seen.has(group.name) || taken.has(group.name)) {
      throw new ValidationError(
        `${where} > RuleGroup ${show(group.name)}`,
        `group name ${show(group.name)} is used twice; give each group a unique name (packs take a \`name\` prop, e.g. "service-health-shop").`,
      );
    }
    seen.add(group.name);
  }
}
