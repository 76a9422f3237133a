import { parse } from 'yaml';
import { AlertmanagerRules } from '../../lib/alertmanager';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { InputSeries, RUNBOOKS, expectValidationError } from '../rules/rules-test-support';
import { AlertScenario, runScenarios } from './alert-scenarios';

/** The labels the chart's ServiceMonitor gives Alertmanager's series (job = <namespace>/<Service name>, Alertmanager.jobName). */
const target = (pod: number, extra = '') => `job="monitoring/alertmanager",namespace="monitoring",pod="alertmanager-${pod}",instance="10.0.0.${pod}:9093"${extra}`;
const series = (metric: string, pod: number, values: string, extra = ''): InputSeries => ({ series: `${metric}{${target(pod, extra)}}`, values });
/** Three healthy replicas: up, config loaded, one hash, each seeing 3 members, notifications all delivered. */
const healthy = (pods = [0, 1, 2], members = pods.length): InputSeries[] => pods.flatMap((pod) => [
  series('up', pod, '1x60'),
  series('alertmanager_config_last_reload_successful', pod, '1x60'),
  series('alertmanager_config_hash', pod, '12345x60'),
  series('alertmanager_cluster_members', pod, `${members}x60`),
  series('process_start_time_seconds', pod, '1000x60'),
  series('alertmanager_notifications_total', pod, '0+60x60', ',integration="pagerduty"'),
  series('alertmanager_notifications_failed_total', pod, '0x60', ',integration="pagerduty"'),
  series('alertmanager_notifications_total', pod, '0+60x60', ',integration="slack"'),
  series('alertmanager_notifications_failed_total', pod, '0x60', ',integration="slack"'),
]);
/** `healthy` with the series of one metric of one pod replaced. */
const replace = (base: InputSeries[], replacement: InputSeries): InputSeries[] => [...base.filter((s) => s.series !== replacement.series), replacement];

const SELECTOR = { job: 'monitoring/alertmanager', namespace: 'monitoring' };

describe('AlertmanagerRules', () => {
  test('GIVEN three replicas THEN the mixin alerts plus members-missing and absent, with runbooks, over the v0.34 metric names', () => {
    const pack = AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR, replicas: 3 });
    expect(pack.name).toBe('alertmanager');
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => [r.name, r.severity])).toEqual([
      ['AlertmanagerFailedReload', 'critical'],
      ['AlertmanagerFailedToSendAlerts', 'warning'],
      ['AlertmanagerClusterFailedToSendAlerts', 'critical'],
      ['AlertmanagerMembersInconsistent', 'critical'],
      ['AlertmanagerClusterMembersMissing', 'warning'],
      ['AlertmanagerConfigInconsistent', 'warning'],
      ['AlertmanagerClusterDown', 'critical'],
      ['AlertmanagerClusterCrashlooping', 'critical'],
      ['AlertmanagerAbsent', 'critical'],
    ]);
    for (const rule of rules) {
      expect(rule.runbookUrl).toMatch(/^https:\/\/runbooks\.example\.com\/alerts\/alertmanager-/);
      expect(rule.expr).toContain('job="monitoring/alertmanager",namespace="monitoring"');
      expect(rule.team).toBe('platform');
    }
    // The threshold of the members check is the replica count.
    expect(rules.find((r) => r.name === 'AlertmanagerClusterMembersMissing')!.expr).toMatch(/< 3$/);
    expect(rules.find((r) => r.name === 'AlertmanagerClusterFailedToSendAlerts')!.expr).toContain('integration=~"pagerduty|opsgenie"');
  });

  test('GIVEN one replica THEN the cluster alerts are left out, even when the caller tuned them', () => {
    const pack = AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR, membersInconsistent: { for: '1h' } });
    const names = pack.ruleGroups.flatMap((g) => g.alertRules.map((r) => r.name));
    expect(names).not.toContain('AlertmanagerMembersInconsistent');
    expect(names).not.toContain('AlertmanagerClusterMembersMissing');
    expect(names).not.toContain('AlertmanagerConfigInconsistent');
    expect(names).toContain('AlertmanagerClusterDown');
    expect(names).toHaveLength(6);
  });

  test('alerts can be tuned and switched off one by one', () => {
    const pack = AlertmanagerRules.create({
      runbookBaseUrl: RUNBOOKS, replicas: 2, criticalIntegrations: ['pagerduty', 'webhook'],
      failedToSendAlerts: { threshold: 0.2, for: '15m' }, absent: false, membersMissing: { threshold: 1, severity: 'critical' as never },
    });
    const rules = pack.ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).not.toContain('AlertmanagerAbsent');
    const failing = rules.find((r) => r.name === 'AlertmanagerFailedToSendAlerts')!;
    expect(failing.expr).toMatch(/ > 0\.2$/);
    expect(failing.for?.toPrometheus()).toBe('15m');
    expect(rules.find((r) => r.name === 'AlertmanagerClusterFailedToSendAlerts')!.expr).toContain('integration=~"pagerduty|webhook"');
    expect(rules.find((r) => r.name === 'AlertmanagerClusterMembersMissing')!.expr).toMatch(/< 1$/);
  });

  test.each<[string, () => unknown, string[]]>([
    ['zero replicas', () => AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, replicas: 0 }), ['AlertmanagerRules "alertmanager" > replicas', '0 is not a number of replicas']],
    ['a fractional replica count', () => AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, replicas: 2.5 }), ['> replicas', '2.5']],
    ['an integration name that is not one', () => AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, criticalIntegrations: ['PagerDuty!'] }), ['criticalIntegrations[0]', '"PagerDuty!" is not an Alertmanager integration name']],
    ['no critical integration', () => AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, criticalIntegrations: [] }), ['criticalIntegrations', 'names no integration']],
    ['a ratio above 1', () => AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, failedToSendAlerts: { threshold: 2 } }), ['failedToSendAlerts > threshold', '2 is out of range']],
    ['a threshold on a state alert', () => AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, failedReload: { threshold: 1 } }), ['failedReload > threshold', 'has no meaning for AlertmanagerFailedReload']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(AlertmanagerRules.create({ runbookBaseUrl: RUNBOOKS, selector: SELECTOR, replicas: 3 }).ruleGroups);

    test('passes promtool check rules', () => {
      const result = promtoolCheckRules(text);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS: 9 rules found')]);
      expect(parse(text).groups.map((g: { name: string }) => g.name)).toEqual(['alertmanager']);
    });

    test('each alert fires above its threshold and stays silent below it (promtool test rules)', () => {
      const base = healthy();
      const scenarios: AlertScenario[] = [
        { name: 'three healthy replicas: silence', series: base, firing: {} },
        // FailedReload
        { name: 'a failed reload fires', series: replace(base, series('alertmanager_config_last_reload_successful', 1, '1x10 0x50')), firing: { AlertmanagerFailedReload: 1 } },
        { name: 'a reload that failed only briefly is silent', series: replace(base, series('alertmanager_config_last_reload_successful', 1, '1x30 0x3 1x27')), firing: {} },
        // FailedToSendAlerts (per replica) and ClusterFailedToSendAlerts (every replica, paging integrations)
        {
          name: 'one replica failing 10% of its slack notifications: warning only',
          series: replace(base, series('alertmanager_notifications_failed_total', 0, '0+6x60', ',integration="slack"')),
          firing: { AlertmanagerFailedToSendAlerts: 1 },
          labels: [{ alertname: 'AlertmanagerFailedToSendAlerts', by: ['pod', 'integration'], samples: [{ labels: '{integration="slack", pod="alertmanager-0"}', value: 1 }] }],
        },
        {
          name: 'failures below 1% are silent',
          series: replace(base, series('alertmanager_notifications_failed_total', 0, '0+0.3x60', ',integration="slack"')),
          firing: {},
        },
        {
          name: 'every replica failing to page: critical',
          series: [0, 1, 2].reduce((s, pod) => replace(s, series('alertmanager_notifications_failed_total', pod, '0+30x60', ',integration="pagerduty"')), base),
          firing: { AlertmanagerFailedToSendAlerts: 3, AlertmanagerClusterFailedToSendAlerts: 1 },
        },
        {
          name: 'every replica failing on slack, which does not page: no critical',
          series: [0, 1, 2].reduce((s, pod) => replace(s, series('alertmanager_notifications_failed_total', pod, '0+30x60', ',integration="slack"')), base),
          firing: { AlertmanagerFailedToSendAlerts: 3 },
        },
        {
          name: 'one replica of three failing to page: the others get through, no critical',
          series: replace(base, series('alertmanager_notifications_failed_total', 2, '0+30x60', ',integration="pagerduty"')),
          firing: { AlertmanagerFailedToSendAlerts: 1 },
        },
        // MembersInconsistent and ClusterMembersMissing
        {
          name: 'a replica split from the others',
          series: replace(base, series('alertmanager_cluster_members', 2, '1x60')),
          firing: { AlertmanagerMembersInconsistent: 1, AlertmanagerClusterMembersMissing: 1 },
        },
        {
          name: 'a replica missing altogether: the two left agree (no inconsistency) but are one short',
          series: healthy([0, 1], 2),
          firing: { AlertmanagerClusterMembersMissing: 2 },
        },
        // ConfigInconsistent
        { name: 'replicas with different configurations', series: replace(base, series('alertmanager_config_hash', 1, '999x60')), firing: { AlertmanagerConfigInconsistent: 1 } },
        // ClusterDown
        {
          name: 'two replicas of three down',
          series: replace(replace(base, series('up', 0, '1x10 0x50')), series('up', 1, '1x10 0x50')),
          firing: { AlertmanagerClusterDown: 1 },
        },
        { name: 'one replica of three down: below half', series: replace(base, series('up', 0, '1x10 0x50')), firing: {} },
        // Crashlooping
        {
          name: 'two replicas restarting every minute',
          series: replace(replace(base, series('process_start_time_seconds', 0, '1000+60x60')), series('process_start_time_seconds', 1, '1000+60x60')),
          firing: { AlertmanagerClusterCrashlooping: 1 },
        },
        { name: 'one restart is not a crashloop', series: replace(base, series('process_start_time_seconds', 0, '1000x20 5000x40')), firing: {} },
        // Absent: no target of the job at all (another job's up does not count).
        { name: 'Alertmanager not scraped at all', series: [{ series: 'up{job="monitoring/grafana",namespace="monitoring"}', values: '1x60' }], firing: { AlertmanagerAbsent: 1 } },
      ];
      const result = runScenarios(text, scenarios);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });

    test('the harness catches an alert that should not fire (negative control)', () => {
      const result = runScenarios(text, [{ name: 'claims silence where a reload failed', series: replace(healthy(), series('alertmanager_config_last_reload_successful', 1, '0x60')), firing: {} }]);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('AlertmanagerFailedReload');
    });
  });
});
