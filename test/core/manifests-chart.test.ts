import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { renderChartValues, renderChartValuesAsJson } from '../../lib/core/chart-release';
import { renderCharts } from '../support/rendered-releases';
import { synthesizedExampleReleases } from '../support/synth';
import { describeWithTool, helmTemplate, promtoolCheckRules, renderedDocuments, runTool } from '../support/tools';

// YAML parsed with integers as BigInt, so that an integer helm turned into a float (or a float into an
// integer) no longer equals what it was given.
const strictParse = (text: string) => parse(text, { intAsBigInt: true });
const strictParseAll = (text: string) => renderedDocuments(text, { intAsBigInt: true });

/**
 * Strings that a YAML 1.1 reader (helm, like every Go program of the stack) takes for booleans, numbers
 * or null when they are written plain, as a YAML 1.2 writer would write them.
 */
const YAML_11_TRAPS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', '~', '1_000', '0o17', '012', '0b101', '0x1F', '1e3', '.5', '+1', '1:20', '.inf', '2024-01-01'];

describeWithTool('helm', 'the manifests chart, as helm renders it from the synthesized releases', () => {
  // Each with the chart copy Terraform hands to helm, under cdktf.out/stacks/<stack>/.
  const releases = synthesizedExampleReleases()
    .filter((release) => release.chart.startsWith('assets/manifests-chart/'))
    .map((release) => ({ ...release, chartDir: join(release.stackDir, release.chart) }));
  // Every release rendered by helm in one batch (all its values entries, as Terraform hands them over).
  let renders: ReturnType<typeof renderCharts> | undefined;
  const rendered = (index: number) => (renders ??= renderCharts(releases.map((r) => ({ chartDir: r.chartDir, values: r.values, name: r.name, namespace: r.namespace }))))[index];
  /** The objects a release's values give the chart: the `manifests` list, or (an SLO pack: one entry per SLO) the merged map in key order. */
  const givenManifests = (values: readonly string[]) => {
    const merged = values.map((text) => strictParse(text).manifests as unknown[] | Record<string, unknown>);
    if (merged.length === 1 && Array.isArray(merged[0])) return merged[0];
    const map = Object.assign({}, ...merged.map((m) => { if (Array.isArray(m)) throw new Error('a list of manifests in one of several values entries'); return m; }));
    return Object.keys(map).sort().map((key) => map[key]);
  };

  test('every environment delivers its rule packs and its other objects through the chart', () => {
    const names = (stack: string) => releases.filter((r) => r.stack === stack).map((r) => r.name);
    expect(names('monitoring-prod')).toEqual(expect.arrayContaining(['kube-prometheus-stack-rules-slo', 'loki-rules-log-queries', 'jaeger-sampling']));
    expect(releases.length).toBeGreaterThanOrEqual(20);
    // One values entry per release, except an SLO pack's: one per SLO (a PrometheusRule each)
    for (const release of releases) expect([release.name, release.values.length]).toEqual([release.name, release.name.endsWith('-rules-slo') ? expect.any(Number) : 1]);
    const slo = releases.find((r) => r.stack === 'monitoring-prod' && r.name === 'kube-prometheus-stack-rules-slo')!;
    expect(slo.values.length).toBeGreaterThan(1);
  });

  test('helm lint accepts the chart as synthesized', () => {
    const result = runTool('helm', ['lint', releases[0].chartDir, '--strict']);
    expect(result.output).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(result.status).toBe(0);
  });

  test('GIVEN each release WHEN helm renders it THEN the output is exactly the objects in its values, numbers and strings unchanged', () => {
    releases.forEach((release, index) => {
      const given = givenManifests(release.values);
      const result = rendered(index);
      expect([release.stack, release.name, result.status]).toEqual([release.stack, release.name, 0]);
      expect([release.stack, release.name, strictParseAll(result.stdout)]).toEqual([release.stack, release.name, given]);
    });
  });

  test.each([
    ['YAML', renderChartValues],
    ['JSON', renderChartValuesAsJson],
  ])('GIVEN keys and values that YAML 1.1 reads as booleans or numbers WHEN written as %s values THEN helm keeps them as the same strings', (_, render) => {
    const trap = Object.fromEntries(YAML_11_TRAPS.map((text) => [text, text]));
    const manifests = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'traps', labels: trap }, data: { ...trap, count: 12345678, ratio: 0.25, enabled: true } }];
    const result = helmTemplate(releases[0].chartDir, render({ manifests }));
    expect(result.status).toBe(0);
    expect(strictParseAll(result.output)).toEqual(strictParse(stringify(manifests)));
  });

  test('GIVEN plain YAML 1.2 output THEN helm misreads it (so the tests above can fail)', () => {
    const plain = stringify({ manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { on: 'yes', count: '1_000' } }] });
    expect(plain).toContain('on: yes');
    const rendered = strictParseAll(helmTemplate(releases[0].chartDir, plain).output) as any[];
    expect(rendered[0].data).toEqual({ true: true, count: 1000n });
  });

  test('GIVEN the PrometheusRules as helm renders them THEN promtool accepts every rule group', () => {
    // One promtool run per stack, over the groups of all its PrometheusRules (group names are unique per
    // Prometheus, so one rule file holds them; a refusal names the group).
    let checked = 0;
    for (const stack of [...new Set(releases.map((r) => r.stack))]) {
      const groups: unknown[] = [];
      releases.forEach((release, index) => {
        if (release.stack !== stack || !release.name.includes('-rules-')) return;
        for (const doc of renderedDocuments(rendered(index).stdout) as any[]) {
          if (doc?.kind !== 'PrometheusRule') continue;
          groups.push(...doc.spec.groups);
          checked++;
        }
      });
      const verdict = promtoolCheckRules(stringify({ groups }));
      expect([stack, verdict.output, verdict.status]).toEqual([stack, expect.stringContaining('SUCCESS'), 0]);
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
