import { ValidationError, show } from '../../core/validation-error';
import { AlertPack, PackRuleKinds, alertPack, alertSpecs } from '../../rules/packs/alert-pack';
import { Severity } from '../../rules/severity';
import { LogAlertRule } from '../log-alert-rule';
import { ILogRulePack } from '../log-rule-pack';
import { LogRuleGroup } from '../log-rule-group';
import { LogQLKind, validateLogQLOfKind } from '../../core/logql';

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

/** What the log query alerts read: the stream selector and the thresholds, checked. */
interface LogQueryTerms {
  /** The stream selector. */
  readonly selector: string;
  /** The stream selector narrowed to error, fatal and critical lines. */
  readonly errorLines: string;
  readonly errorLinesPerSecond: number;
  readonly authFailuresPer5m: number;
  readonly securityEventsPer5m: number;
  readonly slowRequestMs: number;
  readonly slowRequestsPer5m: number;
}

/** Loki's rules: {@link LogAlertRule} in {@link LogRuleGroup}s. */
const LOKI_RULES: PackRuleKinds<LogAlertRule, LogRuleGroup> = { alert: LogAlertRule, group: LogRuleGroup };

const alert = alertSpecs<LogQueryRulesProps, LogQueryTerms>();

/** The log query alerts, in rule order: the `errors` group, then the `security` group. */
export const LOG_QUERY_ALERTS = [
  alert({
    name: 'HighErrorLogRate', group: 'errors', severity: Severity.WARNING, for: '5m',
    threshold: (p) => p.errorLinesPerSecond,
    expr: (t) => `sum by (namespace, app) (rate(${t.errorLines} [5m])) > ${t.threshold}`,
    summary: (t) => `{{ $labels.app }} in {{ $labels.namespace }} logs more than ${t.threshold} errors per second`,
    description: "Error and fatal log lines: {{ $value | humanize }}/s over 5 minutes. Open the app's logs in Grafana (Explore, Loki) and follow trace_id to Jaeger.",
  }),
  alert({
    name: 'SlowRequests', group: 'errors', severity: Severity.WARNING, for: '10m',
    threshold: (p) => p.slowRequestsPer5m,
    expr: (t) => `sum by (namespace, app) (count_over_time(${t.selector} |= "duration_ms" | json | __error__="" | duration_ms > ${t.slowRequestMs} [5m])) > ${t.threshold}`,
    summary: (t) => `{{ $labels.app }} served more than ${t.threshold} requests slower than ${t.slowRequestMs}ms in 5 minutes`,
  }),
  alert({
    name: 'AuthenticationFailures', group: 'security', severity: Severity.WARNING,
    threshold: (p) => p.authFailuresPer5m,
    expr: (t) => `sum by (namespace, app) (count_over_time(${t.selector} |~ "(?i)authentication failed" [5m])) > ${t.threshold}`,
    summary: (t) => `{{ $labels.app }} logged more than ${t.threshold} authentication failures in 5 minutes`,
    description: 'Possible credential stuffing or a broken client; check user_id and source addresses in the logs.',
  }),
  alert({
    name: 'SecurityEventsSpike', group: 'security', severity: Severity.INFO,
    threshold: (p) => p.securityEventsPer5m,
    expr: (t) => `sum by (event_type) (count_over_time(${t.selector} |= "event_type" | json | __error__="" | event_type!="" [5m])) > ${t.threshold}`,
    summary: (t) => `More than ${t.threshold} security events of type {{ $labels.event_type }} in 5 minutes`,
  }),
];

const LOG_QUERIES = alertPack<LogQueryRulesProps, LogQueryTerms>({
  kind: 'LogQueryRules', name: 'log-queries', interval: '1m',
  terms: (props, at) => {
    const selector = validateLogQLOfKind(props.streamSelector ?? '{namespace=~".+"}', LogQLKind.STREAM_SELECTOR, at('streamSelector'));
    const inner = selector.trim().slice(1, -1).trim();
    const positive = (prop: keyof LogQueryRulesProps, fallback: number) => positiveNumber(props[prop] ?? fallback, at(prop));
    return {
      selector,
      errorLines: `{${inner}, level=~"(?i)error|fatal|critical"}`,
      errorLinesPerSecond: positive('errorLinesPerSecond', 1),
      authFailuresPer5m: positive('authFailuresPer5m', 20),
      securityEventsPer5m: positive('securityEventsPer5m', 10),
      slowRequestMs: positive('slowRequestMs', 1000),
      slowRequestsPer5m: positive('slowRequestsPer5m', 10),
    };
  },
  alerts: LOG_QUERY_ALERTS,
});

/**
 * The seed's "Log Queries" (seed 000) as alerts for Loki's ruler: error-log rate per service,
 * authentication failures, security events by type, and slow requests from the JSON logs of the
 * seeds' log schema (seed 003: `level`, `service`, `duration_ms`, `event_type`…). Labels come from
 * the LogShipper (namespace, app, container, level); everything else is parsed from the line.
 */
export class LogQueryRules {
  /** Name of the pack (and of its rule file). */
  public static readonly PACK_NAME = LOG_QUERIES.name;

  /** Builds the pack; throws a ValidationError for a bad threshold, selector or runbook URL. */
  public static create(props: LogQueryRulesProps): ILogRulePack {
    return new AlertPack(LOG_QUERIES, props, LOKI_RULES);
  }
}

function positiveNumber(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(where, `${show(value)} must be a positive number.`);
  }
  return value;
}
