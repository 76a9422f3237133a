import { Duration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { AlertDefinitionProps, defineAlert } from '../rules/alert-rule';
import { Severity } from '../rules/severity';
import { LogQLKind, validateLogQLOfKind } from './logql';

/** Properties of a {@link LogAlertRule}: those of every alert, with a LogQL condition. */
export interface LogAlertRuleProps extends Omit<AlertDefinitionProps, 'keepFiringFor'> {
  /**
   * A LogQL metric query with a condition; every series it returns is one alert, e.g.
   * `sum by (app) (rate({namespace="shop", level="error"} [5m])) > 1`. Parsed at construction.
   */
  readonly expr: string;
}

/**
 * An alerting rule for Loki's ruler: the same contract as the Prometheus `AlertRule` (severity, team,
 * summary, runbook for critical alerts; checked by the same {@link defineAlert}) with a LogQL metric
 * query instead of PromQL.
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
  /** summary, description, runbook_url, dashboard_url (those set), then extras by name. */
  public readonly annotations: Readonly<Record<string, string>>;

  constructor(props: LogAlertRuleProps) {
    if ((props as AlertDefinitionProps)?.keepFiringFor !== undefined) {
      throw new ValidationError(
        `LogAlertRule ${show(props.name)} > keepFiringFor`,
        `${show((props as AlertDefinitionProps).keepFiringFor)} is not supported by Loki's ruler; remove it (tune \`for\` instead).`,
      );
    }
    const definition = defineAlert(props, 'LogAlertRule');
    this.name = definition.name;
    this.expr = validateLogQLOfKind(props.expr, LogQLKind.METRIC, `LogAlertRule ${show(definition.name)} > expr`);
    this.severity = definition.severity;
    this.team = definition.team;
    this.for = definition.for;
    this.labels = definition.labels;
    this.annotations = definition.annotations;
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
