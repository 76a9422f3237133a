import { parse } from 'yaml';
import { HELM_TPL_OPEN_BRACES } from '../../lib/grafana/grafana-escape';
import { synthesizedExampleReleases } from '../support/synth';
import { describeWithTool, helmTpl } from '../support/tools';

/**
 * The values each pinned chart renders through Helm `tpl`, where `{{` would start a template action:
 * grafana 12.11.1 `datasources` (templates/_config.tpl) and `grafana.ini`; loki 18.11.0 the sections that
 * its `loki.config` template passes through `tpl` (in its values.yaml); opentelemetry-collector 0.170.0
 * `config` ("Supports templating", its values.yaml) and `alternateConfig`, which replaces it (ours) and is
 * checked the same way; fluent-bit 0.58.1 the `config` sections (its
 * default `config.service` holds `{{ .Values.flush }}`).
 */
const TEMPLATED_VALUES: Record<string, string[][]> = {
  grafana: [['datasources', 'datasources.yaml'], ['grafana.ini']],
  loki: ['pattern_ingester', 'ingester', 'ingester_client', 'block_builder', 'limits_config', 'query_range', 'storage_config', 'query_scheduler', 'compactor', 'compactor_grpc_client', 'analytics', 'querier', 'index_gateway', 'frontend', 'frontend_worker', 'distributor', 'bloom_build', 'bloom_gateway', 'operational_config'].map((section) => ['loki', section]),
  'opentelemetry-collector': [['config'], ['alternateConfig']],
  'fluent-bit': [['config']],
};

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<any>((node, key) => (node === undefined || node === null ? undefined : node[key]), value);
}

/** What the program means by a value: our escape of `{{` (grafana) undone, which is what tpl should leave. */
function meant(value: unknown): unknown {
  if (typeof value === 'string') return value.split(HELM_TPL_OPEN_BRACES).join('{{');
  if (Array.isArray(value)) return value.map(meant);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, meant(v)]));
  return value;
}

describeWithTool('helm', 'values that charts render through Helm tpl', () => {
  const releases = synthesizedExampleReleases().filter((release) => release.chart in TEMPLATED_VALUES);

  test('GIVEN every example environment THEN helm tpl leaves each templated value as the program meant it', () => {
    const checked = new Set<string>();
    for (const release of releases) {
      const [text] = release.values;
      for (const path of TEMPLATED_VALUES[release.chart]) {
        const given = at(parse(text), path);
        if (given === undefined) continue;
        const rendered = helmTpl(text, path);
        expect([release.stack, release.name, path, rendered.status, rendered.output.slice(0, 300)]).toEqual([release.stack, release.name, path, 0, expect.any(String)]);
        expect([release.stack, release.name, path, rendered.value]).toEqual([release.stack, release.name, path, meant(given)]);
        checked.add(`${release.chart} ${path.join('.')}`);
      }
    }
    expect([...checked].sort()).toEqual(expect.arrayContaining([
      'fluent-bit config', 'grafana datasources.datasources.yaml', 'grafana grafana.ini', 'loki loki.compactor', 'loki loki.limits_config', 'opentelemetry-collector alternateConfig',
    ]));
  });

  test('GIVEN a templated value with an unescaped {{ }} THEN the check above sees helm change it', () => {
    const rendered = helmTpl('loki:\n  limits_config:\n    note: "{{ print \\"x\\" }}"\n', ['loki', 'limits_config']);
    expect(rendered.status).toBe(0);
    expect(rendered.value).toEqual({ note: 'x' });
    expect(rendered.value).not.toEqual(meant({ note: '{{ print "x" }}' }));
  });
});
