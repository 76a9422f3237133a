import { TerraformStack, Testing } from 'cdktf';
import { AlertRule, Prometheus, PrometheusProps, RuleGroup, Severity } from '../../lib';
import { InheritedRules } from '../../lib/prometheus/inherited/inherited-rules';
import { KPS_RULE_CATALOGUE } from '../../lib/prometheus/inherited/kube-prometheus-stack-rules';
import { InheritedAlert } from '../../lib/prometheus/inherited/resolve-inherited-rules';
import { pinnedChartDir } from '../../scripts/chart-recording-rules';
import { renderRuleGroups } from '../../scripts/kps-rule-catalogue';
import { sharedChartsPresent } from '../support/chart-values';
import { releaseValues } from '../support/synth';
import { findTool, promtoolCheckRules } from '../support/tools';
import { stringify } from 'yaml';

/*
 * Issue 16, scope 3: the alerts inherited from kube-prometheus-stack's default rules under typed
 * control — per group and per alert, labels, thresholds — checked against the chart's catalogue, and
 * (with ../shared and helm) proven by rendering the real chart with the values the construct writes.
 */

function build(props: Partial<PrometheusProps> = {}): Prometheus {
  return new Prometheus(new TerraformStack(Testing.app(), 'monitoring-test'), 'prometheus', { namespace: 'monitoring', ...props });
}
const inherited = (rules?: InheritedRules, props: Partial<PrometheusProps> = {}) => build({ ...props, inheritedRules: rules });
const names = (alerts: readonly InheritedAlert[]) => [...new Set(alerts.map((alert) => alert.name))].sort();
const all = KPS_RULE_CATALOGUE.groups.flatMap((group) => group.alerts);

describe('inherited rules by default', () => {
  const prometheus = build();
  const alerts = prometheus.inheritedAlerts();

  test('every chart alert but the 9 alertmanager.rules ones, which select a job nothing here produces', () => {
    expect(alerts).toHaveLength(155 - 9);
    expect(alerts.some((alert) => alert.group === 'alertmanager.rules')).toBe(false);
    expect(releaseValues(prometheus).defaultRules).toMatchObject({ create: true, rules: { alertmanager: false } });
    // only the deviation from the chart's defaults is written: the platform preset may switch groups off
    expect(Object.keys(releaseValues(prometheus).defaultRules.rules)).toEqual(['alertmanager']);
  });

  test('each carries team "platform", so the review and the routing see a team', () => {
    for (const alert of alerts) expect(alert.labels).toMatchObject({ team: 'platform', severity: alert.severity });
    expect(alerts.find((alert) => alert.name === 'KubePodCrashLooping')).toMatchObject({
      group: 'kubernetes-apps', groupKey: 'kubernetesApps', severity: 'warning', for: '15m', team: 'platform',
      jobMatchers: [{ op: '=', value: 'kube-state-metrics' }],
    });
    // per group, never both a global and a group label of one name (the chart would render a duplicate YAML key)
    const values = releaseValues(prometheus).defaultRules;
    expect(values.additionalRuleLabels).toBeUndefined();
    expect(values.additionalRuleGroupLabels.kubernetesApps).toEqual({ team: 'platform' });
  });

  test('kubernetesRules: false still turns every inherited rule off', () => {
    const off = build({ kubernetesRules: false });
    expect(off.inheritedAlerts()).toEqual([]);
    expect(releaseValues(off).defaultRules.create).toBe(false);
  });
});

describe('typed control', () => {
  test('groups off and alerts dropped or changed; the effective list says so', () => {
    const prometheus = inherited({
      groups: { kubernetesStorage: false, alertmanager: true },
      alerts: { KubeHpaMaxedOut: false, KubePodCrashLooping: { severity: 'critical', for: '30m' }, NodeFilesystemSpaceFillingUp: { for: '2h' } },
      labels: { team: 'sre', cluster_tier: 'gold' },
      groupLabels: { nodeExporterAlerting: { team: 'infra' } },
    });
    const alerts = prometheus.inheritedAlerts();
    expect(alerts.some((alert) => alert.group === 'kubernetes-storage')).toBe(false);
    expect(alerts.filter((alert) => alert.group === 'alertmanager.rules')).toHaveLength(9);
    expect(names(alerts)).not.toContain('KubeHpaMaxedOut');
    expect(alerts.find((alert) => alert.name === 'KubePodCrashLooping')).toMatchObject({ severity: 'critical', for: '30m', labels: { severity: 'critical', team: 'sre', cluster_tier: 'gold' } });
    // both rules of the name (warning and critical) take the new `for`
    expect(alerts.filter((alert) => alert.name === 'NodeFilesystemSpaceFillingUp').map((alert) => [alert.severity, alert.for, alert.team])).toEqual([
      ['warning', '2h', 'infra'], ['critical', '2h', 'infra'],
    ]);
    const values = releaseValues(prometheus);
    expect(values.defaultRules).toMatchObject({ rules: { kubernetesStorage: false, alertmanager: true }, disabled: { KubeHpaMaxedOut: true } });
    expect(values.customRules).toEqual({ KubePodCrashLooping: { severity: 'critical', for: '30m' }, NodeFilesystemSpaceFillingUp: { for: '2h' } });
    expect(values.defaultRules.additionalRuleGroupLabels.nodeExporterAlerting).toEqual({ cluster_tier: 'gold', team: 'infra' });
  });

  test('disabling KubeSchedulerDown drops its whole group, as the chart\'s template does', () => {
    const alerts = inherited({ alerts: { KubeSchedulerDown: false } }).inheritedAlerts();
    expect(names(alerts)).not.toContain('KubeSchedulerInstanceUnreachable');
    expect(names(build().inheritedAlerts())).toContain('KubeSchedulerInstanceUnreachable');
  });

  test('thresholds the chart exposes reach its values', () => {
    const values = releaseValues(inherited({
      thresholds: {
        kubeletServerCertificateExpiration: { warning: '14d', critical: '2d' },
        nodeFilesystemSelector: 'fstype=~"ext[234]|xfs"',
        appNamespaces: { regex: 'kube-system|monitoring', operator: '!~' },
        keepFiringFor: '5m',
      },
    })).defaultRules;
    expect(values).toMatchObject({
      kubeletServerCertificateExpiration: { warning: 14 * 86400, critical: 2 * 86400 },
      node: { fsSelector: 'fstype=~"ext[234]|xfs"' },
      appNamespacesTarget: 'kube-system|monitoring',
      appNamespacesOperator: '!~',
      keepFiringFor: '5m',
    });
    expect(values.kubeletClientCertificateExpiration).toBeUndefined();
  });

  test('another release name renames the jobs of the operator and Prometheus in the job matchers', () => {
    const alerts = build({ releaseName: 'kps' }).inheritedAlerts();
    expect(alerts.find((alert) => alert.name === 'PrometheusOperatorNotReady')!.jobMatchers).toEqual([{ op: '=', value: 'kps-operator' }]);
    expect(alerts.find((alert) => alert.name === 'KubePodCrashLooping')!.jobMatchers).toEqual([{ op: '=', value: 'kube-state-metrics' }]);
  });

  test.each<[string, unknown, RegExp]>([
    ['an unknown group, with the closest valid name', { groups: { kubernetesApp: false } }, /monitoring-test\/prometheus inheritedRules > groups: "kubernetesApp" is not a rule group of kube-prometheus-stack 88\.5\.3 \(did you mean "kubernetesApps"\?\)/],
    ['an unknown alert, with the closest valid name', { alerts: { KubePodCrashloping: false } }, /inheritedRules > alerts: "KubePodCrashloping" is not an alert of kube-prometheus-stack 88\.5\.3 \(did you mean "KubePodCrashLooping"\?\)/],
    ['a severity override of a name with a warning and a critical rule', { alerts: { KubePersistentVolumeFillingUp: { severity: 'info' } } }, /KubePersistentVolumeFillingUp is 2 rules of the chart \(critical, warning\); a severity override would give them all severity "info"/],
    ['a severity that is not one', { alerts: { KubePodCrashLooping: { severity: 'page' } } }, /severity "page" is not one of critical, warning, info/],
    ['per-alert labels, which the chart does not have', { alerts: { KubePodCrashLooping: { labels: { team: 'apps' } } } }, /unknown option "labels".*no per-alert labels: set groupLabels/],
    ['a bad for', { alerts: { KubePodCrashLooping: { for: 'soon' } } }, /KubePodCrashLooping > for/],
    ['severity among the labels', { labels: { severity: 'critical' } }, /"severity" cannot be set here; the severity is per alert/],
    ['a label the chart sets on an alert', { groupLabels: { kubeApiserverSlos: { long: '1h' } } }, /label "long" is set by the chart on KubeAPIErrorBudgetBurn/],
    ['group labels of an unknown group', { groupLabels: { nodes: { team: 'x' } } }, /groupLabels: "nodes" is not a rule group.*did you mean "node"\?/],
    ['a group switched on that needs a value this stack does not set', { groups: { windows: true } }, /needs windowsMonitoring\.enabled|only with windowsMonitoring\.enabled/],
    ['an unknown option', { alert: {} }, /unknown option "alert" \(did you mean "alerts"\?\)/],
    ['critical further from expiry than warning', { thresholds: { kubeletClientCertificateExpiration: { warning: '1d', critical: '7d' } } }, /critical \(604800s before expiry\) must be closer to expiry than warning/],
    ['a filesystem selector that is no matcher list', { thresholds: { nodeFilesystemSelector: 'ext4' } }, /nodeFilesystemSelector: "ext4" is not a list of label matchers/],
    ['a namespace regex Prometheus refuses', { thresholds: { appNamespaces: { regex: '(a' } } }, /appNamespaces > regex: "\(a" is not a regular expression Prometheus accepts/],
  ])('refuses %s', (_, rules, message) => {
    expect(() => inherited(rules as InheritedRules)).toThrow(message);
  });

  test('refuses inheritedRules together with kubernetesRules: false (nothing to change)', () => {
    expect(() => inherited({ alerts: { Watchdog: false } }, { kubernetesRules: false })).toThrow(/kubernetesRules: false turns every inherited rule off/);
  });
});

describe('the platform preset removes the groups it cannot scrape from the effective list', () => {
  test('eks: no etcd, scheduler, controller-manager or kube-proxy alert', () => {
    const eks = build({ platform: 'eks' } as Partial<PrometheusProps>).inheritedAlerts();
    const generic = build().inheritedAlerts();
    const gone = names(generic).filter((name) => !names(eks).includes(name));
    expect(gone).toEqual(expect.arrayContaining(['KubeControllerManagerDown', 'KubeProxyDown', 'KubeSchedulerDown', 'etcdNoLeader']));
    expect(eks.some((alert) => alert.jobMatchers.some((m) => ['kube-etcd', 'kube-scheduler', 'kube-controller-manager', 'kube-proxy'].includes(m.value)))).toBe(false);
  });
});

// The effective list is what the real chart renders with the construct's values: names, severities,
// `for` and labels, rule by rule. Outside CI, a missing ../shared or helm skips with a notice.
const canRender = sharedChartsPresent('rendering the inherited rules with the real chart') && findTool('helm') !== undefined;
(canRender ? describe : describe.skip)('the chart renders exactly the effective inherited alerts [helm]', () => {
  // The alerts of the chart's rule groups as rendered once per case (the same render feeds promtool below).
  const rendered = (groups: ReturnType<typeof renderRuleGroups>) =>
    groups.flatMap(({ group }) =>
      (group.rules as Array<Record<string, any>>).filter((rule) => rule.alert).map((rule) => ({ name: rule.alert, group: group.name, for: rule.for ?? '0s', labels: rule.labels })),
    );
  const effective = (prometheus: Prometheus) =>
    prometheus.inheritedAlerts().map((alert) => ({ name: alert.name, group: alert.group, for: alert.for, labels: alert.labels }));
  const sortedLabels = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  const sorted = (list: Array<{ labels: Record<string, string> }>) => list.map((x) => JSON.stringify({ ...x, labels: sortedLabels(x.labels) })).sort();

  test.each<[string, Partial<PrometheusProps>]>([
    ['the defaults', {}],
    ['overrides of every kind', {
      inheritedRules: {
        groups: { kubernetesStorage: false },
        alerts: { KubeHpaMaxedOut: false, KubeSchedulerDown: false, KubePodCrashLooping: { severity: 'critical', for: '30m' }, NodeFilesystemSpaceFillingUp: { for: '2h' } },
        labels: { team: 'sre' },
        groupLabels: { nodeExporterAlerting: { team: 'infra', tier: 'nodes' } },
        thresholds: { kubeletServerCertificateExpiration: { warning: '14d' } },
      },
    }],
    ['the eks platform', { platform: 'eks' } as Partial<PrometheusProps>],
  ])('%s', (_, props) => {
    const prometheus = build(props);
    const renderedGroups = renderRuleGroups(pinnedChartDir(), releaseValues(prometheus));
    const chart = rendered(renderedGroups);
    expect(chart.length).toBeGreaterThan(100);
    expect(sorted(chart)).toEqual(sorted(effective(prometheus)));
    // the chart's alerting rules with these values are valid Prometheus rules (its recording rules are
    // left out: the chart itself records code_verb:apiserver_request_total:increase1h twice, a lint error)
    if (findTool('promtool')) {
      const groups = renderedGroups
        .map(({ group }) => ({ ...group, rules: (group.rules as Array<Record<string, unknown>>).filter((rule) => rule.alert !== undefined) }))
        .filter((group) => group.rules.length > 0);
      const result = promtoolCheckRules(stringify({ groups }));
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    }
  }, 120_000);

  test('the kubelet certificate threshold reaches the rendered expression', () => {
    const groups = renderRuleGroups(pinnedChartDir(), releaseValues(inherited({ thresholds: { kubeletServerCertificateExpiration: { warning: '14d' } } })));
    const rule = groups.flatMap(({ group }) => group.rules).find((r: any) => r.alert === 'KubeletServerCertificateExpiration' && r.labels.severity === 'warning');
    // helm prints the number as 1.2096e+06, which PromQL reads as the same number
    expect(Number(rule.expr.split('<')[1])).toBe(14 * 86400);
  }, 60_000);
});

describe('the recorded series own rules may read are those of the recording groups rendered', () => {
  const SERIES = 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate';
  const withRule = (rules?: InheritedRules) => {
    const prometheus = inherited(rules);
    prometheus.addRuleGroup(new RuleGroup('cpu', { rules: [new AlertRule({ name: 'PodCpuHigh', expr: `sum by (pod) (${SERIES}) > 4`, severity: Severity.WARNING, team: 'platform', summary: 'CPU high' })] }));
    return prometheus.node.validate().join('\n');
  };

  test('GIVEN the chart group that records it THEN accepted; GIVEN that group off THEN the synth check names the series', () => {
    expect(withRule()).toBe('');
    expect(withRule({ groups: { k8sContainerCpuUsageSecondsTotal: false } })).toContain(SERIES);
  });
});

test('the catalogue holds every alert the effective list can name', () => {
  const known = new Set(all.map((alert) => alert.name));
  for (const alert of build().inheritedAlerts()) expect(known.has(alert.name)).toBe(true);
});
