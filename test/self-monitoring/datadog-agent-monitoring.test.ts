import { join } from 'node:path';
import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { Duration } from '../../lib/core/duration';
import { Charts } from '../../lib/core/charts';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { DatadogAgent } from '../../lib/datadog';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { renderCharts } from '../support/rendered-releases';
import { schemaErrors } from '../support/kubernetes-schema';
import { synthJson } from '../support/synth';
import { findTool, renderedDocuments } from '../support/tools';
import { prometheusMayReach, scrapeTargets } from './scrape-targets';

/*
 * The Datadog agent's alerts read kube-state-metrics (docs/datadog.md): they select the node agent
 * DaemonSet and the Cluster Agent Deployment by name. Rendered with the real chart, those objects exist
 * under those names; the Cluster Agent's PodMonitor (scrapedBy) selects its pods on a port that exists;
 * and the render shows why the node agent itself is not scraped.
 */

const canRender = findTool('helm') !== undefined && sharedChartsPresent('rendering the Datadog agent');

(canRender ? describe : describe.skip)('Datadog agent objects over the real chart', () => {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const agent = new DatadogAgent(stack, 'datadog', { namespace: 'monitoring', secretName: 'datadog-keys', clusterName: 'prod-eu-1', releaseName: 'dd' });
  agent.scrapedBy({ release: new Release(stack, 'kps', { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack' }), releaseName: 'kube-prometheus-stack', scrapeInterval: Duration.seconds(30) });
  const release = synthJson(stack).resource.helm_release[stack.getLogicalId(agent.release)];
  const [result] = renderCharts([{
    chartDir: join(SHARED_CHARTS, `${Charts.datadog.chart}-${Charts.datadog.version}`),
    values: (release.values as string[]).map(unescapeTerraformTemplate), name: release.name, namespace: 'monitoring',
  }]);
  const objects = renderedDocuments(result.stdout) as Array<Record<string, any>>;
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test('every object the alerts select by name is rendered under that name, in the release namespace', () => {
    expect(result.status).toBe(0);
    const selected = agent.selfMonitoringRules().ruleGroups.flatMap((g) => g.alertRules)
      .flatMap((r) => [...r.expr.matchAll(/(daemonset|deployment)="([^"]+)"/g)].map((m) => `${m[1]}/${m[2]}`));
    expect([...new Set(selected)].sort()).toEqual(['daemonset/dd', 'deployment/dd-cluster-agent']);
    expect(named('DaemonSet', 'dd')?.metadata.namespace ?? 'monitoring').toBe('monitoring');
    expect(named('Deployment', 'dd-cluster-agent')).toBeDefined();
    // a name the chart does not render is not found (the check above can fail)
    expect(named('DaemonSet', 'datadog')).toBeUndefined();
  });

  test('the Cluster Agent PodMonitor reaches /metrics on 5000 of every Cluster Agent pod, under clusterAgentMetricsJob, through its NetworkPolicy', () => {
    const monitors = Object.values(synthJson(stack).resource.helm_release as Record<string, any>)
      .filter((r) => r.name === 'kube-prometheus-stack-pm-dd-cluster-agent')
      .flatMap((r) => JSON.parse(r.values[0]).manifests as Array<Record<string, any>>);
    expect(monitors.map((m) => m.kind)).toEqual(['PodMonitor']);
    expect(schemaErrors(monitors[0])).toEqual([]);
    const targets = scrapeTargets({ stack: 'test', id: 'dd', name: 'dd', namespace: 'monitoring', chart: 'datadog', objects: [...objects, ...monitors], notRendered: [] });
    expect(targets.map((t) => [t.job, t.owner, t.port])).toEqual([[agent.clusterAgentMetricsJob, 'Deployment/dd-cluster-agent', 5000]]);
    expect(agent.clusterAgentMetricsJob).toBe('monitoring/dd-cluster-agent');
    expect(prometheusMayReach(agent.networkPolicies(), targets[0].podLabels, 5000)).toBe(true);
    // the node agents are no target
    expect(targets.some((t) => t.owner.startsWith('DaemonSet/'))).toBe(false);
  });

  test('the node agent offers Prometheus no metrics port; only the Cluster Agent has one (5000, scraped by the stack PodMonitor)', () => {
    const ports = (kind: string, name: string) => (named(kind, name)!.spec.template.spec.containers as Array<Record<string, any>>)
      .flatMap((c) => ((c.ports ?? []) as Array<Record<string, any>>).map((p) => `${c.name}:${p.name}=${p.containerPort}`)).sort();
    expect(ports('DaemonSet', 'dd')).toEqual(['agent:dogstatsdport=8125', 'trace-agent:traceport=8126']);
    expect(ports('Deployment', 'dd-cluster-agent')).toContain('cluster-agent:agentmetrics=5000');
    // the chart brings no monitor of its own (the PodMonitor is the stack's)
    expect(objects.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor')).toEqual([]);
  });
});
