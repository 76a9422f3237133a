import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Charts } from '../../lib';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { synthesizedExampleReleases } from '../support/synth';
import { describeWithTool, helmTemplate, renderedDocuments } from '../support/tools';

// A chart whose one template prints `.Values` as JSON: what helm parsed from a values text, before any
// chart sees it. Every chart of the stack (kube-prometheus-stack, grafana, loki, ...) reads its values
// through this same parse.
const ECHO_CHART = join(__dirname, '..', 'fixtures', 'values-echo-chart');

function valuesAsHelmReadsThem(valuesText: string): { status: number | null; values: unknown; output: string } {
  const result = helmTemplate(ECHO_CHART, valuesText);
  return { status: result.status, values: result.status === 0 ? renderedDocuments(result.output)[0] : undefined, output: result.output };
}

/**
 * A chart that stands in for a pinned chart when helm validates values: its name and version, its
 * values.yaml (the defaults helm merges ours into) and its values.schema.json from ../shared/charts, no
 * templates. Built in a temporary folder at test time; undefined when the chart has no schema.
 */
function schemaOnlyChart(chart: string, version: string): string | undefined {
  const source = join(SHARED_CHARTS, `${chart}-${version}`);
  if (!existsSync(join(source, 'values.schema.json'))) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `${chart}-schema-`));
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${chart}\nversion: ${version}\n`);
  copyFileSync(join(source, 'values.yaml'), join(dir, 'values.yaml'));
  copyFileSync(join(source, 'values.schema.json'), join(dir, 'values.schema.json'));
  mkdirSync(join(dir, 'templates'));
  return dir;
}

describeWithTool('helm', 'chart values, as helm reads them', () => {
  const releases = synthesizedExampleReleases();

  test('GIVEN every helm_release of every example environment THEN helm reads its values exactly as the program meant them', () => {
    const charts = new Set<string>();
    for (const release of releases) {
      for (const text of release.values) {
        const read = valuesAsHelmReadsThem(text);
        expect([release.stack, release.name, read.status, read.output.slice(0, 300)]).toEqual([release.stack, release.name, 0, expect.any(String)]);
        expect([release.stack, release.name, read.values]).toEqual([release.stack, release.name, parse(text)]);
      }
      charts.add(release.chart.startsWith('assets/') ? 'manifests' : release.chart);
    }
    expect([...charts].sort()).toEqual(['alertmanager', 'datadog', 'fluent-bit', 'grafana', 'jaeger', 'kube-prometheus-stack', 'loki', 'manifests', 'opentelemetry-collector', 'prometheus-blackbox-exporter']);
  });

  test('GIVEN a plain `on: yes` THEN the echo shows helm reading booleans (so the comparison above can fail)', () => {
    expect(valuesAsHelmReadsThem('flags:\n  on: yes\n  count: 1_000\n').values).toEqual({ flags: { true: true, count: 1000 } });
  });

  const sharedPresent = sharedChartsPresent("helm's schema validation of the chart values");

  (sharedPresent ? test : test.skip)('GIVEN every release whose pinned chart has a values.schema.json THEN helm validates our values merged into its defaults', () => {
    const validated = new Set<string>();
    for (const release of releases) {
      const pinned = Object.values(Charts).find((chart) => chart.chart === release.chart);
      const chartDir = pinned && schemaOnlyChart(pinned.chart, pinned.version);
      if (!chartDir) continue;
      const result = helmTemplate(chartDir, release.values[0], release.name, release.namespace);
      expect([release.stack, release.name, result.status, result.status === 0 ? '' : result.output]).toEqual([release.stack, release.name, 0, '']);
      validated.add(release.chart);
    }
    expect([...validated].sort()).toEqual(['alertmanager', 'datadog', 'loki', 'opentelemetry-collector']);
  });

  (sharedPresent ? test : test.skip)('GIVEN values against the schema THEN helm refuses them (so the check above can fail)', () => {
    const chartDir = schemaOnlyChart(Charts.loki.chart, Charts.loki.version)!;
    const result = helmTemplate(chartDir, 'deploymentMode: 3\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/values don't meet the specifications of the schema/);
    expect(result.output).toMatch(/deploymentMode/);
  });
});
