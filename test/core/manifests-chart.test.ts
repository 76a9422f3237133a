import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { renderChartValues, renderChartValuesAsJson } from '../../lib/core/chart-release';
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

  test('every environment delivers its rule packs and its other objects through the chart', () => {
    const names = (stack: string) => releases.filter((r) => r.stack === stack).map((r) => r.name);
    expect(names('monitoring-prod')).toEqual(expect.arrayContaining(['kube-prometheus-stack-rules-slo', 'loki-rules-log-queries', 'jaeger-sampling']));
    expect(releases.length).toBeGreaterThanOrEqual(20);
    for (const release of releases) expect([release.name, release.values.length]).toEqual([release.name, 1]);
  });

  test('helm lint accepts the chart as synthesized', () => {
    const result = runTool('helm', ['lint', releases[0].chartDir, '--strict']);
    expect(result.output).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(result.status).toBe(0);
  });

  test('GIVEN each release WHEN helm renders it THEN the output is exactly the objects in its values, numbers and strings unchanged', () => {
    for (const release of releases) {
      const given = strictParse(release.values[0]).manifests as unknown[];
      const result = helmTemplate(release.chartDir, release.values[0], release.name, release.namespace);
      expect([release.stack, release.name, result.status]).toEqual([release.stack, release.name, 0]);
      expect([release.stack, release.name, strictParseAll(result.output)]).toEqual([release.stack, release.name, given]);
    }
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
    let checked = 0;
    for (const release of releases.filter((r) => r.name.includes('-rules-'))) {
      const output = helmTemplate(release.chartDir, release.values[0], release.name, release.namespace).output;
      for (const doc of renderedDocuments(output) as any[]) {
        if (doc?.kind !== 'PrometheusRule') continue;
        const verdict = promtoolCheckRules(stringify({ groups: doc.spec.groups }));
        expect([release.stack, release.name, verdict.output, verdict.status]).toEqual([release.stack, release.name, expect.stringContaining('SUCCESS'), 0]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
