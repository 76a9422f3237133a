import { compiledCustomResourceSchemas, KUBERNETES_SCHEMA_VERSION, schemaErrors, shippedCustomResourceKinds, unknownBuiltInFields } from '../support/kubernetes-schema';
import { RenderedRelease, renderedExampleReleases } from '../support/rendered-releases';

/*
 * Every Kubernetes object that the helm_releases of the example environments render (issue 14), with the
 * real pinned charts and the values exactly as Terraform hands them to helm, validates against the
 * Kubernetes 1.33.0 OpenAPI schema (built-in kinds) or the openAPIV3Schema of the CRD shipped in
 * ../shared/charts (custom resources): what the API server would refuse at `cdktf deploy` fails here.
 *
 * Objects the stack creates directly with the Terraform kubernetes provider (the namespace, secrets…)
 * are provider resources, not manifests: the provider's own schema types them, so they are not checked here.
 */

const releases = renderedExampleReleases();

/**
 * `stack release (chart) apiVersion kind namespace/name: error; error` for each object with errors, all
 * releases at once (the unknown fields of built-in kinds take one TypeScript program for the whole batch).
 */
function invalidObjects(rendered: readonly RenderedRelease[]): Array<{ stack: string; problem: string }> {
  const objects = rendered.flatMap((release) => release.objects.map((object) => ({ release, object })));
  const unknown = unknownBuiltInFields(objects.map(({ object }) => object));
  return objects.flatMap(({ release, object }, i) => {
    const errors = [...schemaErrors(object), ...unknown[i]];
    const name = `${object.metadata?.namespace ?? release.namespace}/${object.metadata?.name ?? '?'}`;
    return errors.length === 0 ? [] : [{ stack: release.stack, problem: `${release.stack} ${release.id} (${release.chart}) ${object.apiVersion} ${object.kind} ${name}: ${errors.join('; ')}` }];
  });
}

(releases ? describe : describe.skip)(`rendered objects of every release validate (Kubernetes ${KUBERNETES_SCHEMA_VERSION}, shipped CRDs)`, () => {
  const all = releases ?? [];
  const stacks = [...new Set(all.map((r) => r.stack))].sort();
  let problems: Array<{ stack: string; problem: string }>;
  beforeAll(() => {
    problems = invalidObjects(all);
  });

  test('the three example environments render releases with objects of built-in and custom kinds', () => {
    expect(stacks).toEqual(['monitoring-dev', 'monitoring-prod', 'monitoring-staging']);
    for (const release of all) expect([release.stack, release.id, release.objects.length > 0]).toEqual([release.stack, release.id, true]);
    const kinds = new Set(all.flatMap((r) => r.objects.map((o) => o.kind)));
    for (const kind of ['Deployment', 'StatefulSet', 'Service', 'ConfigMap', 'PrometheusRule', 'ServiceMonitor', 'Prometheus']) expect(kinds).toContain(kind);
  });

  test.each(stacks)('every object that %s renders has no schema errors', (stack) => {
    expect(problems.filter((p) => p.stack === stack).map((p) => p.problem)).toEqual([]);
  });

  test('GIVEN a rendered release with a broken object THEN the report names the stack, release, kind, object and error', () => {
    const release = all.find((r) => r.objects.some((o) => o.kind === 'PrometheusRule'))!;
    const rule = structuredClone(release.objects.find((o) => o.kind === 'PrometheusRule')!) as Record<string, any>;
    rule.spec.groups[0].rules[0].for = 5;
    const statefulSet = structuredClone(all.flatMap((r) => r.objects).find((o) => o.kind === 'StatefulSet')!) as Record<string, any>;
    statefulSet.spec.template.spec.containers[0].imagePullpolicy = 'Always';
    const where = (o: Record<string, any>) => `${release.stack} ${release.id} (${release.chart}) ${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? release.namespace}/${o.metadata.name}: `;
    expect(invalidObjects([{ ...release, objects: [rule, statefulSet] }]).map((p) => p.problem)).toEqual([
      `${where(rule)}/spec/groups/0/rules/0/for: must be string`,
      `${where(statefulSet)}/spec/template/spec/containers/0: unknown field "imagePullpolicy"`,
    ]);
  });

  test('a CRD schema is compiled once for all the objects of its kind, and only for kinds that were rendered', () => {
    const crdGroups = new Set(shippedCustomResourceKinds().map((k) => k.split('/')[0]));
    const rendered = all.flatMap((r) => r.objects).filter((o) => crdGroups.has(String(o.apiVersion).split('/')[0]));
    const renderedKinds = [...new Set(rendered.map((o) => `${o.apiVersion}/${o.kind}`))].sort();
    // beforeAll validated every object.
    expect(rendered.length).toBeGreaterThan(renderedKinds.length);
    expect(compiledCustomResourceSchemas()).toEqual(renderedKinds);
    expect(renderedKinds).toEqual(expect.arrayContaining(['monitoring.coreos.com/v1/Prometheus', 'monitoring.coreos.com/v1/PrometheusRule', 'monitoring.coreos.com/v1/ServiceMonitor']));
  });
});
