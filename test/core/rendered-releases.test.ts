import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderableChart } from '../support/chart-dependencies';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { renderCharts, renderedExampleReleases, setArgs } from '../support/rendered-releases';
import { synthesizedExampleReleases } from '../support/synth';

/*
 * The harness every security test reads (test/support/rendered-releases.ts): each helm_release of each
 * example environment rendered by helm with its real chart, values exactly as Terraform hands them over.
 */

const rendered = renderedExampleReleases();
const withHelm = rendered ? test : test.skip;

withHelm('every release of every environment renders with its chart (helm exits 0: no chart fail/required guard fires)', () => {
  const synthesized = synthesizedExampleReleases();
  // renderedExampleReleases throws with helm's message when a release does not render
  expect(rendered!.map((r) => `${r.stack}/${r.id}`)).toEqual(synthesized.map((r) => `${r.stack}/${r.id}`));
  for (const r of rendered!) expect([r.stack, r.name, r.objects.length > 0]).toEqual([r.stack, r.name, true]);
  expect([...new Set(rendered!.map((r) => r.chart))].sort())
    .toEqual(['alertmanager', 'datadog', 'fluent-bit', 'grafana', 'jaeger', 'kube-prometheus-stack', 'loki', 'manifests', 'opentelemetry-collector', 'prometheus-blackbox-exporter']);
  // the only enabled subcharts ../shared lacks, checked from the values instead (not-rendered-subcharts.ts)
  const notRendered = [...new Set(rendered!.flatMap((r) => r.notRendered.map((s) => `${r.chart} → ${s}`)))].sort();
  expect(notRendered.every((s) => ['kube-prometheus-stack → kube-state-metrics', 'kube-prometheus-stack → prometheus-node-exporter'].includes(s))).toBe(true);
});

withHelm("kube-prometheus-stack renders the operator's resources as for a cluster that runs the operator", () => {
  const kps = rendered!.find((r) => r.chart === 'kube-prometheus-stack')!;
  expect(kps.objects.some((o) => o.kind === 'Prometheus')).toBe(true);
  // a chart template that checks .Capabilities for monitoring.coreos.com/v1 renders its ServiceMonitor
  expect(kps.objects.some((o) => o.kind === 'ServiceMonitor')).toBe(true);
});

(sharedChartsPresent('the chart dependency checks') ? test : test.skip)('a chart is rendered from a copy listing only the dependencies that can be rendered: present, from ../shared, or a placeholder when enabled', () => {
  const kps = join(SHARED_CHARTS, 'kube-prometheus-stack-88.5.3');
  const dependencies = (dir: string) => (parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).dependencies as Array<{ name: string }>).map((d) => d.name);
  const on = renderableChart(kps, ['kubeStateMetrics:\n  enabled: true\n']);
  expect(on.notRendered).toEqual(['kube-state-metrics', 'prometheus-node-exporter']);
  // grafana comes from ../shared (same version); the Windows exporter, missing and disabled, is left out
  expect(dependencies(on.dir)).toEqual(['crds', 'kube-state-metrics', 'prometheus-node-exporter', 'grafana']);
  expect(parse(readFileSync(join(on.dir, 'charts', 'grafana', 'Chart.yaml'), 'utf8')).version).toBe('12.11.1');
  const off = renderableChart(kps, ['kubeStateMetrics:\n  enabled: false\nnodeExporter:\n  enabled: false\n']);
  expect([off.notRendered, dependencies(off.dir)]).toEqual([[], ['crds', 'grafana']]);
  // a chart with every dependency present is rendered in place
  const jaeger = join(SHARED_CHARTS, 'jaeger-4.11.1');
  expect(renderableChart(jaeger, [])).toMatchObject({ dir: jaeger, notRendered: [] });
  for (const copy of [on, off]) copy.dispose();
});

withHelm("GIVEN values that trip a chart's own guard (Loki Distributed without a chunks bucket) THEN the render fails", () => {
  const loki = synthesizedExampleReleases().find((r) => r.stack === 'monitoring-prod' && r.chart === 'loki')!;
  const input = { chartDir: join(SHARED_CHARTS, `loki-${loki.version}`), name: loki.name, namespace: loki.namespace };
  const [ok, failed] = renderCharts([
    { ...input, values: loki.values },
    // a later values entry wins, and null deletes: as Terraform passes a second `values` item
    { ...input, values: [...loki.values, 'loki:\n  storage:\n    bucketNames:\n      chunks: null\n'] },
  ]);
  expect(ok.status).toBe(0);
  expect(failed.status).not.toBe(0);
  expect(failed.stderr).toMatch(/Please define loki.storage.bucketNames.chunks/);
});

test('set blocks become the --set flags the provider would pass; forms it cannot pass faithfully fail loudly', () => {
  expect(setArgs([
    { block: 'set', name: 'a.b', value: '1' },
    { block: 'set_sensitive', name: 'c', value: 'x', type: 'string' },
    { block: 'set', name: 'd', value: 'y', type: 'literal' },
    { block: 'set_list', name: 'e', value: ['p', 'q'] },
  ])).toEqual(['--set', 'a.b=1', '--set-string', 'c=x', '--set-literal', 'd=y', '--set', 'e={p,q}']);
  expect(() => setArgs([{ block: 'set', name: 'a', value: '1', type: 'json' }])).toThrow(/type json is not supported/);
  expect(() => setArgs([{ block: 'set_list', name: 'a', value: ['x,y'] }])).toThrow(/cannot be passed faithfully/);
});

withHelm('the render is cached: a second read returns the same result without rendering', () => {
  const start = Date.now();
  expect(renderedExampleReleases()).toBe(rendered);
  expect(Date.now() - start).toBeLessThan(100);
});
