import { Duration, DurationLike } from '../../core/duration';
import { ValidationError, show } from '../../core/validation-error';
import { AlertRule, AlertRuleProps } from '../alert-rule';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { Severity } from '../severity';
import { AlertOptions, AlertPackContext, AlertPackProps, NumberRange } from './pack-props';

/** What an alert's builders read: the pack's terms, the alert's own settings, and its tuning. */
export type AlertTerms<T, S> = T & S & {
  /** The threshold: the caller's, or the spec's default. */
  readonly threshold: number;
  /** How long the condition must hold (zero: fires at once). */
  readonly for: Duration;
};

/** Fixed text, or text built from the alert's terms (templates such as `{{ $labels.service }}` kept verbatim). */
export type AlertText<X> = string | ((terms: X) => string);

/** What an alert's options prop holds when the alert is on. */
export type AlertOptionsOf<V> = Exclude<V, false | undefined>;

/**
 * One alert of a pack, as data: its name and defaults, the pack prop that tunes it, and the builders
 * of its condition and annotations. {@link AlertPack} reads a table of these; the pack's team, labels,
 * runbook link (`<runbookBaseUrl>/<alert-name-in-kebab-case>` unless the options give one) and
 * dashboard link are added to every alert.
 *
 * @typeParam P the pack's props.
 * @typeParam T the pack's terms: what its `terms` resolver makes of the props (metric names, selectors…).
 * @typeParam K the prop holding the alert's options.
 * @typeParam S the alert's own settings, resolved from its options by {@link settings}.
 */
export interface AlertSpec<P, T, K extends keyof P = keyof P, S = unknown> {
  /** The alert name (`alertname`), e.g. `HighErrorRate`. */
  readonly name: string;
  /**
   * The pack prop holding the alert's options ({@link AlertOptions} or a subtype), or `false` to leave
   * the alert out.
   * @default none: the alert is always on and keeps its defaults
   */
  readonly prop?: K;
  /**
   * The group the alert goes in: `<pack name>.<group>`.
   * @default the group named after the pack
   */
  readonly group?: string;
  /** The default severity. */
  readonly severity: Severity;
  /**
   * The default `for`.
   * @default none: fires at the first evaluation that matches
   */
  readonly for?: DurationLike;
  /**
   * The default threshold, in the unit the alert's documentation states; or read from the pack's terms
   * (a pack whose thresholds are props of their own).
   * @default 0 (for an alert on a state, see {@link noThreshold})
   */
  readonly threshold?: number | ((pack: T) => number);
  /**
   * The range a threshold must be in.
   * @default any finite number
   */
  readonly range?: NumberRange;
  /**
   * Why the alert takes no threshold (it fires on a state), e.g. "fires when a target's `up` is 0"; a
   * `threshold` option is then refused with this reason.
   * @default the alert takes a threshold
   */
  readonly noThreshold?: string;
  /**
   * Resolves and checks the alert's own settings from its options (metric names, windows, grouping).
   * @param at the error path of one of the alert's options, e.g. `... > highLatency > quantile`.
   * @default no settings
   */
  readonly settings?: (options: AlertOptionsOf<P[K]> | undefined, at: (option: string) => string, pack: T) => S;
  /** The condition, with the threshold. */
  readonly expr: (terms: AlertTerms<T, S>) => string;
  /** The summary annotation. */
  readonly summary: AlertText<AlertTerms<T, S>>;
  /**
   * The description annotation.
   * @default no description
   */
  readonly description?: AlertText<AlertTerms<T, S>>;
}

/**
 * The typed row builder of one pack's table: checks each row against the pack's props and terms,
 * infers the row's options prop and settings, and returns it in the table's common type.
 */
export function alertSpecs<P, T>(): <K extends keyof P, S = unknown>(spec: AlertSpec<P, T, K, S>) => AlertSpec<P, T> {
  // The row's own settings type is only seen by its own builders, so the table may forget it.
  return (spec) => spec as unknown as AlertSpec<P, T>;
}

/** A pack as data: its name, defaults, the resolver of its terms, and its table of alerts. */
export interface AlertPackDefinition<P extends AlertPackProps, T> {
  /** The pack class, the first element of error paths, e.g. `ServiceHealthRules`. */
  readonly kind: string;
  /** The pack name and prefix of its group names when `props.name` is not set, e.g. `service-health`. */
  readonly name: string;
  /**
   * The team when `props.team` is not set.
   * @default no team label
   */
  readonly team?: string;
  /**
   * The group interval when `props.interval` is not set.
   * @default 30s
   */
  readonly interval?: DurationLike;
  /**
   * Resolves and checks the pack-wide props the alerts read (metric names, selectors, grouping).
   * @param at the error path of one of the pack's props, e.g. `ServiceHealthRules "service-health" > groupBy`.
   */
  readonly terms: (props: P, at: (prop: string) => string) => T;
  /** The alerts, in rule order; their groups come in the order their first alert is listed. */
  readonly alerts: ReadonlyArray<AlertSpec<P, T>>;
}

/**
 * Checks a pack definition against its terms type and returns it in the common type {@link AlertPack}
 * reads (the terms are only seen by the pack's own resolver and rows).
 */
export function alertPack<P extends AlertPackProps, T>(definition: AlertPackDefinition<P, T>): AlertPackDefinition<P, unknown> {
  return definition as unknown as AlertPackDefinition<P, unknown>;
}

/** The rule and group classes a pack builds: the query language's (Prometheus's, Loki's…). */
export interface PackRuleKinds<A, G> {
  /** The alerting rule class. */
  readonly alert: new (props: AlertRuleProps) => A;
  /** The rule group class. */
  readonly group: new (name: string, props: { readonly interval: Duration; readonly rules: ReadonlyArray<A> }) => G;
}

/** Prometheus's rules: {@link AlertRule} in {@link RuleGroup}s. */
export const PROMETHEUS_RULES: PackRuleKinds<AlertRule, RuleGroup> = { alert: AlertRule, group: RuleGroup };

/**
 * The one alert pack class: builds the groups of a pack from its {@link AlertPackDefinition} and the
 * caller's props. Per alert: `false` leaves it out, options override its threshold, `for`, severity
 * and runbook link; a group whose alerts are all off is left out, and so a pack whose alerts are all
 * off has no groups. Errors name the pack, the prop and the fix, e.g.
 * `ServiceHealthRules "service-health" > highErrorRate > threshold: ...`.
 */
export class AlertPack<P extends AlertPackProps, G = RuleGroup, A = AlertRule> {
  /** The pack name, e.g. `service-health`; also the prefix of its group names. */
  public readonly name: string;
  /** The pack's groups, in a stable order. */
  public readonly ruleGroups: ReadonlyArray<G>;

  constructor(definition: AlertPackDefinition<P, unknown>, props: P, kinds: PackRuleKinds<A, G>) {
    this.name = props?.name ?? definition.name;
    const where = `${definition.kind} ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const ctx = new AlertPackContext(props, definition.team, where, definition.interval);
      const pack = definition.terms(props, (prop) => `${where} > ${prop}`);
      const groups = new Map<string, A[]>();
      for (const spec of definition.alerts) {
        const group = spec.group === undefined ? this.name : `${this.name}.${spec.group}`;
        const rules = groups.get(group) ?? [];
        groups.set(group, rules);
        const alert = buildAlert(spec, props, pack, ctx);
        if (alert !== undefined) rules.push(new kinds.alert(alert));
      }
      return [...groups]
        .filter(([, rules]) => rules.length > 0)
        .map(([name, rules]) => new kinds.group(name, { interval: ctx.interval, rules }));
    });
  }
}

/** The props of one alert of the table, or undefined when the caller switched it off. */
function buildAlert<P extends AlertPackProps>(spec: AlertSpec<P, unknown>, props: P, pack: unknown, ctx: AlertPackContext): AlertRuleProps | undefined {
  const prop = spec.prop === undefined ? spec.name : String(spec.prop);
  const options = spec.prop === undefined ? undefined : (props[spec.prop] as AlertOptions | false | undefined);
  if (spec.noThreshold !== undefined && options && options.threshold !== undefined) {
    throw new ValidationError(
      `${ctx.where} > ${prop} > threshold`,
      `${show(options.threshold)} has no meaning for ${spec.name}, which ${spec.noThreshold}; remove \`threshold\` (tune \`for\` instead).`,
    );
  }
  const threshold = typeof spec.threshold === 'function' ? spec.threshold(pack) : (spec.threshold ?? 0);
  const tuning = ctx.resolve(prop, spec.name, options, { threshold, for: spec.for, severity: spec.severity }, spec.range);
  if (tuning === undefined) return undefined;
  const settings = spec.settings?.((options || undefined) as never, (option) => `${ctx.where} > ${prop} > ${option}`, pack);
  const terms = { ...(pack as object), ...(settings as object), threshold: tuning.threshold, for: tuning.for };
  const text = (value: AlertText<typeof terms> | undefined) => (typeof value === 'function' ? value(terms) : value);
  return ctx.alertProps(spec.name, tuning, { expr: spec.expr(terms), summary: text(spec.summary) as string, description: text(spec.description) });
}
