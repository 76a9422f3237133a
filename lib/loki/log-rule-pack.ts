import { toYaml } from '../core/yaml';
import { LogRuleGroup } from './log-rule-group';

/** A named bundle of LogQL rule groups; delivered to the ruler as one rule file `<name>.yaml`. */
export interface ILogRulePack {
  /** Pack name: lowercase letters, digits and '-' (it names a file and a ConfigMap). */
  readonly name: string;
  /** The rule groups, in file order. */
  readonly ruleGroups: ReadonlyArray<LogRuleGroup>;
}

/** The rule file text of a pack (`groups:` as Loki's ruler and `lokitool rules lint` read it). */
export function renderLogRuleFile(pack: ILogRulePack): string {
  return toYaml({ groups: pack.ruleGroups.map((group) => group.toJSON()) });
}
