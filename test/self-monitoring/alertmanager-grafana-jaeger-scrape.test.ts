import { join } from 'node:path';
import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { Alertmanager } from '../../lib/alertmanager';
import { Charts } from '../../lib/core/charts';
import { Duration } from '../../lib/core/duration';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { Grafana, GrafanaDatabase } from '../../lib/grafana';
import { Jaeger } from '../../lib/jaeger';
import type { IScrapingPrometheus } from '../../lib/prometheus/monitors/monitors';
import { IRulePack } from '../../lib/rules/rule-pack';
import { SHARED_CHARTS, chartDefaults, sharedChartsPresent, unknownChartKeys } from '../support/chart-values';
import { parse } from 'yaml';
import { RenderedRelease, renderCharts } from '../support/rendered-releases';
import { synthJson } from '../support/synth';
import { findTool, renderedDocuments } from '../support/tools';
import { prodPolicy } from '../alertmanager/fixtures';
import { prometheusMayReach, scrapeTargets } from './scrape-targets';

/*
 * Alertmanager, Grafana and Jaeger, scraped by a Prometheus (`scrapedBy`), rendered by helm with their real
 * pinned charts (../shared/charts): the ServiceMonitor (the chart's own for Alertmanager and Grafana, the
 * typed one for Jaeger, whose chart has none) selects the component's Service, its endpoint's port exists and
 * reaches the pods' metrics port, the job is the one `jobName` documents and the component's
 * `selfMonitoringRules()` select, every pod is scraped once, and the NetworkPolicies let Prometheus in.
 */

const canRender = findTool('helm') !== undefined && sharedChartsPresent('rendering Alertmanager, Grafana and Jaeger with their ServiceMonitors');
const withHelm = canRender ? describe : describe.skip;

function setup(): { stack: TerraformStack; prometheus: IScrapingPrometheus & { release: Release } } {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const release = new Release(stack, 'kps', { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack' });
  return { stack, prometheus: { release, releaseName: 'kube-prometheus-stack', scrapeInterval: Duration.seconds(30) } };
}

/** The helm_release of a component as synthesized: its values as helm receives them, and its depends_on. */
function synthesized(component: { readonly release: Release }): { name: string; values: string[]; dependsOn: string[] } {
  const stack = TerraformStack.of(component.release);
  const release = synthJson(stack).resource.helm_release[stack.getLogicalId(component.release)];
  return { name: release.name, values: (release.values as string[]).map(unescapeTerraformTemplate), dependsOn: release.depends_on ?? [] };
}

/** The component's release rendered by helm with the pinned chart, plus extra objects delivered beside it. */
function render(component: { readonly release: Release; readonly namespace: string }, chart: { chart: string; version: string }, extra: Array<Record<string, any>> = []): RenderedRelease {
  const { name, values } = synthesized(component);
  const [result] = renderCharts([{ chartDir: join(SHARED_CHARTS, `${chart.chart}-${chart.version}`), values, name, namespace: component.namespace }]);
  if (result.status !== 0) throw new Error(result.stderr);
  const objects = [...(renderedDocuments(result.stdout) as Array<Record<string, any>>), ...extra];
  return { stack: 'monitoring-test', id: name, name, namespace: component.namespace, chart: chart.chart, objects, notRendered: result.notRendered };
}

/** The `job` values the pack's expressions select. */
function selectedJobs(pack: IRulePack): string[] {
  return [...new Set(pack.ruleGroups.flatMap((g) => g.alertRules).flatMap((r) => [...r.expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1])))];
}

const keys = (targets: ReturnType<typeof scrapeTargets>) => targets.map((t) => [t.monitor, t.job, t.owner, t.port]);

withHelm('Alertmanager, Grafana and Jaeger scrape targets over the real charts', () => {
  test('Alertmanager (3 replicas): the chart ServiceMonitor scrapes the web port once per pod, as job "monitoring/alertmanager", not again through the headless Service', () => {
    const { stack, prometheus } = setup();
    const alertmanager = new Alertmanager(stack, 'alertmanager', { namespace: 'monitoring', config: prodPolicy(), replicas: 3 }).scrapedBy(prometheus);
    const rendered = render(alertmanager, Charts.alertmanager);
    const targets = scrapeTargets(rendered);
    expect(keys(targets)).toEqual([['ServiceMonitor/alertmanager', 'monitoring/alertmanager', 'StatefulSet/alertmanager', 9093]]);
    expect(alertmanager.jobName).toBe('monitoring/alertmanager');
    expect(selectedJobs(alertmanager.selfMonitoringRules())).toEqual(['monitoring/alertmanager']);
    for (const t of targets) expect(prometheusMayReach(alertmanager.networkPolicies(), t.podLabels, t.port)).toBe(true);
    // Negative control: without the relabelings, the headless Service (same labels, same `http` port) would
    // give every pod a second target, and the jobs would be the Services' names.
    const monitor = rendered.objects.find((o) => o.kind === 'ServiceMonitor')!;
    const undropped = { ...rendered, objects: rendered.objects.map((o) => (o === monitor ? { ...o, spec: { ...o.spec, endpoints: o.spec.endpoints.map(({ relabelings: _, ...e }: any) => e) } } : o)) };
    expect(keys(scrapeTargets(undropped)).map((k) => k[1]).sort()).toEqual(['alertmanager', 'alertmanager-headless']);
    // The release waits for the Prometheus release, which installs the ServiceMonitor CRD.
    expect(synthesized(alertmanager).dependsOn).toEqual(expect.arrayContaining(['helm_release.kps']));
    expect(alertmanager.scrapedBy(prometheus)).toBe(alertmanager);
    expect(() => alertmanager.scrapedBy(setup().prometheus)).toThrow(/monitoring-test\/alertmanager: is already scraped/);
    // Every serviceMonitor key set exists in the pinned chart.
    expect(unknownChartKeys({ serviceMonitor: parse(synthesized(alertmanager).values[0]).serviceMonitor }, chartDefaults(Charts.alertmanager)!)).toEqual([]);
  });

  test('Alertmanager not scraped: no ServiceMonitor, no target, no wait for Prometheus', () => {
    const { stack } = setup();
    const alertmanager = new Alertmanager(stack, 'alertmanager', { namespace: 'monitoring', config: prodPolicy() });
    expect(scrapeTargets(render(alertmanager, Charts.alertmanager))).toEqual([]);
    expect(synthesized(alertmanager).dependsOn).not.toContain('helm_release.kps');
  });

  test('Grafana (2 replicas, headless Service): the chart ServiceMonitor scrapes the web port once, as job "monitoring/grafana"', () => {
    const { stack, prometheus } = setup();
    const grafana = new Grafana(stack, 'grafana', {
      namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' }, replicas: 2,
      database: GrafanaDatabase.postgres({ host: 'grafana-db.example.internal', name: 'grafana', user: 'grafana', passwordSecret: { secretName: 'grafana-database' } }),
    }).scrapedBy(prometheus);
    const rendered = render(grafana, Charts.grafana);
    expect(rendered.objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['grafana', 'grafana-headless']);
    const targets = scrapeTargets(rendered);
    expect(keys(targets)).toEqual([['ServiceMonitor/grafana', 'monitoring/grafana', 'Deployment/grafana', 3000]]);
    expect(grafana.jobName).toBe('monitoring/grafana');
    expect(selectedJobs(grafana.selfMonitoringRules())).toEqual(['monitoring/grafana']);
    for (const t of targets) expect(prometheusMayReach(grafana.networkPolicies(), t.podLabels, t.port)).toBe(true);
    expect(synthesized(grafana).dependsOn).toEqual(expect.arrayContaining(['helm_release.kps']));
    expect(unknownChartKeys({ serviceMonitor: parse(synthesized(grafana).values[0]).serviceMonitor }, chartDefaults(Charts.grafana)!)).toEqual([]);
    expect(() => grafana.scrapedBy(setup().prometheus)).toThrow(/already scraped by the Prometheus release "kube-prometheus-stack"/);
  });

  test('Jaeger: the typed ServiceMonitor scrapes :8888 (Service port internal-metrics) once, as job "monitoring/jaeger"', () => {
    const { stack, prometheus } = setup();
    const jaeger = new Jaeger(stack, 'jaeger', { namespace: 'monitoring' });
    const monitor = jaeger.scrapedBy(prometheus);
    expect(jaeger.scrapedBy(prometheus)).toBe(monitor);
    expect(() => jaeger.scrapedBy(setup().prometheus)).toThrow(/monitoring-test\/jaeger: is already scraped by the Prometheus release "kube-prometheus-stack"/);
    const rendered = render(jaeger, Charts.jaeger, [monitor.manifest as Record<string, any>]);
    const targets = scrapeTargets(rendered);
    expect(keys(targets)).toEqual([['ServiceMonitor/jaeger', 'monitoring/jaeger', 'Deployment/jaeger', 8888]]);
    expect(selectedJobs(jaeger.selfMonitoringRules())).toEqual([jaeger.jobName]);
    for (const t of targets) expect(prometheusMayReach(jaeger.networkPolicies(), t.podLabels, t.port)).toBe(true);
    // Its own small release, after the Prometheus release (CRD) and the namespace.
    const manifests = synthJson(stack).resource.helm_release[stack.getLogicalId(monitor.release)];
    expect(manifests).toMatchObject({ name: 'kube-prometheus-stack-sm-jaeger', depends_on: expect.arrayContaining(['helm_release.kps']) });
    // The chart's own pod annotations remain (no value removes them): the annotation job's target is not the pack's job.
    const pod = rendered.objects.find((o) => o.kind === 'Deployment')!.spec.template.metadata.annotations;
    expect(pod).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8888' });
  });
});
