import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { LogAlertRule } from './log-alert-rule';
import { LogRecordingRule } from './log-recording-rule';

/** Properties of a {@link LogRuleGroup}. */
export interface LogRuleGroupProps {
  /** How often the ruler evaluates the group. @default the ruler's evaluation interval (1m) */
  readonly interval?: DurationLike;
  /** The rules, in evaluation order. */
  readonly rules: ReadonlyArray<LogAlertRule | LogRecordingRule>;
}

/** A named group of LogQL rules evaluated together by Loki's ruler. Refuses duplicate rules. */
export class LogRuleGroup {
  /** The group name, unique within a rule file. */
  public readonly name: string;
  /** How often the ruler evaluates the group; undefined: the ruler's evaluation interval. */
  public readonly interval?: Duration;
  /** The rules, in evaluation order. */
  public readonly rules: ReadonlyArray<LogAlertRule | LogRecordingRule>;

  constructor(name: string, props: LogRuleGroupProps) {
    const where = `LogRuleGroup ${show(name)}`;
    if (typeof name !== 'string' || name.trim() === '' || /[\r\n]/.test(name)) {
      throw new ValidationError(where, `name ${show(name)} is not a usable group name; give a non-empty single-line name such as "shop.logs".`);
    }
    this.name = name;
    if (props?.interval !== undefined) {
      const interval = toDuration(props.interval, `${where} > interval`);
      if (interval.isZero()) throw new ValidationError(`${where} > interval`, `"0s" is zero; give a positive interval (e.g. "1m") or leave it out.`);
      this.interval = interval;
    }
    const rules = props?.rules;
    if (!Array.isArray(rules) || rules.length === 0) {
      throw new ValidationError(`${where} > rules`, `${show(rules)} has no rules; add at least one LogAlertRule or LogRecordingRule, or leave the group out.`);
    }
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      let key: string;
      if (rule instanceof LogAlertRule) key = `alert ${show(rule.name)} with labels ${JSON.stringify(sorted(rule.labels))}`;
      else if (rule instanceof LogRecordingRule) key = `record ${show(rule.record)} with labels ${JSON.stringify(sorted(rule.labels))}`;
      else throw new ValidationError(`${where} > rules[${index}]`, `${show(rule)} is not a rule; pass \`new LogAlertRule({...})\` or \`new LogRecordingRule({...})\`.`);
      if (seen.has(key)) throw new ValidationError(where, `${key} appears twice; remove the duplicate or tell them apart by name or a static label.`);
      seen.add(key);
    });
    this.rules = [...rules];
  }

  /** The group's alerting rules, in order. */
  public get alertRules(): LogAlertRule[] {
    return this.rules.filter((rule): rule is LogAlertRule => rule instanceof LogAlertRule);
  }

  /** The group's recording rules, in order. */
  public get recordingRules(): LogRecordingRule[] {
    return this.rules.filter((rule): rule is LogRecordingRule => rule instanceof LogRecordingRule);
  }

  /** `{ name, interval?, rules }` as the ruler reads it. */
  public toJSON(): Record<string, unknown> {
    return { name: this.name, ...(this.interval ? { interval: this.interval.toPrometheus() } : {}), rules: this.rules.map((rule) => rule.toJSON()) };
  }
}

function sorted(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).sort().map((key) => [key, labels[key]]));
}
