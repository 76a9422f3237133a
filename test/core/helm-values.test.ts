import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { synthesizedExampleReleases } from '../support/synth';
import { describeWithTool, helmTemplate } from '../support/tools';

// A chart whose one template prints `.Values` as JSON: what helm parsed from a values text, before any
// chart sees it. Every chart of the stack (kube-prometheus-stack, grafana, loki, ...) reads its values
// through this same parse.
const ECHO_CHART = join(__dirname, '..', 'fixtures', 'values-echo-chart');

function valuesAsHelmReadsThem(valuesText: string): { status: number | null; values: unknown; output: string } {
  const result = helmTemplate(ECHO_CHART, valuesText);
  const docs = result.status === 0 ? parseAllDocuments(result.output).map((doc) => doc.toJS()).filter((doc) => doc !== null) : [];
  return { status: result.status, values: docs[0], output: result.output };
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
    expect([...charts].sort()).toEqual(['alertmanager', 'datadog', 'fluent-bit', 'grafana', 'jaeger', 'kube-prometheus-stack', 'loki', 'manifests', 'opentelemetry-collector']);
  });

  test('GIVEN a plain `on: yes` THEN the echo shows helm reading booleans (so the comparison above can fail)', () => {
    expect(valuesAsHelmReadsThem('flags:\n  on: yes\n  count: 1_000\n').values).toEqual({ flags: { true: true, count: 1000 } });
  });
});
