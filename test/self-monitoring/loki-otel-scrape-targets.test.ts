import { join } from 'node:path';
import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { Charts } from '../../lib/core/charts';
import { Duration } from '../../lib/core/duration';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { Jaeger } from '../../lib/jaeger';
import { Loki, LokiDeploymentMode, LokiObjectStorage, LokiProps, LokiTenancy } from '../../lib/loki';
import { lokiJobPattern } from '../../lib/loki/loki';
import { OtelCollector } from '../../lib/otel-collector';
import type { IScrapingPrometheus } from '../../lib/prometheus/monitors/monitors';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { RenderedRelease, renderCharts } from '../support/rendered-releases';
import { schemaErrors } from '../support/kubernetes-schema';
import { synthJson } from '../support/synth';
import { findTool, renderedDocuments } from '../support/tools';
import { PROD_LOKI_JOBS } from '../loki/loki-jobs';
import { ScrapeTarget, prometheusMayReach, scrapeTargets } from './scrape-targets';

/*
 * Loki (both deployment modes) and the OTel collector, scraped by a Prometheus (`scrapedBy`), rendered by
 * helm with their real pinned charts (../shared/charts): the chart's ServiceMonitor selects their
 * Services, its endpoints' ports exist and reach the pods' metrics ports, the jobs are the documented
 * ones the alert packs select, every pod with a metrics port is a target exactly once per port, and the
 * component's NetworkPolicies let Prometheus reach every target.
 */

const canRender = findTool('helm') !== undefined && sharedChartsPresent('rendering Loki and the OTel collector with their ServiceMonitors');
const withHelm = canRender ? describe : describe.skip;

function prometheusIn(stack: TerraformStack): IScrapingPrometheus {
  return { release: new Release(stack, 'kps', { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack' }), releaseName: 'kube-prometheus-stack', scrapeInterval: Duration.seconds(30) };
}

/** The component's release rendered by helm with the pinned chart, values exactly as Terraform passes them. */
function render(component: { readonly release: Release; readonly namespace: string }, chart: { chart: string; version: string }): RenderedRelease {
  const stack = TerraformStack.of(component.release);
  const release = synthJson(stack).resource.helm_release[stack.getLogicalId(component.release)];
  const values = (release.values as string[]).map(unescapeTerraformTemplate);
  const [result] = renderCharts([{ chartDir: join(SHARED_CHARTS, `${chart.chart}-${chart.version}`), values, name: release.name, namespace: component.namespace }]);
  if (result.status !== 0) throw new Error(result.stderr);
  return { stack: stack.node.id, id: release.name, name: release.name, namespace: component.namespace, chart: chart.chart, objects: renderedDocuments(result.stdout) as Array<Record<string, any>>, notRendered: result.notRendered };
}

function loki(props: Partial<LokiProps>, scraped = true) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const component = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant(), ...props });
  if (scraped) component.scrapedBy(prometheusIn(stack));
  return component;
}

const DISTRIBUTED: Partial<LokiProps> = {
  deploymentMode: LokiDeploymentMode.DISTRIBUTED,
  objectStorage: LokiObjectStorage.s3({ bucketName: 'acme-logs', region: 'eu-west-1', credentialsSecret: 'loki-object-storage' }),
  chunksCacheMemoryMiB: 1024,
  resultsCacheMemoryMiB: 256,
};

/** The pods that serve metrics: every container port named like a metrics port, per workload. */
function metricsPorts(release: RenderedRelease): string[] {
  return release.objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))
    .flatMap((o) => (o.spec.template.spec.containers as Array<Record<string, any>>).flatMap((c) => ((c.ports ?? []) as Array<Record<string, any>>)
      .filter((p) => ['http-metrics', 'metrics', 'spanmetrics'].includes(p.name))
      .map((p) => `${o.kind}/${o.metadata.name}:${p.containerPort}`)))
    .sort();
}

const targetKeys = (targets: readonly ScrapeTarget[]) => targets.map((t) => `${t.owner}:${t.port}`).sort();
const jobsOf = (targets: readonly ScrapeTarget[]) => [...new Set(targets.map((t) => t.job))].sort();

withHelm('scrape targets over the real charts', () => {
  test.each<[string, Partial<LokiProps>, readonly string[]]>([
    ['Monolithic (dev, staging)', {}, ['monitoring/loki', 'monitoring/loki-gateway-exporter']],
    ['Distributed on S3 with both caches (prod)', DISTRIBUTED, PROD_LOKI_JOBS],
    ['Distributed with zone-aware ingesters', { ...DISTRIBUTED, zoneAwareIngesters: true, replicas: 3 }, PROD_LOKI_JOBS],
  ])('Loki %s: the chart ServiceMonitor scrapes every metrics port once, under the jobs LokiRules selects, reachable by Prometheus', (_, props, jobs) => {
    const component = loki(props);
    const rendered = render(component, Charts.loki);
    const targets = scrapeTargets(rendered);
    expect(targets.map((t) => t.monitor)).toEqual(targets.map(() => 'ServiceMonitor/loki'));
    // the ServiceMonitor passes the schema of the CRD kube-prometheus-stack ships
    for (const monitor of rendered.objects.filter((o) => o.kind === 'ServiceMonitor')) expect(schemaErrors(monitor)).toEqual([]);
    // every workload's metrics port, the gateway's access-log exporter (4040) among them, is a target once
    expect(targetKeys(targets)).toEqual(metricsPorts(rendered));
    expect(targetKeys(targets)).toContain('Deployment/loki-gateway:4040');
    // the jobs are the documented ones, and the pack's one pattern selects all of them
    expect(jobsOf(targets)).toEqual([...jobs].sort());
    expect([...component.metricsJobs].sort()).toEqual([...jobs].sort());
    const pattern = new RegExp(`^${lokiJobPattern(component.namespace, component.releaseName)}$`);
    expect(jobsOf(targets).filter((job) => !pattern.test(job))).toEqual([]);
    // the compactor, the ingesters and the ruler (whose metrics the pack reads) are among the targets
    const owners = targets.map((t) => t.owner).join(' ');
    expect(owners).toMatch(props.deploymentMode ? /compactor.*ingester.*ruler|ingester.*compactor.*ruler/s : /StatefulSet\/loki\b/);
    for (const t of targets) expect([t.owner, t.port, prometheusMayReach(component.networkPolicies(), t.podLabels, t.port)]).toEqual([t.owner, t.port, true]);
  });

  test('Loki not scraped: no ServiceMonitor, no target (what the checks above would catch)', () => {
    expect(scrapeTargets(render(loki({}, false), Charts.loki))).toEqual([]);
  });

  test('OTel collector: the chart ServiceMonitor scrapes its own and its span metrics under the stable jobs, and no annotation scrapes them twice', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const jaeger = new Jaeger(stack, 'jaeger', { namespace: 'monitoring' });
    const collector = new OtelCollector(stack, 'otel-collector', { namespace: 'monitoring', tracesBackend: jaeger }).scrapedBy(prometheusIn(stack));
    const rendered = render(collector, Charts.openTelemetryCollector);
    const targets = scrapeTargets(rendered);
    expect(targets.map((t) => [t.monitor, t.job, t.owner, t.port])).toEqual([
      ['ServiceMonitor/otel-collector', 'monitoring/otel-collector', 'Deployment/otel-collector', 8888],
      ['ServiceMonitor/otel-collector', 'monitoring/otel-collector-spanmetrics', 'Deployment/otel-collector', 8889],
    ]);
    expect(targetKeys(targets)).toEqual(metricsPorts(rendered));
    for (const monitor of rendered.objects.filter((o) => o.kind === 'ServiceMonitor')) expect(schemaErrors(monitor)).toEqual([]);
    expect([collector.metricsJob, collector.spanMetricsJob]).toEqual(['monitoring/otel-collector', 'monitoring/otel-collector-spanmetrics']);
    // what the selfMonitoringRules select is what the scrape produces
    const selected = collector.selfMonitoringRules().ruleGroups.flatMap((g) => g.alertRules).flatMap((r) => [...r.expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1]));
    expect([...new Set(selected)]).toEqual([collector.metricsJob]);
    expect(JSON.stringify(rendered.objects.filter((o) => ['Service', 'Deployment'].includes(o.kind)))).not.toContain('prometheus.io/scrape');
    for (const t of targets) expect(prometheusMayReach(collector.networkPolicies(), t.podLabels, t.port)).toBe(true);
  });
});
