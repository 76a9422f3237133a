import { TerraformStack, Testing } from 'cdktf';
import { Alertmanager, AlertmanagerConfig, ClusterProviders, MonitoringStack, Prometheus, Receiver, ReviewArtifacts, SecretFile } from '../../lib';
import { EnvironmentConfig } from '../../lib/environment/environment-config';
import { InheritedRules } from '../../lib/prometheus/inherited/inherited-rules';
import { releaseValues } from '../support/synth';

/*
 * Issue 16, scope 5: every alert the cluster evaluates — the project's own and those inherited from
 * kube-prometheus-stack — is in summary.md by severity and team, and in the Alertmanager coverage check.
 */

const env = (overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig => ({ name: 'qa', clusterName: 'qa-eu-1', region: 'eu-west-1', ...overrides });
const summaryOf = (stack: TerraformStack) => ReviewArtifacts.of(stack).render().get('summary.md')!;

/** The severity × team table of the Prometheus rules section: rows of [severity, team, count, names]. */
function severityTable(summary: string): string[][] {
  const section = summary.slice(summary.indexOf('## Prometheus rules'));
  return section.split('\n').filter((line) => /^\| (critical|warning|info|none) \|/.test(line)).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

describe('summary.md lists every alert the cluster evaluates, own and inherited', () => {
  const stack = new MonitoringStack(Testing.app(), env({
    prometheus: { inheritedRules: { alerts: { KubePodCrashLooping: { severity: 'critical' }, KubeHpaMaxedOut: false }, groupLabels: { nodeExporterAlerting: { team: 'infra' } } } },
  }));
  const prometheus = stack.prometheus!;
  const summary = summaryOf(stack);
  const rows = severityTable(summary);

  test('states the total: own plus inherited', () => {
    const own = prometheus.alertRules().length;
    const inherited = prometheus.inheritedAlerts().length;
    expect(inherited).toBeGreaterThan(100);
    expect(summary).toContain(`The cluster evaluates ${own + inherited} alerting rules: ${own} own, ${inherited} inherited from kube-prometheus-stack`);
    // the table's counts add up to that total
    expect(rows.reduce((n, row) => n + Number(row[2]), 0)).toBe(own + inherited);
  });

  test('by severity and team, inherited names marked, overrides and group teams shown, dropped alerts absent', () => {
    const row = (severity: string, team: string) => rows.find((r) => r[0] === severity && r[1] === team);
    expect(row('critical', 'platform')![3].split(', ')).toContain('KubePodCrashLooping*');
    expect(row('warning', 'platform')![3].split(', ')).not.toContain('KubePodCrashLooping*');
    expect(row('warning', 'infra')![3].split(', ')).toContain('NodeFilesystemSpaceFillingUp*');
    expect(row('none', 'platform')![3]).toBe('InfoInhibitor*, Watchdog*');
    expect(summary).not.toContain('KubeHpaMaxedOut');
    // the alertmanager.rules group is off by default: its alerts are not evaluated, so not listed
    expect(summary).not.toContain('AlertmanagerFailedReload*');
    // severities most urgent first, "none" last
    const order = [...new Set(rows.map((r) => r[0]))];
    expect(order).toEqual(['critical', 'warning', 'info', 'none']);
  });

  test('reachable from EnvironmentConfig: the values carry the overrides', () => {
    const values = releaseValues(prometheus);
    expect(values.defaultRules.disabled).toEqual({ KubeHpaMaxedOut: true });
    expect(values.customRules).toEqual({ KubePodCrashLooping: { severity: 'critical' } });
    expect(values.defaultRules.additionalRuleGroupLabels.nodeExporterAlerting).toEqual({ team: 'infra' });
  });

  test('an unknown alert name in EnvironmentConfig is refused with the closest name', () => {
    expect(() => new MonitoringStack(Testing.app(), env({ prometheus: { inheritedRules: { alerts: { KubePodCrashLoop: false } as InheritedRules['alerts'] } } })))
      .toThrow(/monitoring-qa\/prometheus inheritedRules > alerts: "KubePodCrashLoop" is not an alert of kube-prometheus-stack 88\.5\.3 \(did you mean "KubePodCrashLooping"\?\)/);
  });
});

describe('the Alertmanager coverage check includes the inherited alerts', () => {
  /** Team platform's critical and warning alerts to Slack, Watchdog and InfoInhibitor muted on purpose; no route for info. */
  function setUp(inheritedRules: InheritedRules) {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    new ClusterProviders(stack, 'cluster', { path: '~/.kube/config', context: '' });
    const config = new AlertmanagerConfig({
      route: {
        receiver: 'drop',
        routes: [
          { matchers: ['alertname=~"Watchdog|InfoInhibitor"'], receiver: 'drop' },
          { matchers: ['team="platform"', 'severity=~"critical|warning"'], receiver: Receiver.slack('platform', { channel: '#platform', apiUrl: SecretFile.from('slack', 'url') }) },
        ],
      },
      receivers: [Receiver.none('drop')],
    });
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring', inheritedRules });
    const alertmanager = new Alertmanager(stack, 'alertmanager', { namespace: 'monitoring', config });
    alertmanager.coverAlertsOf(prometheus);
    return { stack, alertmanager };
  }
  const INFO_ALERTS = ['CPUThrottlingHigh', 'KubeNodeEviction', 'KubeNodePressure', 'KubeQuotaAlmostFull', 'KubeQuotaFullyUsed', 'KubeletTooManyPods', 'NodeCPUHighUsage'];
  const noInfo = Object.fromEntries(INFO_ALERTS.map((name) => [name, false])) as InheritedRules['alerts'];

  test('GIVEN every inherited alert routed (info ones dropped) THEN the check and synth pass', () => {
    const { stack, alertmanager } = setUp({ alerts: noInfo });
    expect(() => alertmanager.checkAlertCoverage()).not.toThrow();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('GIVEN the chart\'s info alerts, which no route takes THEN it fails naming them as inherited, with the fix', () => {
    const { alertmanager } = setUp({});
    expect(() => alertmanager.checkAlertCoverage()).toThrow(
      /monitoring-test\/alertmanager: .*7 alerts.*alert "CPUThrottlingHigh" \(inherited: kube-prometheus-stack 88\.5\.3 group "kubernetes-resources"\) \{alertname="CPUThrottlingHigh", severity="info", team="platform"\} reaches only receiver "drop".*add a route whose matchers select these alerts/s,
    );
  });

  test('GIVEN one inherited alert moved to a severity no route matches THEN synth fails on that alert alone', () => {
    const { stack, alertmanager } = setUp({ alerts: { ...noInfo, KubePodCrashLooping: { severity: 'info' } } });
    let message = '';
    try {
      alertmanager.checkAlertCoverage();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/alert "KubePodCrashLooping" \(inherited: kube-prometheus-stack 88\.5\.3 group "kubernetes-apps"\)/);
    expect(message.match(/alert "/g)).toHaveLength(1);
    expect(() => Testing.synth(stack, true)).toThrow(/KubePodCrashLooping/);
  });

  test('GIVEN inherited alerts labelled for a team no route knows THEN it fails', () => {
    const { alertmanager } = setUp({ alerts: noInfo, labels: { team: 'nobody' } });
    expect(() => alertmanager.checkAlertCoverage()).toThrow(/team="nobody"/);
  });
});
