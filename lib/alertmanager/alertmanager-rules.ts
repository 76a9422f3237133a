import { ValidationError, show } from '../core/validation-error';
import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, POSITIVE, RATIO, literalAlternatives, num, percent } from '../rules/packs/pack-props';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * Alertmanager's own metric names, as v0.34 (the alertmanager chart 1.42.0) exposes them on `/metrics`
 * of its web port; the same names the upstream mixin reads
 * (github.com/prometheus/alertmanager doc/alertmanager-mixin/alerts.libsonnet).
 * `alertmanager_notifications_failed_total` carries `integration` (and since 0.27 `reason`),
 * `alertmanager_notifications_total` carries `integration`.
 */
export const ALERTMANAGER_METRICS = {
  configReloadSuccessful: 'alertmanager_config_last_reload_successful',
  configHash: 'alertmanager_config_hash',
  clusterMembers: 'alertmanager_cluster_members',
  notifications: 'alertmanager_notifications_total',
  notificationsFailed: 'alertmanager_notifications_failed_total',
  processStart: 'process_start_time_seconds',
  up: 'up',
} as const;

/** Properties of {@link AlertmanagerRules}. */
export interface AlertmanagerRulesProps extends AlertPackProps {
  /**
   * The replicas of the Alertmanager cluster. With more than one, the cluster alerts
   * (AlertmanagerMembersInconsistent, AlertmanagerClusterMembersMissing, AlertmanagerConfigInconsistent) are
   * on; with one there is no cluster and they are left out.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The `integration` label values (Alertmanager's integration names: `pagerduty`, `opsgenie`, `webhook`,
   * `slack`, `email`, `msteamsv2`, …) whose failure on every replica is critical
   * (AlertmanagerClusterFailedToSendAlerts): the integrations that page.
   * @default ["pagerduty", "opsgenie"]
   */
  readonly criticalIntegrations?: ReadonlyArray<string>;
  /**
   * AlertmanagerFailedReload: the configuration on disk failed to load, so the old one keeps running; takes no threshold.
   * @default for 10m, critical
   */
  readonly failedReload?: AlertOptions | false;
  /**
   * AlertmanagerFailedToSendAlerts: share of one replica's notifications to one integration that failed; threshold = ratio.
   * @default above 0.01 for 5m, warning
   */
  readonly failedToSendAlerts?: AlertOptions | false;
  /**
   * AlertmanagerClusterFailedToSendAlerts: every replica fails to send to a critical integration (the smallest
   * failure ratio of the replicas); threshold = ratio.
   * @default above 0.01 for 5m, critical
   */
  readonly clusterFailedToSendAlerts?: AlertOptions | false;
  /**
   * AlertmanagerMembersInconsistent: a replica sees fewer cluster members than there are scraped replicas
   * (a split gossip cluster: duplicate notifications); takes no threshold. Only with `replicas` > 1.
   * @default for 15m, critical
   */
  readonly membersInconsistent?: AlertOptions | false;
  /**
   * AlertmanagerClusterMembersMissing: a replica sees fewer members than the cluster should have (a replica
   * missing altogether, which AlertmanagerMembersInconsistent cannot see); threshold = members.
   * Only with `replicas` > 1.
   * @default below `replicas` for 15m, warning
   */
  readonly membersMissing?: AlertOptions | false;
  /**
   * AlertmanagerConfigInconsistent: the replicas run different configurations; takes no threshold.
   * Only with `replicas` > 1.
   * @default for 20m, warning
   */
  readonly configInconsistent?: AlertOptions | false;
  /**
   * AlertmanagerClusterDown: share of replicas that were up less than half of the last 5 minutes; threshold = ratio.
   * @default at least 0.5 for 5m, critical
   */
  readonly clusterDown?: AlertOptions | false;
  /**
   * AlertmanagerClusterCrashlooping: share of replicas that restarted more than 4 times in 10 minutes; threshold = ratio.
   * @default at least 0.5 for 5m, critical
   */
  readonly crashlooping?: AlertOptions | false;
  /**
   * AlertmanagerAbsent: no scrape target of the selector at all (the scrape is gone, so every other
   * alert here is silent); takes no threshold.
   * @default for 15m, critical
   */
  readonly absent?: AlertOptions | false;
}

/** What the Alertmanager alerts read. */
interface AlertmanagerTerms {
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
  /** The labels one Alertmanager cluster shares. */
  readonly cluster: string;
  /** The labels naming one replica. */
  readonly replica: string;
  /** The replicas the cluster should have. */
  readonly replicas: number;
  /** The critical integrations as a regex alternative. */
  readonly critical: string;
  /** The selector as a PromQL matcher list, for `absent(...)`. */
  readonly upSelector: string;
}

/** The labels one Alertmanager cluster (one release) shares: the operator's target labels. */
const CLUSTER = 'namespace, job';
/** One replica. */
const REPLICA = 'namespace, job, pod';
const INTEGRATION_NAME = /^[a-z0-9_]+$/;
/** One replica, as the alerts' texts name it. */
const WHO = '{{ $labels.namespace }}/{{ $labels.pod }}';

const alert = alertSpecs<AlertmanagerRulesProps, AlertmanagerTerms>();

/** The Alertmanager alerts, in rule order. */
export const ALERTMANAGER_ALERTS = [
  alert({
    name: 'AlertmanagerFailedReload', prop: 'failedReload', severity: Severity.CRITICAL, for: '10m',
    noThreshold: 'fires when the last configuration reload failed',
    // max_over_time: a failed scrape must not hide a failed reload (the mixin's reasoning).
    expr: (t) => `max_over_time(${t.series(ALERTMANAGER_METRICS.configReloadSuccessful)}[5m]) == 0`,
    summary: `Alertmanager ${WHO} failed to reload its configuration`,
    description: (t) => `The configuration of ${WHO} has failed to load for ${t.for}: it keeps running the previous one, and the change being deployed is not in effect. Check the pod's log for the parse error.`,
  }),
  alert({
    name: 'AlertmanagerFailedToSendAlerts', prop: 'failedToSendAlerts', severity: Severity.WARNING, for: '5m', threshold: 0.01, range: RATIO,
    settings: (_options, _at, p) => ({
      failed: `sum by (${p.replica}, integration) (rate(${p.series(ALERTMANAGER_METRICS.notificationsFailed)}[5m]))`,
      all: `sum by (${p.replica}, integration) (rate(${p.series(ALERTMANAGER_METRICS.notifications)}[5m]))`,
    }),
    expr: (t) => `${t.failed} / (${t.all} > 0) > ${num(t.threshold)}`,
    summary: `Alertmanager ${WHO} fails to send notifications to {{ $labels.integration }}`,
    description: (t) => `Alertmanager ${WHO} failed to send {{ $value | humanizePercentage }} of its notifications to {{ $labels.integration }} (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
  alert({
    name: 'AlertmanagerClusterFailedToSendAlerts', prop: 'clusterFailedToSendAlerts', severity: Severity.CRITICAL, for: '5m', threshold: 0.01, range: RATIO,
    settings: (_options, _at, p) => {
      const integration = [`integration=~${JSON.stringify(p.critical)}`];
      return {
        failed: `sum by (${p.replica}, integration) (rate(${p.series(ALERTMANAGER_METRICS.notificationsFailed, integration)}[5m]))`,
        all: `sum by (${p.replica}, integration) (rate(${p.series(ALERTMANAGER_METRICS.notifications, integration)}[5m]))`,
      };
    },
    // The smallest ratio of the replicas: every one of them fails, so no page gets through.
    expr: (t) => `min by (${t.cluster}, integration) (${t.failed} / (${t.all} > 0)) > ${num(t.threshold)}`,
    summary: 'Every Alertmanager replica fails to send notifications to {{ $labels.integration }}',
    description: (t) => `Even the best replica of {{ $labels.namespace }}/{{ $labels.job }} fails to send {{ $value | humanizePercentage }} of its notifications to {{ $labels.integration }} (threshold ${percent(t.threshold)}%, for ${t.for}): pages are not getting through. Check the integration's credentials (the Secret files) and its reachability.`,
  }),
  alert({
    name: 'AlertmanagerMembersInconsistent', prop: 'membersInconsistent', severity: Severity.CRITICAL, for: '15m',
    noThreshold: 'fires when a replica sees fewer members than there are scraped replicas',
    expr: (t) => `max_over_time(${t.series(ALERTMANAGER_METRICS.clusterMembers)}[5m]) < on (${t.cluster}) group_left () count by (${t.cluster}) (max_over_time(${t.series(ALERTMANAGER_METRICS.clusterMembers)}[5m]))`,
    summary: `Alertmanager ${WHO} has not found all other cluster members`,
    description: (t) => `Alertmanager ${WHO} sees only {{ $value }} members of the {{ $labels.job }} cluster (for ${t.for}): the gossip cluster is split, so notifications are duplicated and silences are not shared.`,
  }),
  alert({
    name: 'AlertmanagerClusterMembersMissing', prop: 'membersMissing', severity: Severity.WARNING, for: '15m', threshold: (p) => p.replicas, range: POSITIVE,
    expr: (t) => `max_over_time(${t.series(ALERTMANAGER_METRICS.clusterMembers)}[5m]) < ${num(t.threshold)}`,
    summary: `Alertmanager ${WHO} sees fewer cluster members than it should`,
    description: (t) => `Alertmanager ${WHO} sees {{ $value }} members of the {{ $labels.job }} cluster, fewer than ${num(t.threshold)} (for ${t.for}): a replica is missing, and the cluster is less available than designed.`,
  }),
  alert({
    name: 'AlertmanagerConfigInconsistent', prop: 'configInconsistent', severity: Severity.WARNING, for: '20m',
    noThreshold: 'fires when the replicas report different configuration hashes',
    expr: (t) => `count by (${t.cluster}) (count_values by (${t.cluster}) ("config_hash", ${t.series(ALERTMANAGER_METRICS.configHash)})) != 1`,
    summary: 'Alertmanager replicas of {{ $labels.job }} run different configurations',
    description: (t) => `The replicas of {{ $labels.namespace }}/{{ $labels.job }} have reported different configurations for ${t.for}: a reload failed on some of them, or a rollout is stuck.`,
  }),
  alert({
    name: 'AlertmanagerClusterDown', prop: 'clusterDown', severity: Severity.CRITICAL, for: '5m', threshold: 0.5, range: RATIO,
    settings: (_options, _at, p) => ({
      down: `count by (${p.cluster}) (avg_over_time(${p.series(ALERTMANAGER_METRICS.up)}[5m]) < 0.5)`,
      all: `count by (${p.cluster}) (${p.series(ALERTMANAGER_METRICS.up)})`,
    }),
    expr: (t) => `${t.down} / ${t.all} >= ${num(t.threshold)}`,
    summary: 'Alertmanager {{ $labels.job }} is down',
    description: (t) => `{{ $value | humanizePercentage }} of the replicas of {{ $labels.namespace }}/{{ $labels.job }} were up less than half of the last 5m (threshold ${percent(t.threshold)}%, for ${t.for}): notifications may not be sent. This alert itself may not get out: the dead man's switch (Watchdog) is what tells you.`,
  }),
  alert({
    name: 'AlertmanagerClusterCrashlooping', prop: 'crashlooping', severity: Severity.CRITICAL, for: '5m', threshold: 0.5, range: RATIO,
    settings: (_options, _at, p) => ({
      restarting: `count by (${p.cluster}) (changes(${p.series(ALERTMANAGER_METRICS.processStart)}[10m]) > 4)`,
      all: `count by (${p.cluster}) (${p.series(ALERTMANAGER_METRICS.up)})`,
    }),
    expr: (t) => `${t.restarting} / ${t.all} >= ${num(t.threshold)}`,
    summary: 'Alertmanager {{ $labels.job }} is crashlooping',
    description: (t) => `{{ $value | humanizePercentage }} of the replicas of {{ $labels.namespace }}/{{ $labels.job }} restarted at least 5 times in the last 10m (threshold ${percent(t.threshold)}%, for ${t.for}).`,
  }),
  alert({
    name: 'AlertmanagerAbsent', prop: 'absent', severity: Severity.CRITICAL, for: '15m',
    noThreshold: 'fires when no scrape target of the selector exists',
    expr: (t) => `absent(${t.upSelector})`,
    summary: 'Alertmanager has disappeared from Prometheus target discovery',
    description: (t) => `No target matches ${t.upSelector.replace(/"/g, "'")} for ${t.for}: Alertmanager is not scraped (its ServiceMonitor or Service is gone), so none of its alerts can fire.`,
  }),
];

/** Alerts only a cluster of more than one replica can fire. */
const CLUSTER_ONLY = new Set(['membersInconsistent', 'membersMissing', 'configInconsistent']);

const ALERTMANAGER = alertPack<AlertmanagerRulesProps, AlertmanagerTerms>({
  kind: 'AlertmanagerRules', name: 'alertmanager', team: 'platform',
  terms: (props, at) => {
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw new ValidationError(at('replicas'), `${show(props.replicas)} is not a number of replicas; give a whole number of 1 or more (the Alertmanager's replicas).`);
    }
    const integrations = props.criticalIntegrations ?? ['pagerduty', 'opsgenie'];
    if (!Array.isArray(integrations) || integrations.length === 0) {
      throw new ValidationError(at('criticalIntegrations'), `${show(integrations)} names no integration; give e.g. ["pagerduty"], or switch clusterFailedToSendAlerts off with false.`);
    }
    integrations.forEach((name, i) => {
      if (typeof name !== 'string' || !INTEGRATION_NAME.test(name)) {
        throw new ValidationError(`${at('criticalIntegrations')}[${i}]`, `${show(name)} is not an Alertmanager integration name; use e.g. "pagerduty", "opsgenie", "webhook", "slack", "email".`);
      }
    });
    const series = (metric: string, fixed?: string[]) => renderSeriesSelector(metric, props.selector, at('selector'), fixed);
    return { series, cluster: CLUSTER, replica: REPLICA, replicas, critical: literalAlternatives(integrations), upSelector: series(ALERTMANAGER_METRICS.up) };
  },
  alerts: ALERTMANAGER_ALERTS,
});

/**
 * Alertmanager watching itself, in the spirit of the upstream alertmanager mixin (whose alerts it keeps,
 * with the same metric names): failed configuration reload, notifications failing per integration (per
 * replica: warning; on every replica for a paging integration: critical), the gossip cluster split or
 * short of members and its replicas' configurations differing (with more than one replica only), the
 * cluster down or crashlooping, and Alertmanager absent from the scrape. Every alert is tunable or
 * switchable one by one and links its runbook.
 *
 * It replaces kube-prometheus-stack's `alertmanager.rules` group, which selects
 * `job="<kube-prometheus-stack fullname>-alertmanager"`: this project's Alertmanager is its own release,
 * scraped under its own job (see docs/alertmanager.md). `Alertmanager.selfMonitoringRules()` gives the pack
 * with the right selector and replicas.
 *
 * ```ts
 * prometheus.addRules(AlertmanagerRules.create({
 *   runbookBaseUrl: 'https://runbooks.example.com/alerts', selector: { job: 'alertmanager', namespace: 'monitoring' }, replicas: 3,
 * }));
 * ```
 */
export class AlertmanagerRules extends AlertPack<AlertmanagerRulesProps> implements IRulePack {
  /** The pack for the Alertmanager the selector picks; throws a ValidationError for a bad threshold, selector or replica count. */
  public static create(props: AlertmanagerRulesProps): AlertmanagerRules {
    return new AlertmanagerRules(props);
  }

  private constructor(props: AlertmanagerRulesProps) {
    // One replica: no cluster, so the cluster alerts are left out (a caller's own options for them too).
    const single = props !== undefined && props !== null && (props.replicas ?? 1) === 1;
    const effective = single ? { ...props, ...Object.fromEntries([...CLUSTER_ONLY].map((key) => [key, false])) } : props;
    super(ALERTMANAGER, effective, PROMETHEUS_RULES);
  }
}
