import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { AlertRule, AlertRuleBase, PROMQL, RuleLanguage } from './alert-rule';
import { RecordingRule, RecordingRuleBase } from './recording-rule';

/** Properties of a {@link RuleGroup}. */
export interface RuleGroupProps extends RuleGroupBaseProps<AlertRule | RecordingRule> {
  /**
   * The most alerts or series one evaluation of a rule may produce; more makes the evaluation fail
   * (a cardinality guard).
   * @default no limit
   */
  readonly limit?: number;
}

/** Properties of a {@link RuleGroupBase}: those of every language's groups. */
export interface RuleGroupBaseProps<Rule> {
  /**
   * How often the group's rules are evaluated.
   * @default the evaluator's evaluation interval
   */
  readonly interval?: DurationLike;
  /** The rules, evaluated in this order (a recording rule's result is visible to the rules after it). */
  readonly rules: ReadonlyArray<Rule>;
}

/**
 * A named group of rules of one {@link RuleLanguage} that its evaluator runs together, in order, at
 * one interval. Refuses rules of another language and duplicates within the group: two alerts with
 * the same name and static labels, or two recording rules with the same name and static labels, would
 * produce colliding series. {@link RuleGroup} is the PromQL one; Loki's `LogRuleGroup` the LogQL one.
 */
export class RuleGroupBase<A extends AlertRuleBase, R extends RecordingRuleBase> {
  /** The group name (unique within a rule file and within one evaluator). */
  public readonly name: string;
  /** All rules, in evaluation order. */
  public readonly rules: ReadonlyArray<A | R>;
  /** The alerting rules, in order. */
  public readonly alertRules: ReadonlyArray<A>;
  /** The recording rules, in order. */
  public readonly recordingRules: ReadonlyArray<R>;
  /** The evaluation interval, if set. */
  public readonly interval?: Duration;
  /** The per-rule output limit, if set. */
  public readonly limit?: number;

  protected constructor(name: string, props: RuleGroupBaseProps<A | R> & { readonly limit?: number }, language: RuleLanguage) {
    const kinds = language.kinds;
    if (typeof name !== 'string' || name.trim() === '' || /[\r\n]/.test(name)) {
      throw new ValidationError(
        `${kinds.group} ${show(name)}`,
        `name ${show(name)} is not a usable group name; give a non-empty single-line name such as "checkout.alerts".`,
      );
    }
    const where = `${kinds.group} ${show(name)}`;
    this.name = name;

    if (props?.interval !== undefined) {
      const interval = toDuration(props.interval, `${where} > interval`);
      if (interval.isZero()) {
        throw new ValidationError(`${where} > interval`, `${show(interval.toPrometheus())} is zero; give a positive interval (e.g. "30s") or leave it out to use ${language.evaluationInterval}.`);
      }
      this.interval = interval;
    }
    if (props?.limit !== undefined && (!Number.isInteger(props.limit) || props.limit <= 0)) {
      throw new ValidationError(`${where} > limit`, `${show(props.limit)} is not a positive whole number; give e.g. 1000, or leave \`limit\` out for no limit.`);
    }
    this.limit = props?.limit;

    const rules = props?.rules;
    if (!Array.isArray(rules) || rules.length === 0) {
      throw new ValidationError(`${where} > rules`, `${show(rules)} has no rules; add at least one ${kinds.alert} or ${kinds.record}, or leave the group out.`);
    }
    const seen = new Set<string>();
    const alertRules: A[] = [];
    const recordingRules: R[] = [];
    rules.forEach((rule, index) => {
      if (rule instanceof AlertRuleBase && rule.language === language) {
        const key = `alert\u0000${rule.name}\u0000${identityKey(rule.labels)}`;
        if (seen.has(key)) {
          throw new ValidationError(
            `${where} > ${kinds.alert} ${show(rule.name)}`,
            `alert ${show(rule.name)} with labels ${labelKey(rule.labels)} appears twice; remove the duplicate, or tell them apart by name or by a static label.`,
          );
        }
        seen.add(key);
        alertRules.push(rule as A);
      } else if (rule instanceof RecordingRuleBase && rule.language === language) {
        const key = `record\u0000${rule.record}\u0000${identityKey(rule.labels)}`;
        if (seen.has(key)) {
          throw new ValidationError(
            `${where} > ${kinds.record} ${show(rule.record)}`,
            `record ${show(rule.record)} with labels ${labelKey(rule.labels)} appears twice, so both would write the same series; remove the duplicate or rename one.`,
          );
        }
        seen.add(key);
        recordingRules.push(rule as R);
      } else {
        throw new ValidationError(`${where} > rules[${index}]`, `${show(rule)} is not a rule; pass \`new ${kinds.alert}({...})\` or \`new ${kinds.record}({...})\`.`);
      }
    });
    this.rules = [...rules];
    this.alertRules = alertRules;
    this.recordingRules = recordingRules;
  }

  /** The rule group object as the evaluator reads it: `{ name, interval?, limit?, rules }`. */
  public toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      ...(this.interval !== undefined ? { interval: this.interval.toPrometheus() } : {}),
      ...(this.limit !== undefined ? { limit: this.limit } : {}),
      rules: this.rules.map((rule) => rule.toJSON()),
    };
  }
}

/**
 * A named group of PromQL rules that Prometheus evaluates together, in order, at one interval
 * (the {@link RuleGroupBase} model). Refuses duplicates within the group.
 */
export class RuleGroup extends RuleGroupBase<AlertRule, RecordingRule> {
  constructor(name: string, props: RuleGroupProps) {
    super(name, props, PROMQL);
  }
}

/** Labels as a stable key (sorted by name) for duplicate detection; cheaper than {@link labelKey}. */
function identityKey(labels: Readonly<Record<string, string>>): string {
  let key = '';
  // Names are identifiers and values are JSON-quoted, so different label sets never share a key.
  for (const name of Object.keys(labels).sort()) key += `${name}=${JSON.stringify(labels[name])},`;
  return key;
}

/** Labels as stable text (sorted by name) for messages. */
function labelKey(labels: Readonly<Record<string, string>>): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) sorted[key] = labels[key];
  return JSON.stringify(sorted);
}
