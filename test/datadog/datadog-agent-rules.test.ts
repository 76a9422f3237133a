import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { PeerRole } from '../../lib/contracts/network-peer';
import { Duration } from '../../lib/core/duration';
import { synthJson } from '../support/synth';
import { DatadogAgent, DatadogAgentRules } from '../../lib/datadog';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { Severity } from '../../lib/rules/severity';
import { describeWithTool, promtoolCheckRules } from '../support/tools';
import { PromtoolTestCase, RUNBOOKS, expectValidationError, promtoolTestRules } from '../rules/rules-test-support';

const ALL = ['DatadogAgentNotScheduled', 'DatadogAgentNotReady', 'DatadogClusterAgentDegraded', 'DatadogClusterAgentDown'];

describe('DatadogAgentRules', () => {
  test('GIVEN the defaults THEN four alerts over kube-state-metrics, selecting the DaemonSet and the Deployment by name', () => {
    const pack = DatadogAgentRules.create({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'monitoring' } });
    expect(pack.ruleGroups.map((g) => g.name)).toEqual(['datadog-agent']);
    const rules = pack.ruleGroups[0].alertRules;
    expect(rules.map((r) => [r.name, r.severity, r.for?.toPrometheus()])).toEqual([
      ['DatadogAgentNotScheduled', 'warning', '15m'], ['DatadogAgentNotReady', 'warning', '15m'],
      ['DatadogClusterAgentDegraded', 'warning', '15m'], ['DatadogClusterAgentDown', 'critical', '5m'],
    ]);
    expect(rules[0].expr).toBe('max by (namespace, daemonset) (kube_daemonset_status_desired_number_scheduled{namespace="monitoring",daemonset="datadog"}) - max by (namespace, daemonset) (kube_daemonset_status_current_number_scheduled{namespace="monitoring",daemonset="datadog"}) > 0');
    expect(rules[3].expr).toContain('kube_deployment_status_replicas_available{namespace="monitoring",deployment="datadog-cluster-agent"}');
    expect(rules.every((r) => r.runbookUrl === `${RUNBOOKS}/${r.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`)).toBe(true);
  });

  test('alerts can be tuned and switched off; the object names follow the release', () => {
    const pack = DatadogAgentRules.create({
      runbookBaseUrl: RUNBOOKS, daemonSetName: 'dd', clusterAgentDeploymentName: 'dd-cluster-agent',
      agentNotScheduled: { threshold: 2, severity: Severity.CRITICAL }, clusterAgentDegraded: false,
    });
    const rules = pack.ruleGroups[0].alertRules;
    expect(rules.map((r) => r.name)).toEqual(['DatadogAgentNotScheduled', 'DatadogAgentNotReady', 'DatadogClusterAgentDown']);
    expect([rules[0].severity, rules[0].expr]).toEqual(['critical', expect.stringMatching(/daemonset="dd"\}\) > 2$/)]);
    expect(rules[2].expr).toContain('deployment="dd-cluster-agent"');
  });

  test('DatadogAgent.selfMonitoringRules() selects its namespace, DaemonSet and Cluster Agent Deployment', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const agent = new DatadogAgent(stack, 'datadog', { namespace: 'observability', secretName: 'datadog-keys', clusterName: 'prod-eu-1', releaseName: 'dd' });
    const rules = agent.selfMonitoringRules({ team: 'sre' }).ruleGroups.flatMap((g) => g.alertRules);
    expect(rules.map((r) => r.name)).toEqual(ALL);
    expect(rules.every((r) => r.team === 'sre')).toBe(true);
    expect(rules[1].expr).toContain('{namespace="observability",daemonset="dd"}');
    expect(rules[2].expr).toContain('{namespace="observability",deployment="dd-cluster-agent"}');
  });

  test('scrapedBy(prometheus) adds a PodMonitor on the Cluster Agent metrics port, after the Prometheus release, and opens 5000 to Prometheus', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const agent = new DatadogAgent(stack, 'datadog', { namespace: 'monitoring', secretName: 'datadog-keys', clusterName: 'prod-eu-1' });
    const kps = { release: new Release(stack, 'kps', { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack' }), releaseName: 'kube-prometheus-stack', scrapeInterval: Duration.seconds(30) };
    const before = Object.keys(synthJson(stack).resource.helm_release);
    expect(agent.scrapedBy(kps).scrapedBy(kps)).toBe(agent);
    const releases = synthJson(stack).resource.helm_release as Record<string, any>;
    const added = Object.keys(releases).filter((id) => !before.includes(id));
    expect(added).toHaveLength(1);
    const monitorRelease = releases[added[0]];
    expect(monitorRelease).toMatchObject({ name: 'kube-prometheus-stack-pm-datadog-cluster-agent', namespace: 'monitoring' });
    expect(monitorRelease.depends_on).toEqual(expect.arrayContaining(['helm_release.kps']));
    const manifest = JSON.parse(monitorRelease.values[0]).manifests[0];
    expect(manifest).toMatchObject({
      kind: 'PodMonitor', metadata: { name: 'datadog-cluster-agent', namespace: 'monitoring' },
      spec: { selector: { matchLabels: { app: 'datadog-cluster-agent' } }, podMetricsEndpoints: [{ port: 'agentmetrics', path: '/metrics' }] },
    });
    expect(agent.clusterAgentMetricsJob).toBe('monitoring/datadog-cluster-agent');
    const dca = agent.networkPolicies().find((p) => p.name === 'datadog-cluster-agent')!;
    expect(dca.ingress.filter((r) => r.from !== 'anywhere' && r.from.includes(PeerRole.PROMETHEUS)).flatMap((r) => r.ports)).toEqual([{ port: 5000 }]);
    expectValidationError(() => agent.scrapedBy({ ...kps, releaseName: 'other' }),
      'monitoring-test/datadog: is already scraped by the Prometheus release "kube-prometheus-stack"; one PodMonitor serves every Prometheus that selects it, so call scrapedBy once.');
    expect(Object.keys(synthJson(stack).resource.helm_release)).toEqual(Object.keys(releases));
  });

  test.each<[string, () => unknown, string[]]>([
    ['a DaemonSet name that is no object name', () => DatadogAgentRules.create({ runbookBaseUrl: RUNBOOKS, daemonSetName: 'Datadog Agent' }), ['DatadogAgentRules "datadog-agent" > daemonSetName', '"Datadog Agent" is not a Kubernetes object name']],
    ['a negative node count', () => DatadogAgentRules.create({ runbookBaseUrl: RUNBOOKS, agentNotReady: { threshold: -1 } }), ['agentNotReady > threshold', '-1 is out of range', 'nodes of 0 or more']],
    ['a threshold on the Down alert', () => DatadogAgentRules.create({ runbookBaseUrl: RUNBOOKS, clusterAgentDown: { threshold: 1 } }), ['clusterAgentDown > threshold', 'no replica of the Cluster Agent is available']],
  ])('refuses %s', (_, fn, parts) => {
    expectValidationError(fn, ...parts);
  });

  describeWithTool('promtool', 'the rule file', () => {
    const text = renderRuleFile(DatadogAgentRules.create({ runbookBaseUrl: RUNBOOKS, selector: { namespace: 'monitoring' } }).ruleGroups);
    const ksm = 'job="kube-state-metrics",namespace="monitoring"';
    const ds = (metric: string, values: string, name = 'datadog') => ({ series: `${metric}{${ksm},daemonset="${name}"}`, values });
    const deploy = (metric: string, values: string) => ({ series: `${metric}{${ksm},deployment="datadog-cluster-agent"}`, values });
    const fired = (alertname: string, severity: string, labels: Record<string, string>, summary: string, description: string) => ({
      eval_time: '30m', alertname,
      exp_alerts: [{
        exp_labels: { severity, team: 'platform', namespace: 'monitoring', ...labels },
        exp_annotations: { summary, description, runbook_url: `${RUNBOOKS}/${alertname.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}` },
      }],
    });

    test('passes promtool check rules', () => {
      expect(promtoolCheckRules(text)).toMatchObject({ status: 0, output: expect.stringContaining('SUCCESS: 4 rules found') });
    });

    test('each alert fires above its threshold and stays silent below it, for the Datadog objects only (promtool test rules)', () => {
      const cases: PromtoolTestCase[] = [
        {
          name: '5 nodes: 1 without an agent, 1 not ready; cluster agent 1 of 2, then none',
          interval: '1m',
          input_series: [
            ds('kube_daemonset_status_desired_number_scheduled', '5x40'),
            ds('kube_daemonset_status_current_number_scheduled', '4x40'),
            ds('kube_daemonset_status_number_ready', '3x40'),
            // another DaemonSet of the namespace, far from healthy: no Datadog alert
            ds('kube_daemonset_status_desired_number_scheduled', '5x40', 'fluent-bit'),
            ds('kube_daemonset_status_current_number_scheduled', '0x40', 'fluent-bit'),
            deploy('kube_deployment_spec_replicas', '2x40'),
            deploy('kube_deployment_status_replicas_available', '1x40'),
          ],
          alert_rule_test: [
            fired('DatadogAgentNotScheduled', 'warning', { daemonset: 'datadog' }, 'Datadog agent is not running on 1 nodes',
              '1 nodes should run the Datadog agent monitoring/datadog and do not (threshold 0, for 15m): Datadog gets no metrics, logs or traces from them. Check the nodes\' taints against the agent\'s tolerations, and room for its requests.'),
            fired('DatadogAgentNotReady', 'warning', { daemonset: 'datadog' }, 'Datadog agent is not ready on 1 nodes',
              '1 pods of the Datadog agent monitoring/datadog are scheduled but not ready (threshold 0, for 15m); read their events and logs (API key Secret, image pull, crash loop).'),
            fired('DatadogClusterAgentDegraded', 'warning', { deployment: 'datadog-cluster-agent' }, 'Datadog Cluster Agent datadog-cluster-agent lacks replicas',
              '1 replicas of monitoring/datadog-cluster-agent are not available (threshold 0, for 15m).'),
            { eval_time: '30m', alertname: 'DatadogClusterAgentDown', exp_alerts: [] },
          ],
        },
        {
          name: 'cluster agent down',
          interval: '1m',
          input_series: [deploy('kube_deployment_spec_replicas', '2x40'), deploy('kube_deployment_status_replicas_available', '0x40')],
          alert_rule_test: [
            fired('DatadogClusterAgentDown', 'critical', { deployment: 'datadog-cluster-agent' }, 'Datadog Cluster Agent datadog-cluster-agent is down',
              'No replica of monitoring/datadog-cluster-agent has been available for 5m: node agents lose cluster metadata, cluster checks stop and the admission controller injects nothing.'),
          ],
        },
        {
          name: 'healthy, and a cluster agent scaled to 0 on purpose',
          interval: '1m',
          input_series: [
            ds('kube_daemonset_status_desired_number_scheduled', '5x40'),
            ds('kube_daemonset_status_current_number_scheduled', '5x40'),
            ds('kube_daemonset_status_number_ready', '5x40'),
            deploy('kube_deployment_spec_replicas', '0x40'),
            deploy('kube_deployment_status_replicas_available', '0x40'),
          ],
          alert_rule_test: ALL.map((alertname) => ({ eval_time: '30m', alertname, exp_alerts: [] })),
        },
      ];
      const result = promtoolTestRules(text, cases);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});
