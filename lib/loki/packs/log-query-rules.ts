import { ValidationError, show } from '../../core/validation-error';
import { withinModelPath } from '../../rules/model-path';
import { runbookUrlFor, validateUrl } from '../../rules/runbook';
import { Severity } from '../../rules/severity';
import { LogAlertRule } from '../log-alert-rule';
import { ILogRulePack } from '../log-rule-pack';
import { LogRuleGroup } from '../log-rule-group';
import { LogQLKind, validateLogQLOfKind } from '../logql';

/** Props of {@link LogQueryRules.create}. */
export interface LogQueryRulesProps {
  /** Owning team (label `team`). */
  readonly team: string;
  /** Base URL of the runbooks; each alert links `<base>/<alert-name-in-kebab-case>`. */
  readonly runbookBaseUrl: string;
  /**
   * The streams to watch, as a stream selector over the shipper's labels (namespace, app, container,
   * level). @default '{namespace=~".+"}' (every namespace)
   */
  readonly streamSelector?: string;
  /** Error and fatal log lines per second per app above which `HighErrorLogRate` fires. @default 1 */
  readonly errorLinesPerSecond?: number;
  /** Authentication failures per app in 5 minutes above which `AuthenticationFailures` fires. @default 20 */
  readonly authFailuresPer5m?: number;
  /** Security events of one type in 5 minutes above which `SecurityEventsSpike` fires. @default 10 */
  readonly securityEventsPer5m?: number;
  /** `duration_ms` above which a request counts as slow. @default 1000 */
  readonly slowRequestMs?: number;
  /** Slow requests per app in 5 minutes above which `SlowRequests` fires. @default 10 */
  readonly slowRequestsPer5m?: number;
}

/**
 * The seed's "Log Queries" (seed 000) as alerts for Loki's ruler: error-log rate per service,
 * authentication failures, security events by type, and slow requests from the JSON logs of the
 * seeds' log schema (seed 003: `level`, `service`, `duration_ms`, `event_type`…). Labels come from
 * the LogShipper (namespace, app, container, level); everything else is parsed from the line.
 */
export class LogQueryRules {
  /** Name of the pack (and of its rule file). */
  public static readonly PACK_NAME = 'log-queries';

  /** Builds the pack; throws a ValidationError for a bad threshold, selector or runbook URL. */
  public static create(props: LogQueryRulesProps): ILogRulePack {
    const where = `LogQueryRules ${show(LogQueryRules.PACK_NAME)}`;
    return withinModelPath(where, () => {
      validateUrl(props.runbookBaseUrl, 'runbookBaseUrl');
      const selector = validateLogQLOfKind(props.streamSelector ?? '{namespace=~".+"}', LogQLKind.STREAM_SELECTOR, 'streamSelector');
      const inner = selector.trim().slice(1, -1).trim();
      const withLevel = `{${inner}, level=~"(?i)error|fatal|critical"}`;
      const errorRate = positive(props.errorLinesPerSecond ?? 1, 'errorLinesPerSecond');
      const authFailures = positive(props.authFailuresPer5m ?? 20, 'authFailuresPer5m');
      const securityEvents = positive(props.securityEventsPer5m ?? 10, 'securityEventsPer5m');
      const slowMs = positive(props.slowRequestMs ?? 1000, 'slowRequestMs');
      const slowCount = positive(props.slowRequestsPer5m ?? 10, 'slowRequestsPer5m');
      const common = { team: props.team };
      const runbook = (name: string) => runbookUrlFor(props.runbookBaseUrl, name);
      return {
        name: LogQueryRules.PACK_NAME,
        ruleGroups: [
          new LogRuleGroup('log-queries.errors', {
            interval: '1m',
            rules: [
              new LogAlertRule({
                ...common, name: 'HighErrorLogRate', severity: Severity.WARNING, for: '5m', runbookUrl: runbook('HighErrorLogRate'),
                expr: `sum by (namespace, app) (rate(${withLevel} [5m])) > ${errorRate}`,
                summary: '{{ $labels.app }} in {{ $labels.namespace }} logs more than ' + `${errorRate}` + ' errors per second',
                description: 'Error and fatal log lines: {{ $value | humanize }}/s over 5 minutes. Open the app\'s logs in Grafana (Explore, Loki) and follow trace_id to Jaeger.',
              }),
              new LogAlertRule({
                ...common, name: 'SlowRequests', severity: Severity.WARNING, for: '10m', runbookUrl: runbook('SlowRequests'),
                expr: `sum by (namespace, app) (count_over_time(${selector} |= "duration_ms" | json | __error__="" | duration_ms > ${slowMs} [5m])) > ${slowCount}`,
                summary: `{{ $labels.app }} served more than ${slowCount} requests slower than ${slowMs}ms in 5 minutes`,
              }),
            ],
          }),
          new LogRuleGroup('log-queries.security', {
            interval: '1m',
            rules: [
              new LogAlertRule({
                ...common, name: 'AuthenticationFailures', severity: Severity.WARNING, runbookUrl: runbook('AuthenticationFailures'),
                expr: `sum by (namespace, app) (count_over_time(${selector} |~ "(?i)authentication failed" [5m])) > ${authFailures}`,
                summary: `{{ $labels.app }} logged more than ${authFailures} authentication failures in 5 minutes`,
                description: 'Possible credential stuffing or a broken client; check user_id and source addresses in the logs.',
              }),
              new LogAlertRule({
                ...common, name: 'SecurityEventsSpike', severity: Severity.INFO, runbookUrl: runbook('SecurityEventsSpike'),
                expr: `sum by (event_type) (count_over_time(${selector} |= "event_type" | json | __error__="" | event_type!="" [5m])) > ${securityEvents}`,
                summary: `More than ${securityEvents} security events of type {{ $labels.event_type }} in 5 minutes`,
              }),
            ],
          }),
        ],
      };
    });
  }
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(name, `${show(value)} must be a positive number.`);
  }
  return value;
}
