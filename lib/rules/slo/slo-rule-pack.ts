import { ValidationError, show } from '../../core/validation-error';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { checkUniqueGroupNames } from '../unique-group-names';
import type { ServiceLevelObjective } from './service-level-objective';

/**
 * SLOs as a rule pack: one group per SLO, named `<pack name>-<sloth_id>`, in the order given.
 * Refuses two SLOs with the same id (their series would collide).
 */
export class SloRulePack implements IRulePack {
  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;
  /** The SLOs, in order. */
  public readonly slos: ReadonlyArray<ServiceLevelObjective>;

  constructor(name: string, slos: ReadonlyArray<ServiceLevelObjective>) {
    const where = `SloRulePack ${show(name)}`;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      throw new ValidationError(where, `name ${show(name)} is not usable as a group-name prefix; use letters, digits, "-", "_" and ".", e.g. "slo".`);
    }
    if (!Array.isArray(slos) || slos.length === 0) {
      throw new ValidationError(`${where} > slos`, `${show(slos)} holds no SLOs; pass at least one ServiceLevelObjective.`);
    }
    const ids = new Map<string, number>();
    slos.forEach((slo, index) => {
      if (slo === null || typeof slo !== 'object' || typeof (slo as ServiceLevelObjective).ruleGroup !== 'function') {
        throw new ValidationError(`${where} > slos[${index}]`, `${show(slo)} is not an SLO; pass \`new ServiceLevelObjective({...})\` or ServiceLevelObjective.fromSlothSpec(...) results.`);
      }
      const earlier = ids.get(slo.id);
      if (earlier !== undefined) {
        throw new ValidationError(
          `${where} > slos[${index}]`,
          `SLO id ${show(slo.id)} is already used by slos[${earlier}]; give each SLO a unique service/name pair.`,
        );
      }
      ids.set(slo.id, index);
    });
    this.name = name;
    this.slos = [...slos];
    this.ruleGroups = slos.map((slo) => slo.ruleGroup(name));
    checkUniqueGroupNames(this.ruleGroups, where);
  }
}
