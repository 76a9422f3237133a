import { RuleGroup } from './rule-group';

/** A named bundle of rule groups (like a kube-prometheus mixin). */
export interface IRulePack {
  /** The pack name, e.g. `service-health`; also the prefix of its group names. */
  readonly name: string;
  /** The pack's groups, in a stable order. */
  readonly ruleGroups: ReadonlyArray<RuleGroup>;
}
