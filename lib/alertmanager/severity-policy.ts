import { Duration, DurationLike, toDuration } from '../core/duration';
import { ValidationError, show } from '../core/validation-error';
import { Severity } from '../rules/severity';
import { AlertmanagerConfig, AlertmanagerGlobalProps } from './alertmanager-config';
import { InhibitRuleProps } from './inhibit-rule';
import { Matcher } from './matcher';
import { Receiver } from './receiver';
import { RouteProps, RouteTimingProps } from './route';
import { SecretFile } from './secret-file';
import { TimeInterval } from './time-interval';

const TEAM_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** One team's notification targets. Alerts carry the team in their `team` label. */
export interface TeamRoutingProps {
  /** The `team` label value, e.g. `platform`. Receivers are named `<team>-slack`, `<team>-pagerduty`. */
  readonly name: string;
  /** The team's Slack channel, e.g. `#platform-alerts`. */
  readonly channel: string;
  /** The Slack incoming-webhook URL for that channel, from a Secret. */
  readonly slack: SecretFile;
  /**
   * The team's PagerDuty Events API v2 integration key, from a Secret.
   * @default the policy's `onCallPagerDuty`
   */
  readonly pagerDuty?: SecretFile;
}

/** Notification timings per severity. */
export interface SeverityTimings {
  /**
   * Critical: the first page quickly.
   * @default groupWait 10s (seeds 001 § 6.2), groupInterval 1m, repeatInterval 1h
   */
  readonly critical?: RouteTimingProps;
  /**
   * Warning: to chat; seeds' root timings.
   * @default groupWait 30s, groupInterval 5m, repeatInterval 4h
   */
  readonly warning?: RouteTimingProps;
  /**
   * Info: read the next working day, so batch generously.
   * @default groupWait 5m, groupInterval 30m, repeatInterval 24h
   */
  readonly info?: RouteTimingProps;
  /**
   * The root route (alerts without a known severity).
   * @default groupWait 30s, groupInterval 5m, repeatInterval 4h (seeds 001 § 6.2 and 002 § 4.2)
   */
  readonly default?: RouteTimingProps;
}

/** A dead man's switch: where the always-firing `Watchdog` alert pings, and how often. */
export interface HeartbeatProps {
  /**
   * The heartbeat service's ping URL, from an existing Secret (`url_file`), e.g.
   * `SecretFile.from('alertmanager-heartbeat', 'url')`. Configure the check there with a period of
   * `interval` and a grace time of at least twice that.
   */
  readonly url: SecretFile;
  /**
   * How often Alertmanager pings: the Watchdog route's `group_interval`. Its `repeat_interval` is set 10s
   * shorter, because Alertmanager re-sends an unchanged group only at a group_interval tick when more than
   * repeat_interval has passed since the last send: with the two equal, a tick can fall a hair short and
   * the ping go out only every second interval. Between 30s and 15m.
   * @default 1m
   */
  readonly interval?: DurationLike;
  /**
   * The receiver's name.
   * @default "heartbeat"
   */
  readonly receiverName?: string;
}

/** Props of {@link SeverityPolicy.create}. */
export interface SeverityPolicyProps {
  /** The teams, in routing order. Each gets a route on `team="<name>"`. */
  readonly teams: ReadonlyArray<TeamRoutingProps>;
  /** Where info alerts go (a low-priority Slack channel or an email receiver). */
  readonly lowPriority: Receiver;
  /**
   * Receiver for alerts of no known team and without a severity route (the root route's receiver).
   * @default the `lowPriority` receiver
   */
  readonly defaultReceiver?: Receiver;
  /**
   * PagerDuty key for critical alerts of teams without their own `pagerDuty` and of alerts with
   * no known team (receiver `on-call-pagerduty`).
   * @default none: then every team needs `pagerDuty` (or `pageCritical: false`), and critical
   * alerts without a known team go to the default receiver only
   */
  readonly onCallPagerDuty?: SecretFile;
  /**
   * Page for critical alerts. Turn off where nobody is on call (e.g. dev): critical alerts then
   * go to the team's chat only.
   * @default true
   */
  readonly pageCritical?: boolean;
  /**
   * Labels that split alerts into notifications.
   * @default ['alertname', 'service', 'namespace']
   */
  readonly groupBy?: ReadonlyArray<string>;
  /**
   * Timings per severity; each given severity replaces the defaults of that severity entirely.
   * @default see {@link SeverityTimings}
   */
  readonly timings?: SeverityTimings;
  /**
   * When given, info notifications are only sent during this interval ("next business day");
   * critical and warning are sent at any time.
   * @default none: info is sent at any time, batched by its timings
   */
  readonly businessHours?: TimeInterval;
  /**
   * Global settings (SMTP for email receivers, PagerDuty URL, ...).
   * @default resolve timeout 5m
   */
  readonly global?: AlertmanagerGlobalProps;
  /**
   * Where kube-prometheus's always-firing `Watchdog` heartbeat goes: give a dead man's switch receiver
   * (a webhook to a heartbeat service) to be told when alerting itself is broken. `InfoInhibitor`, the
   * other alert that exists only for Alertmanager's own use, always goes to a null receiver.
   * For a heartbeat service prefer `heartbeat`, which also sets the timings a heartbeat needs.
   * @default Receiver.none('null'): both are dropped on purpose
   */
  readonly watchdog?: Receiver;
  /**
   * A dead man's switch: `Watchdog` goes to a {@link Receiver.heartbeat} webhook whose URL is in a
   * Secret, every `interval` (group_wait 0s, group_interval `interval`, repeat_interval 10s less), never
   * resolved. Exclusive with `watchdog`.
   * @default none: Watchdog goes to `watchdog`
   */
  readonly heartbeat?: HeartbeatProps;
  /**
   * Routes of your own, tried before the policy's team routes and fallbacks (after only the
   * Watchdog/InfoInhibitor routes), in order: e.g. `{ matchers: ['team="payments"'], receiver:
   * Receiver.opsGenie(...) }`. Routes added later with `config.route.addRoute` come after the
   * fallbacks, which take every critical and info alert, so they would only see the rest.
   * @default none
   */
  readonly routes?: ReadonlyArray<RouteProps>;
  /**
   * Where receiver Secrets are mounted in the pod (see {@link AlertmanagerConfigProps.secretsDirectory}).
   * @default '/etc/alertmanager-secrets'
   */
  readonly secretsDirectory?: string;
  /**
   * Where notification template files are mounted in the pod (see {@link AlertmanagerConfigProps.templatesDirectory}).
   * @default '/etc/alertmanager'
   */
  readonly templatesDirectory?: string;
}

/**
 * The seeds' severity policy (003 "Alert Severity Levels", 002 § 4.2, 001 § 6.2) as an
 * Alertmanager configuration:
 *
 * - critical pages 24/7 (PagerDuty) and also posts to the team's chat;
 * - warning posts to the team's chat;
 * - info goes to the low-priority receiver (channel or email);
 * - one route per team on the `team` label; alerts of no known team: critical to the on-call
 *   pager and the default receiver, info to low priority, the rest to the default receiver;
 * - critical inhibits warning of the same alertname and service; ServiceDown inhibits the `High.*`
 *   alerts of the same service (same `namespace` and `service`, or the same `service` when the alert
 *   names no namespace), never those of other services or of pods (HighCPUUsage, HighMemoryUsage).
 */
export class SeverityPolicy {
  /** The default timings per severity. */
  public static readonly DEFAULT_TIMINGS: Required<SeverityTimings> = {
    critical: { groupWait: '10s', groupInterval: '1m', repeatInterval: '1h' },
    warning: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
    info: { groupWait: '5m', groupInterval: '30m', repeatInterval: '24h' },
    default: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  };

  /** The policy's inhibition rules. */
  public static inhibitRules(): InhibitRuleProps[] {
    return [
      // A critical alert makes the warning of the same problem noise (seeds 002 § 4.2, 004 § 6).
      {
        sourceMatchers: [Matcher.eq('severity', Severity.CRITICAL)],
        targetMatchers: [Matcher.eq('severity', Severity.WARNING)],
        equal: ['alertname', 'service'],
      },
      // A service that is down explains its own high latency and error rate (seeds 002 § 4.2), and
      // nothing else: equal on the labels that identify the service, never on the namespace alone (one
      // crashlooping pod would mute every service's alerts there). Only a ServiceDown that names its
      // service mutes: its `up` series has `service` when scraped through a Service (ServiceMonitor);
      // annotation-scraped pods have none, and an empty `service` would be "equal" to every alert
      // without one (HighCPUUsage and HighMemoryUsage of every pod).
      // Alerts that name namespace and service (ServiceHealthRules with groupBy namespace, service):
      {
        sourceMatchers: [Matcher.eq('alertname', 'ServiceDown'), Matcher.regex('service', '.+')],
        targetMatchers: [Matcher.regex('alertname', 'High.*')],
        equal: ['namespace', 'service'],
      },
      // Alerts that name only the service (ServiceHealthRules' default `sum by (service)`): the same
      // service, in whichever namespace the ServiceDown is.
      {
        sourceMatchers: [Matcher.eq('alertname', 'ServiceDown'), Matcher.regex('service', '.+')],
        targetMatchers: [Matcher.regex('alertname', 'High.*'), Matcher.eq('namespace', '')],
        equal: ['service'],
      },
    ];
  }

  /** Builds the configuration; add more routes, receivers or inhibit rules to it afterwards if needed. */
  public static create(props: SeverityPolicyProps): AlertmanagerConfig {
    const where = 'SeverityPolicy';
    if (!props || !Array.isArray(props.teams)) {
      throw new ValidationError(`${where} > teams`, `${show(props?.teams)} is not a list of teams; write e.g. [{ name: "platform", channel: "#platform-alerts", slack: SecretFile.from(...) }].`);
    }
    if (!(props.lowPriority instanceof Receiver)) {
      throw new ValidationError(`${where} > lowPriority`, `${show(props.lowPriority)} is not a Receiver; give e.g. Receiver.slack("low-priority", {...}) or Receiver.email(...).`);
    }
    if (!props.lowPriority.notifiesSomeone) {
      throw new ValidationError(`${where} > lowPriority`, `receiver ${show(props.lowPriority.name)} notifies nobody, so info alerts would be lost; give a Slack channel or an email receiver.`);
    }
    if (props.routes !== undefined && !Array.isArray(props.routes)) {
      throw new ValidationError(`${where} > routes`, `${show(props.routes)} is not a list of routes; write e.g. [{ matchers: ['team="payments"'], receiver: Receiver.opsGenie(...) }].`);
    }
    const ownRoutes: RouteProps[] = [...(props.routes ?? [])];
    const timings: Required<SeverityTimings> = { ...SeverityPolicy.DEFAULT_TIMINGS, ...(props.timings ?? {}) };
    const pageCritical = props.pageCritical ?? true;
    const defaultReceiver = props.defaultReceiver ?? props.lowPriority;
    const onCall = props.onCallPagerDuty && pageCritical ? Receiver.pagerDuty('on-call-pagerduty', { routingKey: props.onCallPagerDuty }) : undefined;
    const info: RouteProps = {
      matchers: [Matcher.eq('severity', Severity.INFO)],
      receiver: props.lowPriority,
      ...timings.info,
      ...(props.businessHours ? { activeTimeIntervals: [props.businessHours] } : {}),
    };

    const seen = new Set<string>();
    const teamRoutes: RouteProps[] = props.teams.map((team, i) => {
      const at = `${where} > teams[${i}]`;
      if (typeof team?.name !== 'string' || !TEAM_NAME.test(team.name)) {
        throw new ValidationError(`${at} > name`, `${show(team?.name)} is not a team name; use lowercase letters, digits, "-", "_" and "." (e.g. "platform"), as in the alerts' team label.`);
      }
      if (seen.has(team.name)) throw new ValidationError(`${at} > name`, `team ${show(team.name)} is listed twice; list each team once.`);
      seen.add(team.name);
      const chat = Receiver.slack(`${team.name}-slack`, { channel: team.channel, apiUrl: team.slack });
      const routes: RouteProps[] = [];
      if (pageCritical) {
        const pager = team.pagerDuty
          ? Receiver.pagerDuty(`${team.name}-pagerduty`, { routingKey: team.pagerDuty })
          : onCall;
        if (!pager) {
          throw new ValidationError(
            `${at} > pagerDuty`,
            `team ${show(team.name)} has no pagerDuty key and there is no onCallPagerDuty, so its critical alerts would page nobody; set teams[${i}].pagerDuty or onCallPagerDuty, or pageCritical: false where nobody is on call (e.g. dev).`,
          );
        }
        routes.push({ matchers: [Matcher.eq('severity', Severity.CRITICAL)], receiver: pager, continue: true, ...timings.critical });
      }
      routes.push(
        { matchers: [Matcher.eq('severity', Severity.CRITICAL)], receiver: chat, ...timings.critical },
        { matchers: [Matcher.eq('severity', Severity.WARNING)], receiver: chat, ...timings.warning },
        info,
      );
      // Alerts of the team with another or no severity still reach the team's chat.
      return { matchers: [Matcher.eq('team', team.name)], receiver: chat, routes };
    });

    const fallback: RouteProps[] = [];
    if (onCall) fallback.push({ matchers: [Matcher.eq('severity', Severity.CRITICAL)], receiver: onCall, continue: true, ...timings.critical });
    fallback.push({ matchers: [Matcher.eq('severity', Severity.CRITICAL)], receiver: defaultReceiver, ...timings.critical }, info);

    const nullReceiver = Receiver.none('null');
    const heartbeat = props.heartbeat === undefined ? undefined : heartbeatRoute(props.heartbeat, props.watchdog, `${where} > heartbeat`);
    const watchdog = heartbeat?.receiver ?? props.watchdog ?? nullReceiver;
    const selfRoutes: RouteProps[] = [
      heartbeat ?? { matchers: [Matcher.eq('alertname', 'Watchdog')], receiver: watchdog, ...timings.default },
      { matchers: [Matcher.eq('alertname', 'InfoInhibitor')], receiver: nullReceiver },
    ];

    return new AlertmanagerConfig({
      global: props.global,
      secretsDirectory: props.secretsDirectory,
      templatesDirectory: props.templatesDirectory,
      receivers: [defaultReceiver, props.lowPriority, ...new Map([watchdog, nullReceiver].map((r) => [r.name, r])).values()].filter(
        (receiver, index, all) => all.findIndex((other) => other.name === receiver.name) === index,
      ),
      route: {
        receiver: defaultReceiver,
        groupBy: props.groupBy ?? ['alertname', 'service', 'namespace'],
        ...timings.default,
        routes: [...selfRoutes, ...ownRoutes, ...teamRoutes, ...fallback],
      },
      inhibitRules: SeverityPolicy.inhibitRules(),
    });
  }

  private constructor() {}
}

/** The shortest and longest heartbeat interval: below, pings race Alertmanager's own flushes; above, an outage goes unseen too long. */
const HEARTBEAT_RANGE = { min: Duration.seconds(30), max: Duration.minutes(15) };
/** How much shorter the Watchdog route's repeat_interval is than its group_interval. */
const HEARTBEAT_SLACK_SECONDS = 10;

/** The Watchdog route of a dead man's switch, checked. */
function heartbeatRoute(heartbeat: HeartbeatProps, watchdog: Receiver | undefined, where: string): RouteProps & { receiver: Receiver } {
  if (heartbeat === null || typeof heartbeat !== 'object') {
    throw new ValidationError(where, `${show(heartbeat)} is not a heartbeat; write { url: SecretFile.from("alertmanager-heartbeat", "url") }.`);
  }
  if (watchdog !== undefined) {
    throw new ValidationError(where, `both heartbeat and watchdog (${show(watchdog.name)}) say where Watchdog goes; keep heartbeat for a dead man's switch, or watchdog for a receiver of your own.`);
  }
  const interval = toDuration(heartbeat.interval ?? '1m', `${where} > interval`);
  const seconds = interval.toSeconds();
  if (seconds < HEARTBEAT_RANGE.min.toSeconds() || seconds > HEARTBEAT_RANGE.max.toSeconds()) {
    throw new ValidationError(
      `${where} > interval`,
      `${show(interval.toPrometheus())} is not a heartbeat interval; give between ${HEARTBEAT_RANGE.min.toPrometheus()} and ${HEARTBEAT_RANGE.max.toPrometheus()} (e.g. "1m"), and set the heartbeat service's period to it.`,
    );
  }
  const receiver = Receiver.heartbeat(heartbeat.receiverName ?? 'heartbeat', { url: heartbeat.url });
  return {
    matchers: [Matcher.eq('alertname', 'Watchdog')],
    receiver,
    // One group for the Watchdogs of every Prometheus replica: one ping per interval.
    groupBy: ['alertname'],
    groupWait: '0s',
    groupInterval: interval,
    repeatInterval: Duration.seconds(seconds - HEARTBEAT_SLACK_SECONDS),
  };
}
