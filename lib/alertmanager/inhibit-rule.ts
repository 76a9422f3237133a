import { ValidationError, show } from '../core/validation-error';
import { checkLabelName } from './label-name';
import { Matcher, MatcherLike, toMatchers } from './matcher';

/** Props of an {@link InhibitRule}. */
export interface InhibitRuleProps {
  /** Alerts that, while firing, mute others, e.g. `['severity="critical"']`. */
  readonly sourceMatchers: ReadonlyArray<MatcherLike>;
  /** Alerts that are muted, e.g. `['severity="warning"']`. */
  readonly targetMatchers: ReadonlyArray<MatcherLike>;
  /**
   * Labels whose values must be equal in source and target (a label missing in both counts as
   * equal), e.g. `['alertname', 'service']`.
   * @default none: any firing source mutes every target
   */
  readonly equal?: ReadonlyArray<string>;
}

/**
 * Mutes notifications of target alerts while a matching source alert fires
 * (Alertmanager's `inhibit_rules[]`, written with `source_matchers`/`target_matchers`).
 */
export class InhibitRule {
  /** Source conditions. */
  public readonly sourceMatchers: ReadonlyArray<Matcher>;
  /** Target conditions. */
  public readonly targetMatchers: ReadonlyArray<Matcher>;
  /** Labels that must be equal. */
  public readonly equal: ReadonlyArray<string>;

  /** @param where the model path, e.g. `InhibitRule[0]`, for error messages. */
  constructor(props: InhibitRuleProps, where = 'InhibitRule') {
    this.sourceMatchers = toMatchers(props?.sourceMatchers, `${where} > sourceMatchers`);
    this.targetMatchers = toMatchers(props?.targetMatchers, `${where} > targetMatchers`);
    for (const [field, list] of [['sourceMatchers', this.sourceMatchers], ['targetMatchers', this.targetMatchers]] as const) {
      if (list.length === 0) {
        throw new ValidationError(
          `${where} > ${field}`,
          `${show(props?.[field])} is empty, so every alert would match; give at least one matcher, e.g. ['severity="critical"'].`,
        );
      }
    }
    const equal = props.equal ?? [];
    if (!Array.isArray(equal)) {
      throw new ValidationError(`${where} > equal`, `${show(equal)} is not a list of label names; write e.g. ["alertname", "service"].`);
    }
    equal.forEach((name, i) => checkLabelName(name, `${where} > equal[${i}]`));
    this.equal = [...equal];
  }

  /**
   * True when a firing alert with `source` labels mutes an alert with `target` labels,
   * as Alertmanager's inhibitor decides (an alert never inhibits itself).
   */
  public inhibits(source: Readonly<Record<string, string>>, target: Readonly<Record<string, string>>): boolean {
    if (source === target) return false;
    return (
      this.sourceMatchers.every((m) => m.matches(source)) &&
      this.targetMatchers.every((m) => m.matches(target)) &&
      this.equal.every((name) => (source[name] ?? '') === (target[name] ?? ''))
    );
  }

  /** The `inhibit_rules[]` entry. */
  public toJSON(): Record<string, unknown> {
    return {
      source_matchers: this.sourceMatchers.map((m) => m.toString()),
      target_matchers: this.targetMatchers.map((m) => m.toString()),
      ...(this.equal.length > 0 ? { equal: [...this.equal] } : {}),
    };
  }
}
