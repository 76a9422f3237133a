import { AlertDefinitionProps, AlertRuleBase, RuleLanguage } from '../rules/alert-rule';
import { LogQLKind, validateLogQLOfKind } from '../core/logql';

/**
 * LogQL, evaluated by Loki's ruler: {@link LogAlertRule}, `LogRecordingRule`, `LogRuleGroup`. Rules
 * must be metric queries over at least one log stream; the ruler takes no `keep_firing_for`.
 */
export const LOGQL: RuleLanguage<'LogQL'> = {
  name: 'LogQL',
  evaluator: "Loki's ruler",
  evaluationInterval: "the ruler's evaluation interval",
  kinds: { alert: 'LogAlertRule', record: 'LogRecordingRule', group: 'LogRuleGroup' },
  keepFiringFor: false,
  recordExample: 'app:log_errors:rate5m',
  validate: (expr, where) => validateLogQLOfKind(expr, LogQLKind.METRIC, where),
};

/** Properties of a {@link LogAlertRule}: those of every alert, with a LogQL condition. */
export interface LogAlertRuleProps extends Omit<AlertDefinitionProps, 'keepFiringFor'> {
  /**
   * A LogQL metric query with a condition; every series it returns is one alert, e.g.
   * `sum by (app) (rate({namespace="shop", level="error"} [5m])) > 1`. Parsed at construction.
   */
  readonly expr: string;
}

/**
 * An alerting rule for Loki's ruler: the Prometheus alert model ({@link AlertRuleBase}: severity,
 * team, summary, runbook for critical alerts) with a LogQL metric query instead of PromQL.
 */
export class LogAlertRule extends AlertRuleBase<'LogQL'> {
  constructor(props: LogAlertRuleProps) {
    super(props, LOGQL);
  }
}
