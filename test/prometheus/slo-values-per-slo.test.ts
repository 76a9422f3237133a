import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Prometheus, ServiceHealthRules, ServiceLevelObjective, Sli, SloRulePack } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { renderCharts } from '../support/rendered-releases';
import { describeWithTool, renderedDocuments } from '../support/tools';

/*
 * Plan size: an SLO pack is one release with one values entry (one PrometheusRule) per SLO, so editing
 * one SLO changes one small values entry in the Terraform JSON, not the whole pack's text.
 */

const SERVICES = ['checkout', 'search', 'payments'];

/** The Terraform JSON of a stack with three SLOs (one pack) and a health pack; `objectives` per service. */
function synth(objectives: Record<string, number> = {}): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
  prometheus.addRules(new SloRulePack('slo', SERVICES.map((service) => new ServiceLevelObjective({
    service, name: 'availability', objectivePercent: objectives[service] ?? 99.9, team: 'shop',
    sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector: { service }, errorSelector: { code: /5../ } }),
  }))));
  prometheus.addRules(ServiceHealthRules.forServices({ name: 'health', team: 'shop', selector: { service: 'checkout' }, runbookBaseUrl: 'https://runbooks.example.com' }));
  return JSON.parse(Testing.synth(stack));
}

/** Every string leaf of the JSON with its path (values entries one by one). */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, p: string) => {
    if (v !== null && typeof v === 'object') for (const [k, child] of Object.entries(v)) walk(child, `${p}/${k}`);
    else out.set(p, v);
  };
  walk(value, path);
  return out;
}

function changedPaths(before: Record<string, any>, after: Record<string, any>): string[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path)).sort();
}

const sloRelease = (json: Record<string, any>) => Object.entries(json.resource.helm_release as Record<string, any>).find(([, r]) => r.name === 'kube-prometheus-stack-rules-slo')!;

describe('one SLO changed is one small change in the Terraform JSON', () => {
  const base = synth();

  test('the SLO pack release has one values entry per SLO, each one PrometheusRule of that SLO\'s group', () => {
    const [, release] = sloRelease(base);
    expect(release.values).toHaveLength(SERVICES.length);
    release.values.forEach((text: string, i: number) => {
      const manifests = parse(unescapeTerraformTemplate(text)).manifests as Record<string, any>;
      const [key] = Object.keys(manifests);
      expect(Object.keys(manifests)).toEqual([`slo-${SERVICES[i]}-availability`]);
      expect(manifests[key].metadata.name).toBe(`kube-prometheus-stack-slo-${SERVICES[i]}-availability`);
      expect(manifests[key].spec.groups.map((g: { name: string }) => g.name)).toEqual([`slo-${SERVICES[i]}-availability`]);
      // each entry is a fraction of the pack
      expect(text.length).toBeLessThan(release.values.join('').length / 2);
    });
  });

  test.each(SERVICES.map((service, index) => [service, index]))('changing the objective of %s changes its values entry and nothing else', (service, index) => {
    const after = synth({ [service]: 99.5 });
    const [id] = sloRelease(base);
    expect(changedPaths(base, after)).toEqual([`/resource/helm_release/${id}/values/${index}`]);
  });

  test('a pack that is not an SLO pack stays one PrometheusRule in one values entry', () => {
    const health = Object.values(base.resource.helm_release as Record<string, any>).find((r) => r.name === 'kube-prometheus-stack-rules-health')!;
    expect(health.values).toHaveLength(1);
    expect(parse(unescapeTerraformTemplate(health.values[0])).manifests).toHaveLength(1);
  });
});

describeWithTool('helm', 'the per-SLO values entries as helm merges them', () => {
  test('helm renders one PrometheusRule per SLO, together holding every group of the pack', () => {
    const [, release] = sloRelease(synth());
    const [result] = renderCharts([{
      chartDir: join(__dirname, '..', '..', 'charts', 'manifests'),
      values: release.values.map(unescapeTerraformTemplate),
      name: release.name,
      namespace: release.namespace,
    }]);
    expect(result.stderr).not.toContain('rror');
    expect(result.status).toBe(0);
    // (helm ranges over the merged map in key order)
    const objects = renderedDocuments(result.stdout) as Array<Record<string, any>>;
    const sorted = [...SERVICES].sort();
    expect(objects.map((o) => [o.kind, o.metadata.name])).toEqual(sorted.map((s) => ['PrometheusRule', `kube-prometheus-stack-slo-${s}-availability`]));
    expect(objects.flatMap((o) => o.spec.groups.map((g: { name: string }) => g.name))).toEqual(sorted.map((s) => `slo-${s}-availability`));
  });
});
