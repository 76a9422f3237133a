import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Charts, HelmChartRef, MonitoringStack } from '../../lib';
import { ChartValuesOverride, chartValuesOverridesOf } from '../../lib/core/chart-values-override';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { toYaml } from '../../lib/core/yaml';
import { SHARED_CHARTS, chartDefaults, sharedChartsPresent, unknownChartKeys } from '../support/chart-values';
import { renderCharts } from '../support/rendered-releases';
import { ReleaseSet, synthJson, synthesizedExampleStacks } from '../support/synth';
import { findTool, renderedDocuments } from '../support/tools';
import { EXTENDED, OVERRIDES } from './overrides-fixture';

/*
 * Chart-values overrides against the real pinned charts (../shared/charts). The package does not ship
 * the charts, so synth cannot read their values.schema.json or values.yaml: synth refuses what it can
 * judge alone (non-YAML values, tokens, credentials), and these tests check the rest (docs/extending.md):
 * - every override of the test environment reaches the objects `helm template` renders, with the
 *   chart's values.schema.json enforced by helm where the chart has one;
 * - every override's key paths exist in the chart's values.yaml (the chart would ignore a misspelt key
 *   silently where it has no schema), for these overrides and for every override the example stacks use;
 * - a bad override is refused: by the schema (helm) where the chart has one, by the key check where not.
 */

type Obj = Record<string, any>;
const NS = 'monitoring';
const OWNER_KEY = 'example.com/owner';
/** Keys the chart takes as free-form content, not listed in values.yaml: grafana.ini becomes grafana's ini file. */
const FREE_FORM: Readonly<Record<string, readonly string[]>> = { grafana: ['grafana.ini'] };

const ready = sharedChartsPresent('the chart-values override renders') && findTool('helm') !== undefined;
const maybe = ready ? describe : describe.skip;

function sets(release: Obj): ReleaseSet[] {
  return (['set', 'set_list', 'set_sensitive'] as const).flatMap((block) => ((release[block] ?? []) as Obj[]).map((entry) => ({
    block, name: unescapeTerraformTemplate(entry.name),
    value: Array.isArray(entry.value) ? entry.value.map(unescapeTerraformTemplate) : unescapeTerraformTemplate(String(entry.value)),
    ...(entry.type ? { type: entry.type } : {}),
  })));
}

const chartDir = (chart: HelmChartRef) => join(SHARED_CHARTS, `${chart.chart}-${chart.version}`);

const podAnnotation = (kind: string) => (objects: Obj[]) =>
  objects.filter((o) => o.kind === kind).map((o) => o.spec?.template?.metadata?.annotations?.[OWNER_KEY]);

/** Per component: what the override changes in the rendered objects (each should be `'sre'`/`debug`-ish). */
const EFFECTS: Record<keyof typeof OVERRIDES, (objects: Obj[]) => unknown[]> = {
  prometheus: (objects) => objects.filter((o) => o.kind === 'Prometheus').map((o) => o.spec.logLevel),
  alertmanager: podAnnotation('StatefulSet'),
  grafana: (objects) => objects.filter((o) => o.kind === 'ConfigMap' && typeof o.data?.['grafana.ini'] === 'string')
    .map((o) => (/\[log\][^[]*level = debug/.test(o.data['grafana.ini']) ? 'debug' : o.data['grafana.ini'])),
  loki: (objects) => objects.filter((o) => (o.kind === 'ConfigMap' || o.kind === 'Secret') && o.metadata.name === 'loki')
    .map((o) => JSON.stringify(o.data ?? o.stringData ?? {}).match(/log_level: (\w+)/)?.[1]),
  logShipper: podAnnotation('DaemonSet'),
  jaeger: (objects) => objects.filter((o) => o.kind === 'Service' && o.metadata.annotations?.[OWNER_KEY] !== undefined).map((o) => o.metadata.annotations[OWNER_KEY]),
  otelCollector: podAnnotation('Deployment'),
  datadog: (objects) => objects.filter((o) => o.kind === 'DaemonSet').flatMap((o) => o.spec.template.spec.containers)
    .filter((c: Obj) => c.name === 'agent').map((c: Obj) => c.env.find((e: Obj) => e.name === 'DD_LOG_LEVEL')?.value),
  blackboxExporter: podAnnotation('Deployment'),
};
const EXPECTED: Record<keyof typeof OVERRIDES, unknown> = {
  prometheus: 'debug', alertmanager: 'sre', grafana: 'debug', loki: 'debug', logShipper: 'sre', jaeger: 'sre', otelCollector: 'sre', datadog: 'DEBUG', blackboxExporter: 'sre',
};

maybe('chart-values overrides rendered by the real charts', () => {
  const stack = new MonitoringStack(Testing.app(), EXTENDED);
  const json = synthJson(stack);
  const components = {
    prometheus: stack.prometheus!, alertmanager: stack.alertmanager!, grafana: stack.grafana!, loki: stack.loki!, logShipper: stack.logShipper!,
    jaeger: stack.jaeger!, otelCollector: stack.otelCollector!, datadog: stack.datadog!, blackboxExporter: stack.blackboxExporter!,
  };
  const keys = Object.keys(components) as Array<keyof typeof components>;
  const releases = keys.map((key) => json.resource.helm_release[stack.getLogicalId(components[key].release)] as Obj);
  const renders = renderCharts(releases.map((r) => ({
    chartDir: join(SHARED_CHARTS, `${r.chart}-${r.version}`), values: r.values.map(unescapeTerraformTemplate), sets: sets(r), name: r.name, namespace: NS,
  })));

  test.each(keys.map((key, i) => [key, i] as const))('chartValues.%s reaches the rendered objects', (key, i) => {
    const render = renders[i];
    expect(render.stderr.match(/Error:.*/)?.[0] ?? '').toBe('');
    expect(render.status).toBe(0);
    const found = EFFECTS[key](renderedDocuments(render.stdout) as Obj[]);
    expect(found.length).toBeGreaterThan(0);
    for (const value of found) expect(value).toBe(EXPECTED[key]);
  });

  test.each(keys.map((key) => [key, releases[keys.indexOf(key)]] as const))('the key paths of chartValues.%s exist in the chart\'s values.yaml', (key, release) => {
    const defaults = chartDefaults({ chart: release.chart, version: release.version, repository: '' })!;
    expect(unknownChartKeys(OVERRIDES[key] as Obj, defaults, FREE_FORM[key] ?? [])).toEqual([]);
  });
});

maybe('a bad override is refused or flagged', () => {
  /** helm template of `chart` with the values a construct would render, the override merged last. */
  function renderWith(chart: HelmChartRef, override: ChartValuesOverride) {
    return renderCharts([{ chartDir: chartDir(chart), values: [toYaml(override as Obj)], name: 'bad', namespace: NS }])[0];
  }

  test('a misspelt top-level key is refused by the schema of a chart that has one (opentelemetry-collector)', () => {
    const result = renderWith(Charts.openTelemetryCollector, { mode: 'deployment', image: { repository: 'x' }, podAnnotationz: { a: 'b' } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/podAnnotationz/);
    // the right key renders
    expect(renderWith(Charts.openTelemetryCollector, { mode: 'deployment', image: { repository: 'x' }, podAnnotations: { a: 'b' } }).status).toBe(0);
  });

  test('a value of the wrong type is refused by the schema (alertmanager replicaCount)', () => {
    const result = renderWith(Charts.alertmanager, { replicaCount: 'three' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/replicaCount/);
  });

  test('a misspelt key of a chart without a schema (kube-prometheus-stack) is flagged by the values.yaml check', () => {
    const defaults = chartDefaults(Charts.kubePrometheusStack)!;
    expect(unknownChartKeys({ prometheus: { prometheusSpec: { logLevl: 'debug' } } }, defaults)).toEqual(['prometheus.prometheusSpec.logLevl']);
    expect(unknownChartKeys({ prometheus: { prometheusSpec: { logLevel: 'debug' } } }, defaults)).toEqual([]);
  });
});

maybe('the example stacks (stacks/)', () => {
  test('every chart-values override they use names keys the chart has (their releases are rendered, schema included, by test/security and test/prometheus)', () => {
    const problems: string[] = [];
    for (const { stack } of synthesizedExampleStacks()) {
      for (const record of chartValuesOverridesOf(stack)) {
        const defaults = chartDefaults(record.chart);
        if (!defaults) continue;
        const free = record.chart.chart === 'grafana' ? FREE_FORM.grafana : [];
        for (const path of unknownChartKeys(record.values as Obj, defaults, free)) problems.push(`${record.constructPath}: ${path}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
