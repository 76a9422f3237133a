import { Duration, DurationLike, toDuration } from '../../core/duration';
import { show } from '../../core/validation-error';
import { AlertRule } from '../alert-rule';
import { renderSeriesSelector } from '../label-matcher';
import { withinModelPath } from '../model-path';
import { RuleGroup } from '../rule-group';
import { IRulePack } from '../rule-pack';
import { Severity } from '../severity';
import { AlertOptions, AlertPackContext, AlertPackProps, NON_NEGATIVE, POSITIVE, groupingLabels, labelName, labelsTemplate, metricName, num } from './pack-props';

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

/**
 * The seeds' security alerts: BruteForceAttempt and SecurityEvent. Unlike the seed, which compared
 * the event counter itself with 0 (firing forever after the first event), SecurityEvent counts
 * events within a window with `increase`. Team defaults to "security".
 */
export class SecurityRules implements IRulePack {
  /** The pack for the services the selector picks. */
  public static create(props: SecurityRulesProps): SecurityRules {
    return new SecurityRules(props);
  }

  public readonly name: string;
  public readonly ruleGroups: ReadonlyArray<RuleGroup>;

  private constructor(props: SecurityRulesProps) {
    this.name = props?.name ?? 'security';
    const where = `SecurityRules ${show(this.name)}`;
    this.ruleGroups = withinModelPath(where, () => {
      const ctx = new AlertPackContext(props, 'security', where);
      const rules: AlertRule[] = [];
      const series = (metric: string, fixed: string[] = []) => renderSeriesSelector(metric, props.selector, `${where} > selector`, fixed);

      const brute = ctx.resolve('bruteForce', 'BruteForceAttempt', props.bruteForce, { threshold: 10, for: Duration.minutes(2), severity: Severity.WARNING }, POSITIVE);
      if (brute) {
        const options = props.bruteForce || undefined;
        const metric = metricName(options?.metric, 'failed_login_attempts_total', `${where} > bruteForce > metric`);
        const groupBy = groupingLabels(options?.groupBy, ['service'], `${where} > bruteForce > groupBy`);
        rules.push(
          ctx.alert('BruteForceAttempt', brute, {
            expr: `sum by (${groupBy.join(', ')}) (rate(${series(metric)}[5m])) > ${num(brute.threshold)}`,
            summary: `Potential brute force attack on ${labelsTemplate(groupBy)}`,
            description: `{{ $value | humanize }} failed login attempts per second on ${labelsTemplate(groupBy)} (threshold ${num(brute.threshold)}/s, for ${brute.for}).`,
          }),
        );
      }

      const events = ctx.resolve('securityEvent', 'SecurityEvent', props.securityEvent, { threshold: 0, for: Duration.minutes(1), severity: Severity.CRITICAL }, NON_NEGATIVE);
      if (events) {
        const options = props.securityEvent || undefined;
        const metric = metricName(options?.metric, 'security_events_total', `${where} > securityEvent > metric`);
        const severityLabel = labelName(options?.severityLabel, 'severity', `${where} > securityEvent > severityLabel`);
        const critical = options?.criticalValue ?? 'critical';
        const groupBy = groupingLabels(options?.groupBy, ['service', 'event_type'], `${where} > securityEvent > groupBy`);
        const window = toDuration(options?.window ?? Duration.minutes(5), `${where} > securityEvent > window`);
        rules.push(
          ctx.alert('SecurityEvent', events, {
            expr: `sum by (${groupBy.join(', ')}) (increase(${series(metric, [`${severityLabel}=${JSON.stringify(critical)}`])}[${window}])) > ${num(events.threshold)}`,
            summary: `Critical security event on ${labelsTemplate(groupBy)}`,
            description: `{{ $value | humanize }} critical security events on ${labelsTemplate(groupBy)} in the last ${window}.`,
          }),
        );
      }

      return rules.length === 0 ? [] : [new RuleGroup(this.name, { interval: ctx.interval, rules })];
    });
  }
}
