import { toYaml } from '../../lib/core/yaml';
import { selects } from '../support/label-selectors';
import { renderedExampleReleases } from '../support/rendered-releases';
import { describeWithTool } from '../support/tools';
import { AlertScenario, runScenarios } from '../alertmanager/alert-scenarios';

/*
 * The Prometheus → remote_write path is watched by kube-prometheus-stack's own `prometheus` rule group
 * (PrometheusRemoteStorageFailures, PrometheusRemoteWriteBehind, PrometheusRemoteWriteDesiredShards), not by
 * a pack of this project: unlike the chart's `alertmanager.rules` (whose job nothing produces here), that
 * group selects the job of the Prometheus ServiceMonitor the same chart renders. This test proves it on the
 * real render of prod (the environment with remote_write), and runs the rendered rule with promtool.
 */

type Obj = Record<string, any>;
const REMOTE_WRITE_ALERTS = ['PrometheusRemoteStorageFailures', 'PrometheusRemoteWriteBehind', 'PrometheusRemoteWriteDesiredShards'];

/**
 * prod's kube-prometheus-stack objects; undefined only when the renders are unavailable (no helm or no
 * ../shared, a failure under CI=true). Renders without that release are a failure, not a skip.
 */
function prodKubePrometheusStack(): Obj[] | undefined {
  const releases = renderedExampleReleases();
  if (releases === undefined) return undefined;
  const prod = releases.find((r) => r.stack === 'monitoring-prod' && r.chart === 'kube-prometheus-stack');
  if (prod === undefined) throw new Error('the rendered example releases have no kube-prometheus-stack in monitoring-prod');
  return prod.objects as Obj[];
}

/** The `job` and `namespace` each remote-write alert selects, read from its expression. */
function selectors(rule: Obj): Array<{ job: string; namespace: string }> {
  return [...String(rule.expr).matchAll(/\{job="([^"]+)",namespace="([^"]+)"\}/g)].map((m) => ({ job: m[1], namespace: m[2] }));
}

/** The jobs the rendered ServiceMonitors give Prometheus's own targets, computed as the operator does: the Service name, or its `jobLabel` label's value. */
function prometheusSelfScrapeJobs(objects: Obj[]): Array<{ monitor: string; job: string; namespace: string; port: string }> {
  const services = objects.filter((o) => o.kind === 'Service');
  return objects.filter((o) => o.kind === 'ServiceMonitor').flatMap((monitor) => services
    .filter((svc) => selects(monitor.spec.selector, svc.metadata.labels ?? {}))
    .flatMap((svc) => (monitor.spec.endpoints as Obj[])
      .filter((e) => (svc.spec.ports as Obj[]).some((p) => p.name === e.port))
      .map((e) => ({
        monitor: monitor.metadata.name,
        job: (monitor.spec.jobLabel && svc.metadata.labels?.[monitor.spec.jobLabel]) || svc.metadata.name,
        namespace: svc.metadata.namespace ?? 'monitoring',
        port: e.port,
      }))));
}

describe('the remote_write path is watched by the inherited `prometheus` group, whose job the chart produces', () => {
  const objects = prodKubePrometheusStack();
  const run = objects ? test : test.skip;
  const group = () => objects!.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups as Obj[]).find((g) => g.name === 'prometheus');

  run('prod renders the three remote-write alerts, each selecting job="kube-prometheus-stack-prometheus" in "monitoring"', () => {
    const rules = (group()?.rules ?? []) as Obj[];
    expect(REMOTE_WRITE_ALERTS.filter((name) => !rules.some((r) => r.alert === name))).toEqual([]);
    for (const name of REMOTE_WRITE_ALERTS) {
      const found = selectors(rules.find((r) => r.alert === name)!);
      expect(found.length).toBeGreaterThan(0);
      expect(new Set(found.map((s) => `${s.job}/${s.namespace}`))).toEqual(new Set(['kube-prometheus-stack-prometheus/monitoring']));
    }
  });

  run("the chart's Prometheus ServiceMonitor produces exactly that job on the web port (where the remote-write metrics are)", () => {
    const jobs = prometheusSelfScrapeJobs(objects!).filter((j) => j.monitor === 'kube-prometheus-stack-prometheus');
    expect(jobs).toEqual(expect.arrayContaining([{ monitor: 'kube-prometheus-stack-prometheus', job: 'kube-prometheus-stack-prometheus', namespace: 'monitoring', port: 'http-web' }]));
    const selected = selectors(group()!.rules.find((r: Obj) => r.alert === 'PrometheusRemoteStorageFailures'))[0];
    expect(prometheusSelfScrapeJobs(objects!).some((j) => j.job === selected.job && j.namespace === selected.namespace)).toBe(true);
  });

  describeWithTool('promtool', 'the rendered rule, run by promtool', () => {
    run('PrometheusRemoteStorageFailures fires on failing samples of that job, and not on another job or below 1 %', () => {
      const rules = (group()!.rules as Obj[]).filter((r) => REMOTE_WRITE_ALERTS.includes(r.alert));
      const ruleFile = toYaml({ groups: [{ name: 'prometheus', rules }] });
      const at = (job: string) => `job="${job}",namespace="monitoring",pod="prometheus-kube-prometheus-stack-prometheus-0",remote_name="mimir",url="https://mimir.example.internal/api/v1/push"`;
      const samples = (job: string, failedPerMinute: number, sentPerMinute = 6000) => [
        // Prometheus 3 (the chart's) names: prometheus_remote_storage_samples_failed_total / _samples_total.
        { series: `prometheus_remote_storage_samples_failed_total{${at(job)}}`, values: `0+${failedPerMinute}x60` },
        { series: `prometheus_remote_storage_samples_total{${at(job)}}`, values: `0+${sentPerMinute}x60` },
      ];
      const scenarios: AlertScenario[] = [
        { name: '10 % of the samples fail', series: samples('kube-prometheus-stack-prometheus', 600), firing: { PrometheusRemoteStorageFailures: 1 } },
        { name: '0.5 % fail: below the 1 % threshold', series: samples('kube-prometheus-stack-prometheus', 30), firing: {} },
        { name: 'failing samples of another job (an application\'s Prometheus) are not ours', series: samples('some-other-prometheus', 600), firing: {} },
      ];
      const result = runScenarios(ruleFile, scenarios);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });
  });
});
