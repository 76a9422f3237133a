import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { DatasourceType, Prometheus, hasTerraformTemplate, toYaml, unescapeTerraformTemplate } from '../../lib';
import { Grafana, escapeDatasourceString, escapeGrafanaProvisioning, escapeHelmTpl } from '../../lib/grafana';
import { synthJson } from '../support/synth';
import { alertmanager, fakeDatasource, jaeger, loki } from './fixtures';
import { emulateGrafanaInterpolation, emulateHelmTpl, interpolateDeep } from './layer-emulation';

const TRICKY = 'url ${__value.raw} tags {$__tags} env $HOME braces {{ $labels.x }} dollars $$ end';

/** From Terraform JSON to what Grafana finally holds: the inverse of each layer, in order. */
function grafanaView(terraformValues: string): Record<string, any> {
  const values = parse(unescapeTerraformTemplate(terraformValues)); // (a) Terraform
  const rendered = emulateHelmTpl(toYaml(values.datasources['datasources.yaml'])); // (b) Helm tpl over toYaml, as the chart does
  return interpolateDeep(parse(rendered), { HOME: '/home/grafana' }); // (c) Grafana's env expansion
}

describe('the three escaping layers', () => {
  test('GIVEN the emulations THEN they bite on unescaped text (so passing tests mean something)', () => {
    expect(emulateGrafanaInterpolation('${__value.raw}')).toBe('');
    expect(emulateGrafanaInterpolation('{$__tags}')).toBe('{}');
    expect(emulateGrafanaInterpolation('a $$HOME b', { HOME: 'x' })).toBe('a $HOME b');
    expect(emulateGrafanaInterpolation('$__env{PW}', { PW: 'p' })).toBe('p');
    expect(() => emulateHelmTpl('{{ $labels.x }}')).toThrow(/would evaluate/);
    expect(unescapeTerraformTemplate('$$${x}')).toBe('$${x}');
  });

  test('each helper undoes exactly its layer', () => {
    expect(escapeGrafanaProvisioning('${__value.raw}')).toBe('$${__value.raw}');
    expect(emulateGrafanaInterpolation(escapeGrafanaProvisioning(TRICKY), { HOME: 'x' })).toBe(TRICKY);
    expect(escapeHelmTpl('{{ a }}')).toBe('{{ "{{" }} a }}');
    expect(emulateHelmTpl(escapeHelmTpl(TRICKY))).toBe(TRICKY);
    expect(emulateGrafanaInterpolation(emulateHelmTpl(escapeDatasourceString(TRICKY)), { HOME: 'x' })).toBe(TRICKY);
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
