import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { LABEL_NAME_PATTERN, validateLabelMap } from '../rules/label-names';
import { validateUrl } from '../rules/runbook';
import { ALL_SEVERITIES, Severity, isSeverity } from '../rules/severity';
import { validateTemplateText } from '../rules/template-text';
import { LogQLKind, validateLogQLOfKind } from './logql';

/** Properties of a {@link LogAlertRule}. */
export interface LogAlertRuleProps {
  /** The alert name (`alertname` label), e.g. `HighErrorLogRate`; `^[a-zA-Z_][a-zA-Z0-9_]*$`. */
  readonly name: string;
  /**
   * A LogQL metric query with a condition; every series it returns is one alert, e.g.
   * `sum by (app) (rate({namespace="shop", level="error"} [5m])) > 1`. Parsed at construction.
   */
  readonly expr: string;
  /** How long the condition must hold before the alert fires. @default none (fires at the first match) */
  readonly for?: DurationLike;
  /** How urgently a human must act; rendered as label `severity`. */
  readonly severity: Severity;
  /** The owning team, rendered as label `team` (Alertmanager routes on it). @default no team label */
  readonly team?: string;
  /** Extra static labels (not `severity`, `team`, `alertname`). @default none */
  readonly labels?: Record<string, string>;
  /** One line for the notification title (annotation `summary`); templates allowed. */
  readonly summary: string;
  /** Details for the responder (annotation `description`). @default no description */
  readonly description?: string;
  /** Link to the runbook (annotation `runbook_url`); required when severity is critical. @default none */
  readonly runbookUrl?: string;
}

const RESERVED_LABELS: Record<string, string> = {
  severity: 'use the `severity` prop',
  team: 'use the `team` prop',
  alertname: 'the alert name is the `name` prop',
};

/**
 * An alerting rule for Loki's ruler: the same contract as the Prometheus `AlertRule` (severity, team,
 * summary, runbook for critical alerts) with a LogQL metric query instead of PromQL.
 */
export class LogAlertRule {
  /** The alert name (`alertname` label). */
  public readonly name: string;
  /** The LogQL metric query with its condition. */
  public readonly expr: string;
  /** How urgently a human must act (label `severity`). */
  public readonly severity: Severity;
  /** The owning team (label `team`); undefined when not set. */
  public readonly team?: string;
  /** How long the condition must hold before the alert fires; undefined: fires at the first match. */
  public readonly for?: Duration;
  /** All static labels: severity, team (if set), then extra labels by name. */
  public readonly labels: Readonly<Record<string, string>>;
  /** summary, description, runbook_url (those set). */
  public readonly annotations: Readonly<Record<string, string>>;

  constructor(props: LogAlertRuleProps) {
    const name = props?.name;
    const where = `LogAlertRule ${show(name)}`;
    if (typeof name !== 'string' || !LABEL_NAME_PATTERN.test(name)) {
      throw new ValidationError(where, `name ${show(name)} is not a valid alert name; use letters, digits and underscores in UpperCamelCase, e.g. "HighErrorLogRate".`);
    }
    this.name = name;
    this.expr = validateLogQLOfKind(props.expr, LogQLKind.METRIC, `${where} > expr`);
    if (!isSeverity(props.severity)) {
      throw new ValidationError(`${where} > severity`, `${show(props.severity)} is not a severity; use Severity.CRITICAL, Severity.WARNING or Severity.INFO (${ALL_SEVERITIES.map((s) => show(s)).join(', ')}).`);
    }
    this.severity = props.severity;
    if (props.for !== undefined) this.for = toDuration(props.for, `${where} > for`);
    if (props.team !== undefined && (typeof props.team !== 'string' || props.team.trim() === '')) {
      throw new ValidationError(`${where} > team`, `${show(props.team)} is empty; name the owning team (e.g. "platform") or leave \`team\` out.`);
    }
    this.team = props.team;
    const extra = validateLabelMap(props.labels, `${where} > labels`, RESERVED_LABELS);
    for (const [key, value] of Object.entries(extra)) validateTemplateText(value, `${where} > labels > ${show(key)}`);
    this.labels = { severity: this.severity, ...(this.team !== undefined ? { team: this.team } : {}), ...extra };

    if (typeof props.summary !== 'string' || props.summary.trim() === '') {
      throw new ValidationError(`${where} > summary`, `${show(props.summary)} is empty; every alert needs a one-line summary, e.g. "Error logs from {{ $labels.app }}".`);
    }
    validateTemplateText(props.summary, `${where} > summary`);
    if (props.description !== undefined) validateTemplateText(props.description, `${where} > description`);
    if (props.runbookUrl !== undefined) validateUrl(props.runbookUrl, `${where} > runbookUrl`);
    if (this.severity === Severity.CRITICAL && props.runbookUrl === undefined) {
      throw new ValidationError(`${where} > runbookUrl`, `undefined: a critical alert pages someone and must link a runbook; set runbookUrl (e.g. "https://runbooks.example.com/alerts/${name}") or lower the severity.`);
    }
    this.annotations = {
      summary: props.summary,
      ...(props.description !== undefined ? { description: props.description } : {}),
      ...(props.runbookUrl !== undefined ? { runbook_url: props.runbookUrl } : {}),
    };
  }

  /** The ruler's rule object: `{ alert, expr, for?, labels, annotations }`. */
  public toJSON(): Record<string, unknown> {
    return {
      alert: this.name,
      expr: this.expr,
      ...(this.for !== undefined ? { for: this.for.toPrometheus() } : {}),
      labels: { ...this.labels },
      annotations: { ...this.annotations },
    };
  }
}
