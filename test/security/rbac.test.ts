import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_CHARTS } from '../support/chart-values';
import { RenderedRelease, renderCharts, renderedExampleReleases } from '../support/rendered-releases';
import { renderedDocuments } from '../support/tools';
import { synthesizedExampleReleases } from '../support/synth';
import { PENDING_ROLE_FIXES } from './pending-fixes';

/*
 * RBAC least privilege, on the rendered Roles and ClusterRoles of every release: none may read
 * Secrets (get, list, watch or * on `secrets` or `*` of the core group, without resourceNames) unless
 * listed here with a reason that docs/security.md gives too, or pending a named fix (./pending-fixes.ts).
 * A rule limited by resourceNames reads only the Secrets it names, which is least privilege.
 */

type Obj = Record<string, any>;

/** Roles that must read Secrets, and why. */
const SECRET_READERS: ReadonlyArray<{ chart: string; kind: 'ClusterRole' | 'Role'; name: string; reason: string }> = [
  {
    chart: 'kube-prometheus-stack', kind: 'ClusterRole', name: 'kube-prometheus-stack-operator',
    reason: 'the operator writes the Secrets it generates for Prometheus (configuration, web config, TLS assets) and reads the Secrets its resources reference (remote-write credentials) in every namespace it watches',
  },
  {
    chart: 'kube-prometheus-stack', kind: 'Role', name: 'kube-prometheus-stack-admission',
    reason: "namespaced: the admission webhook's certificate jobs create and read the webhook's TLS Secret at install and upgrade",
  },
  {
    chart: 'datadog', kind: 'Role', name: 'datadog-cluster-agent-main',
    reason: "namespaced: the Cluster Agent keeps its own token and the admission controller's certificate in Secrets of its namespace",
  },
];

const READ_VERBS = ['get', 'list', 'watch', '*'];

/** Whether a PolicyRule lets its holder read Secrets it does not name. */
function readsSecrets(rule: Obj): boolean {
  const coreGroup = (rule.apiGroups ?? []).some((g: string) => g === '' || g === '*');
  const secrets = (rule.resources ?? []).some((r: string) => r === 'secrets' || r === '*');
  const reads = (rule.verbs ?? []).some((v: string) => READ_VERBS.includes(v));
  return coreGroup && secrets && reads && (rule.resourceNames ?? []).length === 0;
}

/** `chart Kind/name` of every Role and ClusterRole of the releases that reads Secrets. */
function secretReaders(releases: readonly RenderedRelease[]): string[] {
  return releases.flatMap((r) => r.objects
    .filter((o) => (o.kind === 'ClusterRole' || o.kind === 'Role') && (o.rules ?? []).some(readsSecrets))
    .map((o) => `${r.chart} ${o.kind}/${o.metadata.name}`));
}

const allowed = new Set([...SECRET_READERS, ...PENDING_ROLE_FIXES].map((e) => `${e.chart} ${e.kind}/${e.name}`));
const rendered = renderedExampleReleases();

(rendered ? describe : describe.skip)('RBAC: no role reads Secrets unless listed', () => {
  const stacks = [...new Set(rendered!.map((r) => r.stack))];

  test.each(stacks)('%s: every Role and ClusterRole that reads Secrets is a listed exception', (stack) => {
    expect(secretReaders(rendered!.filter((r) => r.stack === stack)).filter((k) => !allowed.has(k))).toEqual([]);
  });

  test('every exception is still needed, has a reason, and docs/security.md says why', () => {
    const found = new Set(secretReaders(rendered!));
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
    for (const e of SECRET_READERS) {
      const k = `${e.chart} ${e.kind}/${e.name}`;
      expect([k, found.has(k), e.reason.length > 40, docs.includes(e.name)]).toEqual([k, true, true, true]);
    }
    for (const p of PENDING_ROLE_FIXES) expect([p.name, found.has(`${p.chart} ${p.kind}/${p.name}`)]).toEqual([p.name, true]);
  });

  test('Grafana and Loki read ConfigMaps only', () => {
    const roles = rendered!.filter((r) => r.chart === 'grafana' || r.chart === 'loki').flatMap((r) => r.objects.filter((o) => o.kind === 'ClusterRole'));
    expect(roles.length).toBe(6);
    for (const role of roles) expect([role.metadata.name, role.rules]).toEqual([role.metadata.name, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }]]);
  });
});

describe('the check catches roles that read Secrets (negative cases)', () => {
  const release = (rules: Obj[], kind = 'ClusterRole'): RenderedRelease =>
    ({ stack: 's', id: 'x', name: 'x', namespace: 'monitoring', chart: 'c', notRendered: [], objects: [{ kind, metadata: { name: 'r' }, rules }] });

  test.each([
    ['get on secrets', [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get'] }], ['c ClusterRole/r']],
    ['every verb', [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }], ['c ClusterRole/r']],
    ['every resource of every group', [{ apiGroups: ['*'], resources: ['*'], verbs: ['list'] }], ['c ClusterRole/r']],
    ['secrets it names only', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['one'], verbs: ['get'] }], []],
    ['writes without reads', [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }], []],
    ['every resource of another group', [{ apiGroups: ['datadoghq.com'], resources: ['*'], verbs: ['list'] }], []],
  ])('%s', (_what, rules, expected) => {
    expect(secretReaders([release(rules)])).toEqual(expected);
  });

  (rendered ? test : test.skip)("the charts' own RBAC (without our values) reads every Secret: Grafana's and Loki's ClusterRoles", () => {
    const prod = synthesizedExampleReleases().filter((r) => r.stack === 'monitoring-prod' && (r.chart === 'grafana' || r.chart === 'loki'));
    const undo = { grafana: 'rbac:\n  useExistingClusterRole: null\nextraObjects: []\n', loki: 'rbac:\n  useExistingRole: null\nextraObjects: null\n' } as Record<string, string>;
    const results = renderCharts(prod.map((r) => ({ chartDir: join(SHARED_CHARTS, `${r.chart}-${r.version}`), values: [...r.values, undo[r.chart]], name: r.name, namespace: r.namespace })));
    const readers = results.flatMap((res, i) => {
      expect(res.status).toBe(0);
      return secretReaders([{ ...rendered![0], chart: prod[i].chart, objects: renderedDocuments(res.stdout) as Obj[] }]);
    });
    expect(readers).toEqual(['grafana ClusterRole/grafana-clusterrole', 'loki ClusterRole/loki-clusterrole']);
  });
});
