import { SAFE_DEFAULT_EXCEPTIONS, SafeDefaultCheck } from '../../lib/security/safe-defaults-exceptions';
import { CheckedPod, Violation, podViolations, unlisted, violationKey } from '../support/container-checks';
import { notRenderedPods } from '../support/not-rendered-subcharts';
import { podTemplates } from '../support/pod-templates';
import { RenderedRelease, renderedExampleReleases } from '../support/rendered-releases';
import { SynthesizedRelease, resourcesOfType, synthesizedExampleReleases, synthesizedExampleStacks } from '../support/synth';
import { PENDING_CONTAINER_FIXES } from './pending-fixes';

/*
 * Safe defaults in every environment (docs/security.md), checked on what helm renders from each
 * release's real chart (test/support/rendered-releases.ts): every container of every pod-bearing
 * object, init containers and sidecars included, and the pods the Prometheus operator builds from
 * the Prometheus / Alertmanager resources (test/support/pod-templates.ts). Containers of subcharts
 * ../shared lacks are checked from the values (test/support/not-rendered-subcharts.ts). Departures
 * must be in the one allowlist, lib/security/safe-defaults-exceptions.ts, or pending a named fix
 * (./pending-fixes.ts).
 */

type Obj = Record<string, any>;

const rendered = renderedExampleReleases();
const stacks = synthesizedExampleStacks();
const synthesized = new Map(synthesizedExampleReleases().map((r) => [`${r.stack}/${r.id}`, r]));
const withHelm = rendered ? test : test.skip;

/** Every pod of a release: rendered, operator-built, or (subcharts not rendered) from the values. */
function podsOf(release: RenderedRelease): CheckedPod[] {
  const values: SynthesizedRelease = synthesized.get(`${release.stack}/${release.id}`)!;
  return [...podTemplates(release), ...notRenderedPods(release, values)];
}

const pending = (v: Violation) => PENDING_CONTAINER_FIXES.some((p) => p.chart === v.chart && p.containers.includes(v.container));
/** What neither the allowlist nor a pending fix covers. */
const unaccepted = (violations: readonly Violation[]) => unlisted(violations).filter((v) => !pending(v)).map((v) => `${violationKey(v)}: ${v.detail}`);

const clusterAgent = (v: Violation) => v.chart === 'datadog' && v.owner?.startsWith('Deployment/') === true;
const releasesOf = (stack: string) => (rendered ?? []).filter((r) => r.stack === stack);
const violationsOf = (stack: string) => releasesOf(stack).flatMap((r) => podsOf(r)).flatMap(podViolations);

/** Departures of pod-bearing kubernetes_* resources (the stack has none; a future one is checked here). */
function kubernetesObjectViolations(json: Obj): Violation[] {
  const out: Violation[] = [];
  for (const [type, resources] of Object.entries<Obj>(json.resource ?? {})) {
    if (!/^kubernetes_(pod|deployment|daemon_?set|stateful_set|replication_controller|job|cron_job)/.test(type)) continue;
    for (const [id, resource] of Object.entries<Obj>(resources)) {
      const podSpec = type.startsWith('kubernetes_pod') ? resource.spec : type.startsWith('kubernetes_cron_job') ? resource.spec?.job_template?.spec?.template?.spec : resource.spec?.template?.spec;
      const pod = podSpec?.security_context ?? {};
      for (const c of [...(podSpec?.container ?? []), ...(podSpec?.init_container ?? [])]) {
        const sc = c.security_context ?? {};
        const fail = (check: SafeDefaultCheck, detail: string) => out.push({ chart: type, container: `${id}/${c.name}`, check, detail });
        if ((sc.run_as_non_root ?? pod.run_as_non_root) !== true) fail('runAsNonRoot', 'run_as_non_root not true');
        if (sc.allow_privilege_escalation !== false) fail('allowPrivilegeEscalation', 'allow_privilege_escalation not false');
        if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail('capabilities', 'capabilities.drop lacks ALL');
        if (sc.read_only_root_filesystem !== true) fail('readOnlyRootFilesystem', 'read_only_root_filesystem not true');
        if ((sc.seccomp_profile ?? pod.seccomp_profile)?.type !== 'RuntimeDefault') fail('seccomp', 'no RuntimeDefault seccomp_profile');
        if (!c.resources?.requests || !c.resources?.limits) fail('resources', 'requests or limits missing');
      }
    }
  }
  return out;
}

describe.each(stacks.map((s) => [s.stack.environment.name, s] as const))('safe defaults in %s', (_name, { stack, json }) => {
  withHelm('every container of every pod: requests and limits, non-root, no escalation or privilege, no capabilities, read-only root, RuntimeDefault seccomp, no host namespaces — or a listed exception', () => {
    expect(unaccepted(violationsOf(stack.node.id))).toEqual([]);
    // every chart release of the stack was rendered, and each runs pods
    const charts = releasesOf(stack.node.id).filter((r) => r.chart !== 'manifests');
    expect(charts.length).toBe((stack.environment.components.datadog ? 8 : 7) + (stack.blackboxExporter ? 1 : 0));
    for (const r of charts) expect([r.chart, podsOf(r).length > 0]).toEqual([r.chart, true]);
  });

  withHelm("the Datadog node agent's exceptions do not cover the Cluster Agent (same container names, a Deployment)", () => {
    expect(violationsOf(stack.node.id).filter(clusterAgent).map(violationKey)).toEqual([]);
  });

  withHelm('the manifests releases deliver no workloads', () => {
    const manifests = releasesOf(stack.node.id).filter((r) => r.chart === 'manifests');
    expect(manifests.length).toBeGreaterThan(0);
    // ServiceMonitors, PodMonitors and Probes (the environment's services and probes, the components'
    // self-scrapes) only tell Prometheus what to scrape.
    for (const r of manifests) expect([r.name, podTemplates(r), r.objects.map((o) => o.kind).filter((k) => !['ConfigMap', 'PrometheusRule', 'ServiceMonitor', 'PodMonitor', 'Probe'].includes(k))]).toEqual([r.name, [], []]);
  });

  test('no kubernetes_* resource runs a pod unchecked', () => {
    expect(unlisted(kubernetesObjectViolations(json))).toEqual([]);
  });
});

withHelm('every listed exception and pending fix is still needed somewhere (no stale entries)', () => {
  const all = stacks.flatMap((s) => violationsOf(s.stack.node.id));
  const used = new Set(all.map(violationKey));
  for (const e of SAFE_DEFAULT_EXCEPTIONS) {
    expect(e.reason.length).toBeGreaterThan(40);
    for (const container of e.containers) {
      // networkPolicy exceptions are the network-policies test's
      for (const check of e.checks.filter((c) => c !== 'networkPolicy')) {
        const k = violationKey({ chart: e.chart, container, check });
        expect([k, used.has(k)]).toEqual([k, true]);
      }
    }
  }
  for (const p of PENDING_CONTAINER_FIXES) for (const c of p.containers) expect([p.chart, c, all.some((v) => v.chart === p.chart && v.container === c)]).toEqual([p.chart, c, true]);
});

(rendered ? describe : describe.skip)('the checks catch violations (negative cases)', () => {
  const prod = (chart: string) => rendered!.find((r) => r.stack === 'monitoring-prod' && r.chart === chart)!;
  /** A copy of a rendered prod release, its objects edited. */
  const edited = (chart: string, edit: (objects: Obj[]) => void): RenderedRelease => {
    const copy = structuredClone(prod(chart)) as RenderedRelease;
    edit(copy.objects as Obj[]);
    return copy;
  };
  const found = (release: RenderedRelease) => unlisted(podsOf(release).flatMap(podViolations)).map(violationKey);
  const workload = (objects: Obj[], name: string) => objects.find((o) => o.metadata?.name === name && o.spec?.template)!.spec.template.spec;

  test('a container stripped of resources, a sidecar with a writable root, a privileged container, an unconfined pod', () => {
    expect(found(edited('grafana', (o) => delete workload(o, 'grafana').containers.find((c: Obj) => c.name === 'grafana').resources.limits))).toEqual(['grafana / grafana / resources']);
    expect(found(edited('grafana', (o) => (workload(o, 'grafana').containers.find((c: Obj) => c.name === 'grafana-sc-dashboard').securityContext.readOnlyRootFilesystem = false))))
      .toEqual(['grafana / grafana-sc-dashboard / readOnlyRootFilesystem']);
    expect(found(edited('jaeger', (o) => (workload(o, 'jaeger').containers[0].securityContext.privileged = true)))).toEqual(['jaeger / jaeger / allowPrivilegeEscalation']);
    expect(found(edited('opentelemetry-collector', (o) => {
      const spec = workload(o, 'otel-collector');
      spec.securityContext = { ...spec.securityContext, seccompProfile: { type: 'Unconfined' } };
      delete spec.containers[0].securityContext.seccompProfile;
    }))).toEqual(['opentelemetry-collector / opentelemetry-collector / seccomp']);
  });

  test('an added capability, a pod in the host network, an init container run as root', () => {
    expect(found(edited('opentelemetry-collector', (o) => (workload(o, 'otel-collector').containers[0].securityContext.capabilities.add = ['NET_ADMIN']))))
      .toEqual(['opentelemetry-collector / opentelemetry-collector / capabilities']);
    expect(found(edited('loki', (o) => (workload(o, 'loki-gateway').hostNetwork = true)))).toEqual(['loki / nginx / hostNamespaces', 'loki / exporter / hostNamespaces']);
    const rootInit = edited('datadog', (o) => (workload(o, 'datadog-cluster-agent').initContainers[0].securityContext.runAsUser = 0));
    expect(podsOf(rootInit).flatMap(podViolations).filter(clusterAgent).map(violationKey)).toEqual(['datadog / init-volume / runAsNonRoot']);
  });

  test('the operator-built Prometheus pod: a root Prometheus, a config-reloader without its memory limit flag', () => {
    const release = edited('kube-prometheus-stack', (o) => {
      o.find((x) => x.kind === 'Prometheus')!.spec.securityContext.runAsUser = 0;
      const operator = o.find((x) => x.kind === 'Deployment')!.spec.template.spec.containers[0];
      operator.args = operator.args.filter((a: string) => !a.startsWith('--config-reloader-memory-limit='));
    });
    expect(found(release)).toEqual([
      'kube-prometheus-stack / init-config-reloader / runAsNonRoot', 'kube-prometheus-stack / init-config-reloader / resources',
      'kube-prometheus-stack / prometheus / runAsNonRoot',
      'kube-prometheus-stack / config-reloader / runAsNonRoot', 'kube-prometheus-stack / config-reloader / resources',
    ]);
    const unknownKind = edited('kube-prometheus-stack', (o) => o.push({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ThanosRuler', metadata: { name: 'tr' }, spec: {} }));
    expect(() => podTemplates(unknownKind)).toThrow(/ThanosRuler tr, which pod-templates.ts does not model/);
  });

  test('a subchart that is not rendered: its values are checked (kube-state-metrics without resources, node-exporter outside the host namespaces)', () => {
    const kps = prod('kube-prometheus-stack');
    const values = synthesized.get(`${kps.stack}/${kps.id}`)!;
    const withValues = (extra: string) => unlisted(notRenderedPods({ ...kps, notRendered: ['kube-state-metrics', 'prometheus-node-exporter'] }, { ...values, values: [...values.values, extra] }).flatMap(podViolations)).map(violationKey);
    expect(withValues('kube-state-metrics:\n  resources: null\n')).toEqual(['kube-prometheus-stack / kube-state-metrics / resources']);
    expect(withValues('prometheus-node-exporter:\n  containerSecurityContext:\n    readOnlyRootFilesystem: false\n')).toEqual(['kube-prometheus-stack / node-exporter / readOnlyRootFilesystem']);
    const hostNamespaces = notRenderedPods({ ...kps, notRendered: ['prometheus-node-exporter'] }, values).flatMap(podViolations).map(violationKey);
    expect(hostNamespaces).toEqual(['kube-prometheus-stack / node-exporter / hostNamespaces']);
    expect(() => notRenderedPods({ ...kps, notRendered: ['prometheus-windows-exporter'] }, values)).toThrow(/has no values-level check/);
  });

  test('a pod-bearing kubernetes_* object without a securityContext', () => {
    const fake = { resource: { kubernetes_deployment_v1: { x: { spec: { template: { spec: { container: [{ name: 'app', resources: { requests: {}, limits: {} } }] } } } } } } };
    expect(kubernetesObjectViolations(fake).map((v) => v.check)).toEqual(['runAsNonRoot', 'allowPrivilegeEscalation', 'capabilities', 'readOnlyRootFilesystem', 'seccomp']);
    expect(Object.keys(resourcesOfType(stacks[0].json, 'kubernetes_deployment_v1'))).toEqual([]);
  });
});
