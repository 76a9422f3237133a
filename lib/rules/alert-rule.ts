import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { LABEL_NAME_PATTERN, validateLabelMap } from './label-names';
import { validatePromQL } from './promql';
import { validateUrl } from './runbook';
import { ALL_SEVERITIES, Severity, isSeverity } from './severity';
import { validateTemplateText } from './template-text';

/**
 * What every alerting rule says besides its condition, Prometheus's and Loki's ruler's alike: name,
 * severity, team, timing, labels and the annotations a responder reads.
 */
export interface AlertDefinitionProps {
  /** The alert name (`alertname` label), e.g. `HighErrorRate`; must match `^[a-zA-Z_][a-zA-Z0-9_]*$`. */
  readonly name: string;
  /**
   * How long the condition must hold before the alert fires.
   * @default none (fires at the first evaluation that matches)
   */
  readonly for?: DurationLike;
  /**
   * How long the alert keeps firing after the condition stops matching (damps flapping).
   * @default none
   */
  readonly keepFiringFor?: DurationLike;
  /** How urgently a human must act; rendered as label `severity`. */
  readonly severity: Severity;
  /**
   * The owning team, rendered as label `team` (Alertmanager routes on it).
   * @default no team label
   */
  readonly team?: string;
  /**
   * Extra static labels. Names must be valid label names, not `__`-prefixed, and not `severity` or
   * `team` (use the props). Values may use templates such as `{{ $labels.service }}`.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /** One line for the notification title (annotation `summary`); templates allowed. */
  readonly summary: string;
  /**
   * Details for the responder (annotation `description`); templates allowed.
   * @default no description
   */
  readonly description?: string;
  /**
   * Link to the runbook (annotation `runbook_url`); required when severity is critical.
   * @default none (only allowed for warning and info)
   */
  readonly runbookUrl?: string;
  /**
   * Link to the dashboard to open first (annotation `dashboard_url`).
   * @default none
   */
  readonly dashboardUrl?: string;
  /**
   * Extra annotations (not `summary`, `description`, `runbook_url`, `dashboard_url`: use the props).
   * @default none
   */
  readonly annotations?: Record<string, string>;
}

/** Properties of an {@link AlertRule} (and of the alerting rules of other query languages). */
export interface AlertRuleProps extends AlertDefinitionProps {
  /** The condition (PromQL for an {@link AlertRule}); every series it returns is one alert. Parsed at construction. */
  readonly expr: string;
}

/** An {@link AlertDefinitionProps} checked, with its labels and annotations assembled. */
interface AlertDefinition {
  /** The alert name. */
  readonly name: string;
  /** The severity (also in {@link labels}). */
  readonly severity: Severity;
  /** The owning team (also in {@link labels}), if any. */
  readonly team?: string;
  /** All static labels: severity, team (if set), then the extra labels by name. */
  readonly labels: Readonly<Record<string, string>>;
  /** How long the condition must hold, if set. */
  readonly for?: Duration;
  /** How long the alert keeps firing after recovery, if set. */
  readonly keepFiringFor?: Duration;
  /** All annotations: summary, description, runbook_url, dashboard_url (those set), then extras by name. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The summary annotation. */
  readonly summary: string;
  /** The runbook URL, if set (always set for critical alerts). */
  readonly runbookUrl?: string;
}

const RESERVED_LABELS: Record<string, string> = {
  severity: 'use the `severity` prop (Severity.CRITICAL / WARNING / INFO)',
  team: 'use the `team` prop',
  alertname: 'the alert name is the `name` prop',
};
const RESERVED_ANNOTATIONS: Record<string, string> = {
  summary: 'use the `summary` prop',
  description: 'use the `description` prop',
  runbook_url: 'use the `runbookUrl` prop',
  dashboard_url: 'use the `dashboardUrl` prop',
};

/**
 * The query language of a family of rules, and what its evaluator accepts: the one difference between
 * Prometheus's rules (PromQL, {@link PROMQL}) and those of Loki's ruler (LogQL). The alerting rule,
 * recording rule and group classes of every language share one model ({@link AlertRuleBase},
 * `RecordingRuleBase`, `RuleGroupBase`): the same checks, labels, annotations and rendering.
 */
export interface RuleLanguage<L extends string = string> {
  /** The language, e.g. `PromQL`; its literal type also keeps the rules of two languages apart. */
  readonly name: L;
  /** Who evaluates the rules, for messages, e.g. `Prometheus` or `Loki's ruler`. */
  readonly evaluator: string;
  /** The evaluation interval of a group without `interval`, for messages. */
  readonly evaluationInterval: string;
  /** The class names of the language's rules and groups: the first element of their error paths. */
  readonly kinds: { readonly alert: string; readonly record: string; readonly group: string };
  /** Whether the evaluator takes `keep_firing_for` on alerts. */
  readonly keepFiringFor: boolean;
  /** A record name for messages, e.g. `service:http_requests:rate5m`. */
  readonly recordExample: string;
  /** Checks a rule's expression (a metric query, with its condition for alerts); returns it unchanged. */
  validate(expr: unknown, where: string): string;
}

/** PromQL, evaluated by Prometheus: {@link AlertRule}, `RecordingRule`, `RuleGroup`. */
export const PROMQL: RuleLanguage<'PromQL'> = {
  name: 'PromQL',
  evaluator: 'Prometheus',
  evaluationInterval: 'the Prometheus evaluation interval',
  kinds: { alert: 'AlertRule', record: 'RecordingRule', group: 'RuleGroup' },
  keepFiringFor: true,
  recordExample: 'service:http_requests:rate5m',
  validate: validatePromQL,
};

/**
 * An alerting rule in a {@link RuleLanguage}, validated when constructed: a valid name, an expression
 * the language's parser accepts, Prometheus durations, valid label names, closed templates, a
 * non-empty summary, and a runbook URL whenever the severity is critical (whoever is paged at night
 * needs to know what to do). {@link AlertRule} is the PromQL one; Loki's `LogAlertRule` the LogQL one.
 */
export class AlertRuleBase<L extends string = string> {
  /** The query language of {@link expr}. */
  public readonly language: RuleLanguage<L>;
  /** The alert name. */
  public readonly name: string;
  /** The severity (also in {@link labels}). */
  public readonly severity: Severity;
  /** The owning team (also in {@link labels}), if any. */
  public readonly team?: string;
  /** All static labels the alert carries: severity, team (if set), then the extra labels by name. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The condition, verbatim. */
  public readonly expr: string;
  /** How long the condition must hold, if set. */
  public readonly for?: Duration;
  /** How long the alert keeps firing after recovery, if set. */
  public readonly keepFiringFor?: Duration;
  /** All annotations: summary, description, runbook_url, dashboard_url (those set), then extras by name. */
  public readonly annotations: Readonly<Record<string, string>>;
  /** The summary annotation. */
  public readonly summary: string;
  /** The runbook URL, if set (always set for critical alerts). */
  public readonly runbookUrl?: string;

  protected constructor(props: AlertRuleProps, language: RuleLanguage<L>) {
    const kind = language.kinds.alert;
    if (!language.keepFiringFor && props?.keepFiringFor !== undefined) {
      throw new ValidationError(
        `${kind} ${show(props.name)} > keepFiringFor`,
        `${show(props.keepFiringFor)} is not supported by ${language.evaluator}; remove it (tune \`for\` instead).`,
      );
    }
    const definition = defineAlert(props, kind);
    this.language = language;
    this.name = definition.name;
    this.expr = language.validate(props.expr, `${kind} ${show(definition.name)} > expr`);
    this.severity = definition.severity;
    this.team = definition.team;
    this.labels = definition.labels;
    this.for = definition.for;
    this.keepFiringFor = definition.keepFiringFor;
    this.annotations = definition.annotations;
    this.summary = definition.summary;
    this.runbookUrl = definition.runbookUrl;
  }

  /** The rule object as the evaluator reads it: `{ alert, expr, for?, keep_firing_for?, labels, annotations }`. */
  public toJSON(): Record<string, unknown> {
    return {
      alert: this.name,
      expr: this.expr,
      ...(this.for !== undefined ? { for: this.for.toPrometheus() } : {}),
      ...(this.keepFiringFor !== undefined ? { keep_firing_for: this.keepFiringFor.toPrometheus() } : {}),
      labels: { ...this.labels },
      annotations: { ...this.annotations },
    };
  }
}

/**
 * A Prometheus alerting rule: the {@link AlertRuleBase} model with a PromQL condition, parsed at
 * construction.
 */
export class AlertRule extends AlertRuleBase<'PromQL'> {
  constructor(props: AlertRuleProps) {
    super(props, PROMQL);
  }
}

/**
 * Checks what every alerting rule says besides its condition and assembles its labels and
 * annotations: a valid name, a severity, Prometheus durations, valid label names, closed templates, a
 * non-empty summary, and a runbook URL whenever the severity is critical (whoever is paged at night
 * needs to know what to do).
 * @param kind the rule's kind for the error path, e.g. `AlertRule` or `LogAlertRule`.
 */
function defineAlert(props: AlertDefinitionProps, kind: string): AlertDefinition {
  const name = props?.name;
  if (typeof name !== 'string' || !LABEL_NAME_PATTERN.test(name)) {
    throw new ValidationError(
      `${kind} ${show(name)}`,
      `name ${show(name)} is not a valid alert name; use letters, digits and underscores in UpperCamelCase, e.g. "HighErrorRate".`,
    );
  }
  const where = `${kind} ${show(name)}`;

  if (!isSeverity(props.severity)) {
    throw new ValidationError(
      `${where} > severity`,
      `${show(props.severity)} is not a severity; use Severity.CRITICAL, Severity.WARNING or Severity.INFO (${ALL_SEVERITIES.map((s) => show(s)).join(', ')}).`,
    );
  }
  const severity = props.severity;

  const forDuration = props.for !== undefined ? toDuration(props.for, `${where} > for`) : undefined;
  const keepFiringFor = props.keepFiringFor !== undefined ? toDuration(props.keepFiringFor, `${where} > keepFiringFor`) : undefined;

  if (props.team !== undefined && (typeof props.team !== 'string' || props.team.trim() === '')) {
    throw new ValidationError(`${where} > team`, `${show(props.team)} is empty; name the owning team (e.g. "platform") or leave \`team\` out.`);
  }
  const team = props.team;

  const extraLabels = validateLabelMap(props.labels, `${where} > labels`, RESERVED_LABELS);
  for (const [key, value] of Object.entries(extraLabels)) validateTemplateText(value, `${where} > labels > ${show(key)}`);
  const labels = { severity, ...(team !== undefined ? { team } : {}), ...extraLabels };

  if (typeof props.summary !== 'string' || props.summary.trim() === '') {
    throw new ValidationError(
      `${where} > summary`,
      `${show(props.summary)} is empty; every alert needs a one-line summary for the notification title, e.g. "High error rate on {{ $labels.service }}".`,
    );
  }
  const summary = validateTemplateText(props.summary, `${where} > summary`);

  if (props.description !== undefined) {
    if (typeof props.description !== 'string' || props.description.trim() === '') {
      throw new ValidationError(`${where} > description`, `${show(props.description)} is empty; describe what is wrong or leave \`description\` out.`);
    }
    validateTemplateText(props.description, `${where} > description`);
  }

  if (props.runbookUrl !== undefined) validateUrl(props.runbookUrl, `${where} > runbookUrl`);
  if (severity === Severity.CRITICAL && props.runbookUrl === undefined) {
    throw new ValidationError(
      `${where} > runbookUrl`,
      `${show(props.runbookUrl)}: a critical alert pages someone and must link a runbook; set runbookUrl (e.g. "https://runbooks.example.com/alerts/${name}") or lower the severity.`,
    );
  }
  if (props.dashboardUrl !== undefined) validateUrl(props.dashboardUrl, `${where} > dashboardUrl`);

  const extraAnnotations = validateLabelMap(props.annotations, `${where} > annotations`, RESERVED_ANNOTATIONS);
  for (const [key, value] of Object.entries(extraAnnotations)) validateTemplateText(value, `${where} > annotations > ${show(key)}`);
  const annotations = {
    summary,
    ...(props.description !== undefined ? { description: props.description } : {}),
    ...(props.runbookUrl !== undefined ? { runbook_url: props.runbookUrl } : {}),
    ...(props.dashboardUrl !== undefined ? { dashboard_url: props.dashboardUrl } : {}),
    ...extraAnnotations,
  };
  return { name, severity, team, labels, for: forDuration, keepFiringFor, annotations, summary, runbookUrl: props.runbookUrl };
}
