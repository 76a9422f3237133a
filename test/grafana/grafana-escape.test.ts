import { TerraformStack, Testing } from 'cdktf';
import { DatasourceType, Prometheus } from '../../lib';
import { hasTerraformTemplate, unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { toYaml } from '../../lib/core/yaml';
import { Grafana } from '../../lib/grafana';
import { escapeDatasourceString, escapeGrafanaProvisioning, escapeHelmTpl } from '../../lib/grafana/grafana-escape';
import { synthJson } from '../support/synth';
import { describeWithTool, helmTpl } from '../support/tools';
import { alertmanager, fakeDatasource, jaeger, loki } from './fixtures';
import { emulateGrafanaInterpolation, interpolateDeep } from './layer-emulation';

const TRICKY = 'url ${__value.raw} tags {$__tags} env $HOME braces {{ $labels.x }} dollars $$ end';

const DATASOURCES = ['datasources', 'datasources.yaml'];

/** Helm's view of one datasource string: the text that the chart's `tpl` leaves of it. */
function throughHelmTpl(text: string): string {
  const rendered = helmTpl(toYaml({ datasources: { 'datasources.yaml': { note: text } } }), DATASOURCES);
  expect([rendered.status, rendered.output.slice(0, 300)]).toEqual([0, expect.any(String)]);
  return (rendered.value as { note: string }).note;
}

/** From Terraform JSON to what Grafana finally holds: the inverse of each layer, in order. */
function grafanaView(terraformValues: string): Record<string, any> {
  const rendered = helmTpl(unescapeTerraformTemplate(terraformValues), DATASOURCES); // (a) Terraform, (b) helm's tpl, as the chart does
  expect([rendered.status, rendered.output.slice(0, 300)]).toEqual([0, expect.any(String)]);
  return interpolateDeep(rendered.value as Record<string, any>, { HOME: '/home/grafana' }); // (c) Grafana's env expansion
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
    const rendered = helmTpl(toYaml({ datasources: { 'datasources.yaml': { note: '{{ $labels.x }}' } } }), DATASOURCES);
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
