import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { ValidationError, show } from '../core/validation-error';
import { Dashboard } from './dashboard';
import { datasourceVariable, statPanel, timeseriesPanel } from './panels';

/** Prometheus watching itself: targets, ingestion, series, rule evaluation, notifications, remote write. */
export function prometheusSelfMonitoringDashboard(): Dashboard {
  const builder = new DashboardBuilder('Prometheus / Self-monitoring')
    .uid('prometheus-self')
    .tags(['prometheus', 'self-monitoring'])
    .description('Health of Prometheus itself: scrape targets, ingestion, head series, rule evaluation, alert delivery and remote write.')
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .withVariable(datasourceVariable('prometheus'))
    .withPanel(statPanel({ title: 'Targets down', description: 'Scrape targets whose last scrape failed.', unit: 'short', thresholds: [1, 5], targets: [{ expr: 'count(up == 0) or vector(0)' }] }))
    .withPanel(statPanel({ title: 'Head series', description: 'Active series in the TSDB head; memory grows with it.', unit: 'short', targets: [{ expr: 'sum(prometheus_tsdb_head_series)' }] }))
    .withPanel(statPanel({ title: 'Samples ingested', description: 'Samples appended per second.', unit: 'short', targets: [{ expr: 'sum(rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval]))' }] }))
    .withPanel(statPanel({ title: 'Config reloaded', description: '1 when the last configuration reload succeeded; 0 means Prometheus runs an old configuration.', unit: 'bool', targets: [{ expr: 'min(prometheus_config_last_reload_successful)' }] }))
    .withPanel(timeseriesPanel({ title: 'Targets up by job', description: 'Healthy scrape targets per job.', unit: 'short', min: 0, targets: [{ expr: 'sum by (job) (up)', legend: '{{job}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Scrape duration', description: 'Slowest scrape per job; a scrape longer than the interval is lost.', unit: 's', min: 0, targets: [{ expr: 'max by (job) (scrape_duration_seconds)', legend: '{{job}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Rule evaluation failures', description: 'Failed rule evaluations: alerts that cannot fire.', unit: 'short', min: 0, targets: [{ expr: 'sum by (rule_group) (increase(prometheus_rule_evaluation_failures_total[$__rate_interval]))', legend: '{{rule_group}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Rule group duration vs interval', description: 'Ratio of the last evaluation time to the interval; above 1 the group misses evaluations.', unit: 'percentunit', min: 0, targets: [{ expr: 'max by (rule_group) (prometheus_rule_group_last_duration_seconds / prometheus_rule_group_interval_seconds)', legend: '{{rule_group}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Alert notifications dropped', description: 'Alerts that could not be sent to Alertmanager.', unit: 'short', min: 0, targets: [{ expr: 'sum(increase(prometheus_notifications_dropped_total[$__rate_interval]))', legend: 'dropped' }] }))
    .withPanel(timeseriesPanel({ title: 'Remote write pending samples', description: 'Samples waiting to be sent to remote storage; a growing queue means remote write falls behind.', unit: 'short', min: 0, targets: [{ expr: 'sum by (remote_name) (prometheus_remote_storage_samples_pending)', legend: '{{remote_name}}' }] }));
  return Dashboard.fromBuilder(builder);
}

/**
 * Alertmanager watching itself: alerts, notification delivery and latency, cluster health. Every query
 * selects the job of Alertmanager's own scrape, so another Alertmanager's series (kube-prometheus-stack's,
 * an application's) never mix in.
 * @param options.job the `job` label of Alertmanager's own metrics: what its scrape produces
 * (`Alertmanager.jobName`, `<namespace>/<release>`, once `Alertmanager.scrapedBy` turned the chart's ServiceMonitor
 * on); default "monitoring/alertmanager", the job of the stack's Alertmanager.
 */
export function alertmanagerSelfMonitoringDashboard(options: { readonly job?: string } = {}): Dashboard {
  const job = options.job ?? 'monitoring/alertmanager';
  if (typeof job !== 'string' || !/^[A-Za-z0-9_.:/-]+$/.test(job)) {
    throw new ValidationError('alertmanagerSelfMonitoringDashboard > job', `${show(job)} is not a job name; give the job of Alertmanager's scrape, e.g. "monitoring/alertmanager".`);
  }
  const am = `job=${JSON.stringify(job)}`;
  const builder = new DashboardBuilder('Alertmanager / Self-monitoring')
    .uid('alertmanager-self')
    .tags(['alertmanager', 'self-monitoring'])
    .description('Health of Alertmanager: active alerts, notification delivery, failures, latency and gossip cluster.')
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .withVariable(datasourceVariable('prometheus'))
    .withPanel(statPanel({ title: 'Active alerts', description: 'Alerts Alertmanager currently holds as active.', unit: 'short', targets: [{ expr: `sum(alertmanager_alerts{${am},state="active"})` }] }))
    .withPanel(statPanel({ title: 'Cluster members', description: 'Peers each Alertmanager sees; fewer than the replicas means a split cluster and duplicate notifications.', unit: 'short', targets: [{ expr: `min(alertmanager_cluster_members{${am}})` }] }))
    .withPanel(statPanel({ title: 'Config loaded', description: '1 when the last configuration reload succeeded.', unit: 'bool', targets: [{ expr: `min(alertmanager_config_last_reload_successful{${am}})` }] }))
    .withPanel(statPanel({ title: 'Failed notifications', description: 'Notifications that failed in the selected time range: pages that never arrived.', unit: 'short', thresholds: [1], targets: [{ expr: `sum(increase(alertmanager_notifications_failed_total{${am}}[$__range]))` }] }))
    .withPanel(timeseriesPanel({ title: 'Alerts by state', description: 'Active and suppressed alerts.', unit: 'short', min: 0, targets: [{ expr: `sum by (state) (alertmanager_alerts{${am}})`, legend: '{{state}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Notifications by integration', description: 'Notifications sent per second per integration (slack, pagerduty, email…).', unit: 'ops', min: 0, targets: [{ expr: `sum by (integration) (rate(alertmanager_notifications_total{${am}}[$__rate_interval]))`, legend: '{{integration}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Notification failure ratio', description: 'Share of notifications that failed, per integration.', unit: 'percentunit', min: 0, targets: [{ expr: `sum by (integration) (rate(alertmanager_notifications_failed_total{${am}}[$__rate_interval])) / sum by (integration) (rate(alertmanager_notifications_total{${am}}[$__rate_interval]))`, legend: '{{integration}}' }] }))
    .withPanel(timeseriesPanel({ title: 'Notification latency p99', description: '99th percentile time to deliver a notification, per integration.', unit: 's', min: 0, targets: [{ expr: `histogram_quantile(0.99, sum by (le, integration) (rate(alertmanager_notification_latency_seconds_bucket{${am}}[$__rate_interval])))`, legend: '{{integration}}' }] }));
  return Dashboard.fromBuilder(builder);
}
