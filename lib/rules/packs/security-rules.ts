import { DurationLike, toDuration } from '../../core/duration';
import { renderSeriesSelector } from '../label-matcher';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from './alert-pack';
import { AlertOptions, AlertPackProps, NON_NEGATIVE, POSITIVE, groupingLabels, labelName, labelsTemplate, metricName, num } from './pack-props';

/** BruteForceAttempt: failed logins per second (threshold). */
export interface BruteForceOptions extends AlertOptions {
  /**
   * The failed-login counter.
   * @default "failed_login_attempts_total"
   */
  readonly metric?: string;
  /**
   * Labels the rate is summed per.
   * @default ["service"]
   */
  readonly groupBy?: ReadonlyArray<string>;
}

/** SecurityEvent: critical security events counted within `window` (threshold = events). */
export interface SecurityEventOptions extends AlertOptions {
  /**
   * The security event counter, labelled with the event's severity and type.
   * @default "security_events_total"
   */
  readonly metric?: string;
  /**
   * The counter's label that holds the event severity.
   * @default "severity"
   */
  readonly severityLabel?: string;
  /**
   * The event severity that alerts.
   * @default "critical"
   */
  readonly criticalValue?: string;
  /**
   * Labels the events are summed per.
   * @default ["service", "event_type"]
   */
  readonly groupBy?: ReadonlyArray<string>;
  /**
   * The window events are counted over; an event keeps the alert firing this long.
   * @default 5m
   */
  readonly window?: DurationLike;
}

/** Properties of {@link SecurityRules}. */
export interface SecurityRulesProps extends AlertPackProps {
  /**
   * BruteForceAttempt.
   * @default above 10 failed logins per second for 2m, warning
   */
  readonly bruteForce?: BruteForceOptions | false;
  /**
   * SecurityEvent (the seeds' "SecurityBreach").
   * @default more than 0 critical events in 5m, for 1m, critical
   */
  readonly securityEvent?: SecurityEventOptions | false;
}

/** What the security alerts read. */
interface SecurityTerms {
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
}

const alert = alertSpecs<SecurityRulesProps, SecurityTerms>();

/** The security alerts, in rule order. */
export const SECURITY_ALERTS = [
  alert({
    name: 'BruteForceAttempt', prop: 'bruteForce', severity: Severity.WARNING, for: '2m', threshold: 10, range: POSITIVE,
    settings: (options, at) => ({
      metric: metricName(options?.metric, 'failed_login_attempts_total', at('metric')),
      groupBy: groupingLabels(options?.groupBy, ['service'], at('groupBy')),
    }),
    expr: (t) => `sum by (${t.groupBy.join(', ')}) (rate(${t.series(t.metric)}[5m])) > ${num(t.threshold)}`,
    summary: (t) => `Potential brute force attack on ${labelsTemplate(t.groupBy)}`,
    description: (t) => `{{ $value | humanize }} failed login attempts per second on ${labelsTemplate(t.groupBy)} (threshold ${num(t.threshold)}/s, for ${t.for}).`,
  }),
  alert({
    name: 'SecurityEvent', prop: 'securityEvent', severity: Severity.CRITICAL, for: '1m', threshold: 0, range: NON_NEGATIVE,
    settings: (options, at) => ({
      metric: metricName(options?.metric, 'security_events_total', at('metric')),
      severityLabel: labelName(options?.severityLabel, 'severity', at('severityLabel')),
      critical: options?.criticalValue ?? 'critical',
      groupBy: groupingLabels(options?.groupBy, ['service', 'event_type'], at('groupBy')),
      window: toDuration(options?.window ?? '5m', at('window')),
    }),
    expr: (t) =>
      `sum by (${t.groupBy.join(', ')}) (increase(${t.series(t.metric, [`${t.severityLabel}=${JSON.stringify(t.critical)}`])}[${t.window}])) > ${num(t.threshold)}`,
    summary: (t) => `Critical security event on ${labelsTemplate(t.groupBy)}`,
    description: (t) => `{{ $value | humanize }} critical security events on ${labelsTemplate(t.groupBy)} in the last ${t.window}.`,
  }),
];

const SECURITY = alertPack<SecurityRulesProps, SecurityTerms>({
  kind: 'SecurityRules', name: 'security', team: 'security',
  terms: (props, at) => ({ series: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed) }),
  alerts: SECURITY_ALERTS,
});

/**
 * The seeds' security alerts: BruteForceAttempt and SecurityEvent. Unlike the seed, which compared
 * the event counter itself with 0 (firing forever after the first event), SecurityEvent counts
 * events within a window with `increase`. Team defaults to "security".
 */
export class SecurityRules extends AlertPack<SecurityRulesProps> implements IRulePack {
  /** The pack for the services the selector picks. */
  public static create(props: SecurityRulesProps): SecurityRules {
    return new SecurityRules(props);
  }

  private constructor(props: SecurityRulesProps) {
    super(SECURITY, props, PROMETHEUS_RULES);
  }
}
