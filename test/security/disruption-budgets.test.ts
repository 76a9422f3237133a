import { selects } from '../support/label-selectors';
import { PodTemplate, podTemplates } from '../support/pod-templates';
import { RenderedRelease, renderedExampleReleases } from '../support/rendered-releases';
import { resourcesOfType, synthesizedExampleStacks } from '../support/synth';

/*
 * PodDisruptionBudgets (docs/security.md), checked against the pods the charts render: every budget
 * the stack creates (kubernetes_pod_disruption_budget_v1 resources, and the charts' own from values)
 * selects a real pod; every pod that runs more than one replica has a budget; no budget forbids every
 * eviction (it would block node drains).
 */

type Obj = Record<string, any>;

/** A budget in one form: the Terraform resource's snake_case, or a rendered object. */
interface Budget {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Obj;
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

function budgetsOf(json: Obj, releases: readonly RenderedRelease[]): Budget[] {
  const fromTerraform = Object.values<Obj>(resourcesOfType(json, 'kubernetes_pod_disruption_budget_v1')).map((b) => ({
    name: b.metadata.name, namespace: b.metadata.namespace, selector: b.spec.selector ?? {}, minAvailable: b.spec.min_available, maxUnavailable: b.spec.max_unavailable,
  }));
  const fromCharts = releases.flatMap((r) => r.objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => ({
    name: o.metadata.name, namespace: o.metadata.namespace ?? r.namespace, selector: o.spec.selector ?? {}, minAvailable: o.spec.minAvailable, maxUnavailable: o.spec.maxUnavailable,
  })));
  return [...fromTerraform, ...fromCharts];
}

const podsOf = (releases: readonly RenderedRelease[]): PodTemplate[] => releases.flatMap((r) => podTemplates(r));
const selected = (b: Budget, pods: readonly PodTemplate[]) => pods.filter((p) => p.namespace === b.namespace && selects(b.selector, p.labels));
const integer = (v: number | string | undefined) => (v === undefined || String(v).endsWith('%') ? undefined : Number(v));

/** What is wrong with the budgets of one stack's render. */
function budgetErrors(json: Obj, releases: readonly RenderedRelease[]): string[] {
  const budgets = budgetsOf(json, releases);
  const pods = podsOf(releases);
  const out: string[] = [];
  for (const b of budgets) {
    const its = selected(b, pods);
    if (its.length === 0) out.push(`budget ${b.name} selects no rendered pod`);
    if (b.minAvailable === undefined && b.maxUnavailable === undefined) out.push(`budget ${b.name} sets neither minAvailable nor maxUnavailable`);
    const replicas = its.reduce((n, p) => n + (p.replicas ?? 0), 0);
    const min = integer(b.minAvailable);
    if (integer(b.maxUnavailable) === 0 || (min !== undefined && its.length > 0 && min >= replicas)) out.push(`budget ${b.name} allows no eviction of its ${replicas} pods`);
  }
  for (const p of pods.filter((pod) => (pod.replicas ?? 1) > 1)) {
    if (!budgets.some((b) => selected(b, [p]).length > 0)) out.push(`${p.owner} runs ${p.replicas} replicas without a PodDisruptionBudget`);
  }
  return out;
}

const rendered = renderedExampleReleases();
const stacks = synthesizedExampleStacks();
const releasesOf = (stack: string) => (rendered ?? []).filter((r) => r.stack === stack);

(rendered ? describe : describe.skip)('PodDisruptionBudgets', () => {
  test.each(stacks.map((s) => [s.stack.environment.name, s] as const))('%s: every budget selects rendered pods and allows evictions; every replicated pod has one', (_name, { stack, json }) => {
    expect(budgetErrors(json, releasesOf(stack.node.id))).toEqual([]);
  });

  test('prod runs every replicated component with more than one replica, so the check is not vacuous', () => {
    const prod = stacks.find((s) => s.stack.environment.name === 'prod')!;
    const replicated = podsOf(releasesOf(prod.stack.node.id)).filter((p) => (p.replicas ?? 1) > 1).map((p) => p.owner).sort();
    expect(replicated).toEqual([
      'Deployment/datadog-cluster-agent', 'Deployment/grafana', 'Deployment/jaeger', 'Deployment/loki-distributor', 'Deployment/loki-gateway', 'Deployment/loki-querier',
      'Deployment/loki-query-frontend', 'Deployment/loki-query-scheduler', 'Deployment/otel-collector', 'Prometheus/kube-prometheus-stack-prometheus',
      'StatefulSet/alertmanager', 'StatefulSet/loki-index-gateway', 'StatefulSet/loki-ingester',
    ]);
    expect(Object.values(resourcesOfType(prod.json, 'kubernetes_pod_disruption_budget_v1')).map((b: Obj) => b.metadata.name).sort()).toEqual(['jaeger', 'otel-collector']);
  });

  describe('the check catches mistakes (negative cases)', () => {
    const prod = stacks.find((s) => s.stack.environment.name === 'prod')!;
    const releases = releasesOf(prod.stack.node.id);
    const withoutChartBudget = (name: string) => releases.map((r) => ({ ...r, objects: r.objects.filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === name)) }));
    const editedJson = (edit: (budgets: Record<string, Obj>) => void) => {
      const json = structuredClone(prod.json);
      edit(json.resource.kubernetes_pod_disruption_budget_v1);
      return json;
    };

    test('a replicated component without its budget (from chart values, or a Terraform resource)', () => {
      expect(budgetErrors(prod.json, withoutChartBudget('grafana'))).toEqual(['Deployment/grafana runs 2 replicas without a PodDisruptionBudget']);
      expect(budgetErrors(editedJson((b) => { for (const id of Object.keys(b)) delete b[id]; }), releases))
        .toEqual(['Deployment/jaeger runs 2 replicas without a PodDisruptionBudget', 'Deployment/otel-collector runs 2 replicas without a PodDisruptionBudget']);
    });

    test('a budget that selects no pod, and one that allows no eviction', () => {
      const jaeger = (b: Record<string, Obj>) => Object.values(b).find((x) => x.metadata.name === 'jaeger')!;
      expect(budgetErrors(editedJson((b) => (jaeger(b).spec.selector.match_labels['app.kubernetes.io/component'] = 'query')), releases))
        .toEqual(['budget jaeger selects no rendered pod', 'Deployment/jaeger runs 2 replicas without a PodDisruptionBudget']);
      expect(budgetErrors(editedJson((b) => {
        delete jaeger(b).spec.max_unavailable;
        jaeger(b).spec.min_available = '2';
      }), releases)).toEqual(['budget jaeger allows no eviction of its 2 pods']);
    });
  });
});
