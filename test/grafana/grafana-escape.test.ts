import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { DatasourceType, Prometheus, hasTerraformTemplate, toYaml, unescapeTerraformTemplate } from '../../lib';
import { Grafana, escapeDatasourceString, escapeGrafanaProvisioning, escapeHelmTpl } from '../../lib/grafana';
import { synthJson } from '../support/synth';
import { describeWithTool, helmTemplate } from '../support/tools';
import { alertmanager, fakeDatasource, jaeger, loki } from './fixtures';
import { emulateGrafanaInterpolation, interpolateDeep } from './layer-emulation';

const TRICKY = 'url ${__value.raw} tags {$__tags} env $HOME braces {{ $labels.x }} dollars $$ end';

/** A chart that renders `datasources` as the grafana chart does: Helm `tpl` over `toYaml` of each value. */
const TPL_CHART = join(__dirname, '..', 'fixtures', 'grafana-tpl-chart');

/** Layer (b), by the real helm: the `datasources.yaml` document as the grafana chart renders it. */
function helmRenderedDatasources(valuesYaml: string): { status: number | null; document: any; output: string } {
  const result = helmTemplate(TPL_CHART, valuesYaml);
  const docs = result.status === 0 ? parseAllDocuments(result.output).map((doc) => doc.toJS()).filter((doc) => doc !== null) : [];
  return { status: result.status, document: docs[0], output: result.output };
}

/** Helm's view of one datasource string: the text that `tpl` leaves of it. */
function throughHelmTpl(text: string): string {
  const rendered = helmRenderedDatasources(toYaml({ datasources: { 'datasources.yaml': { note: text } } }));
  expect([rendered.status, rendered.output.slice(0, 300)]).toEqual([0, expect.any(String)]);
  return rendered.document.note;
}

/** From Terraform JSON to what Grafana finally holds: the inverse of each layer, in order. */
function grafanaView(terraformValues: string): Record<string, any> {
  const rendered = helmRenderedDatasources(unescapeTerraformTemplate(terraformValues)); // (a) Terraform, (b) helm
  expect([rendered.status, rendered.output.slice(0, 300)]).toEqual([0, expect.any(String)]);
  return interpolateDeep(rendered.document, { HOME: '/home/grafana' }); // (c) Grafana's env expansion
}

describe('the Grafana layer emulation and the Terraform escape', () => {
  test('GIVEN the emulation of Grafana interpolation THEN it bites on unescaped text (so passing tests mean something)', () => {
    expect(emulateGrafanaInterpolation('${__value.raw}')).toBe('');
    expect(emulateGrafanaInterpolation('{$__tags}')).toBe('{}');
    expect(emulateGrafanaInterpolation('a $$HOME b', { HOME: 'x' })).toBe('a $HOME b');
    expect(emulateGrafanaInterpolation('$__env{PW}', { PW: 'p' })).toBe('p');
    expect(unescapeTerraformTemplate('$$${x}')).toBe('$${x}');
  });

  test('the Grafana provisioning escape undoes exactly its layer', () => {
    expect(escapeGrafanaProvisioning('${__value.raw}')).toBe('$${__value.raw}');
    expect(emulateGrafanaInterpolation(escapeGrafanaProvisioning(TRICKY), { HOME: 'x' })).toBe(TRICKY);
  });
});

describeWithTool('helm', 'the three escaping layers, Helm tpl by the real helm', () => {
  test('GIVEN unescaped {{ }} in a datasource value THEN helm tpl evaluates it (so passing tests mean something)', () => {
    const rendered = helmRenderedDatasources(toYaml({ datasources: { 'datasources.yaml': { note: '{{ $labels.x }}' } } }));
    expect(rendered.status).not.toBe(0);
    expect(rendered.output).toMatch(/undefined variable "\$labels"/);
    expect(throughHelmTpl('{{ "a" }}b')).toBe('ab');
  });

  test('each helper undoes exactly its layer', () => {
    expect(escapeHelmTpl('{{ a }}')).toBe('{{ "{{" }} a }}');
    expect(throughHelmTpl(escapeHelmTpl(TRICKY))).toBe(TRICKY);
    expect(emulateGrafanaInterpolation(throughHelmTpl(escapeDatasourceString(TRICKY)), { HOME: 'x' })).toBe(TRICKY);
  });

  test('GIVEN the correlated datasources WHEN synthesized THEN Grafana ends up with the literal ${__value.raw}, $__tags and {{ }}', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    new Grafana(stack, 'grafana', {
      namespace: 'monitoring', adminSecret: { secretName: 'grafana-admin' },
      datasources: [prometheus, alertmanager(), loki(), jaeger(), fakeDatasource(DatasourceType.PROMETHEUS, { name: 'Tricky', uid: 'tricky', url: 'http://x.svc:9090', jsonData: { note: TRICKY } })],
    });
    const release = Object.values(synthJson(stack).resource.helm_release as Record<string, any>).find((r) => r.chart === 'grafana');
    const raw: string = release.values[0];
    // (a) in Terraform JSON every `${` is escaped…
    expect(hasTerraformTemplate(raw)).toBe(false);
    expect(raw).toContain('url: $$${__value.raw}');
    // …and the final view is exactly what the correlations say.
    const view = grafanaView(raw);
    const byUid = Object.fromEntries(view.datasources.map((d: any) => [d.uid, d]));
    expect(byUid.loki.jsonData.derivedFields).toEqual([
      { name: 'TraceID', matcherRegex: '"trace_id":"(\\w+)"', url: '${__value.raw}', datasourceUid: 'jaeger', urlDisplayLabel: 'View trace' },
    ]);
    expect(byUid.jaeger.jsonData.tracesToMetrics.queries[0].query).toBe('sum(rate(http_requests_total{$__tags}[5m]))');
    expect(byUid.tricky.jsonData.note).toBe(TRICKY);
    expect(byUid.prometheus.jsonData.exemplarTraceIdDestinations).toEqual([{ name: 'trace_id', datasourceUid: 'jaeger', urlDisplayLabel: 'View trace' }]);
  });
});
