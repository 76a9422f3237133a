import { SAFE_DEFAULT_EXCEPTIONS } from '../../lib/security/safe-defaults-exceptions';
import { selects, serviceSelects } from '../support/label-selectors';
import { PolicyPod, openToSomeone, policiesOf, reachable } from '../support/network-policies';
import { PodTemplate, podTemplates } from '../support/pod-templates';
import { RenderedRelease, renderedExampleReleases } from '../support/rendered-releases';
import { synthesizedExampleStacks } from '../support/synth';

/*
 * The stack's NetworkPolicies (kubernetes_network_policy_v1, lib/security/) checked against the pods
 * the charts render (test/support/pod-templates.ts: workload templates, and for Prometheus the labels
 * the operator puts on its pods plus the CR's podMetadata labels): every policy selects a real pod;
 * every port a rendered Service exposes on a pod of a policed namespace is open to someone; and the
 * intended reachability holds with the rendered labels. This checks the pod labels each component
 * declares in its networkPolicies() (the component contract) against the charts.
 */

type Obj = Record<string, any>;
const NS = 'monitoring';

/** Policies whose pods come from a subchart ../shared lacks: they select nothing rendered while it is missing. */
const POLICIES_OF_NOT_RENDERED: Record<string, string> = { 'kube-state-metrics': 'kube-state-metrics' };

/** Service ports no policy opens, each with its reason. */
const CLOSED_SERVICE_PORTS: ReadonlyArray<{ service: string; ports: readonly string[]; reason: string }> = [
  {
    service: 'jaeger', ports: ['zk-compact-trft', 'jg-compact-trft', 'jg-binary-trft', 'http-zipkin', 'grpc-http', 'c-tchan-trft', 'http-c-binary-trft', 'span-metrics'],
    reason: "the jaeger chart's Service always lists Jaeger v1's receivers (Thrift, Zipkin, the gRPC/HTTP collector) and a span-metrics port; the stack's Jaeger v2 configuration (lib/jaeger) receives OTLP only, so nothing listens there and nothing should reach them",
  },
];

const rendered = renderedExampleReleases();
const stacks = synthesizedExampleStacks();

interface ServedPod extends PolicyPod { readonly owner: string }

function namedPorts(pod: PodTemplate): Record<string, number> {
  const containers: Obj[] = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  return Object.fromEntries(containers.flatMap((c) => c.ports ?? []).filter((p: Obj) => p.name).map((p: Obj) => [p.name, p.containerPort]));
}

const podsOf = (releases: readonly RenderedRelease[]): PodTemplate[] => releases.flatMap((r) => podTemplates(r));
const servedPod = (p: PodTemplate): ServedPod => ({ namespace: p.namespace, labels: p.labels, namedPorts: namedPorts(p), owner: p.owner });

/** Policies that select no rendered pod of their namespace (besides those of subcharts not rendered). */
function policiesSelectingNothing(policies: readonly Obj[], releases: readonly RenderedRelease[]): string[] {
  const pods = podsOf(releases);
  const notRendered = new Set(releases.flatMap((r) => r.notRendered));
  return policies
    .filter((p) => !pods.some((pod) => pod.namespace === p.metadata.namespace && selects(p.spec.pod_selector, pod.labels)))
    .map((p) => p.metadata.name)
    .filter((name) => !notRendered.has(POLICIES_OF_NOT_RENDERED[name]));
}

/**
 * Every port of every rendered Service in a policed namespace, on each pod it selects, that no
 * policy opens (named targetPorts resolved through the pod's container ports); `service:port → pod`.
 */
function closedServicePorts(policies: readonly Obj[], releases: readonly RenderedRelease[]): string[] {
  const pods = podsOf(releases).map(servedPod);
  const policed = new Set(policies.map((p) => p.metadata.namespace));
  const out: string[] = [];
  for (const release of releases) {
    for (const service of release.objects.filter((o) => o.kind === 'Service')) {
      const namespace = service.metadata.namespace ?? release.namespace;
      if (!policed.has(namespace)) continue;
      const selected = pods.filter((p) => p.namespace === namespace && serviceSelects(service.spec.selector, p.labels));
      if (selected.length === 0) out.push(`${service.metadata.name} selects no rendered pod`);
      for (const pod of selected) {
        for (const port of service.spec.ports ?? []) {
          const name = `${service.metadata.name}:${port.name ?? port.port}`;
          const target = port.targetPort ?? port.port;
          const containerPort = typeof target === 'number' || /^\d+$/.test(target) ? Number(target) : pod.namedPorts?.[target];
          const protocol = port.protocol ?? 'TCP';
          if (containerPort === undefined) out.push(`${name} → ${pod.owner}: no container port named ${target}`);
          else if (!openToSomeone(policies, pod, containerPort, protocol)) out.push(`${name} → ${pod.owner} ${containerPort}/${protocol}`);
        }
      }
    }
  }
  return [...new Set(out)];
}

const listedClosed = (entry: string) => CLOSED_SERVICE_PORTS.some((c) => c.ports.some((port) => entry.startsWith(`${c.service}:${port} → `)));

// ---- who must reach whom -------------------------------------------------------------------------

const fallback = (labels: Record<string, string>, namespace = NS): PolicyPod => ({ namespace, labels });
const k8s = (name: string, instance: string, component?: string) => fallback({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance, ...(component ? { 'app.kubernetes.io/component': component } : {}) });
const lokiComponent = (...components: string[]) => (p: PodTemplate) => p.chart === 'loki' && components.includes(p.labels['app.kubernetes.io/component']);

/**
 * The pods of the reachability table: found in the render (first match), else as the chart would label
 * them (a component the environment does not run, a subchart not rendered, pods of other namespaces).
 */
const PODS: Record<string, { readonly rendered?: (p: PodTemplate) => boolean; readonly otherwise: PolicyPod }> = {
  prometheus: { rendered: (p) => p.owner.startsWith('Prometheus/'), otherwise: fallback({ 'app.kubernetes.io/name': 'prometheus', prometheus: 'kube-prometheus-stack-prometheus' }) },
  operator: { rendered: (p) => p.chart === 'kube-prometheus-stack' && p.labels['app.kubernetes.io/component'] === 'prometheus-operator', otherwise: fallback({ app: 'kube-prometheus-stack-operator', release: 'kube-prometheus-stack' }) },
  kubeStateMetrics: { rendered: (p) => p.labels['app.kubernetes.io/name'] === 'kube-state-metrics', otherwise: k8s('kube-state-metrics', 'kube-prometheus-stack') },
  alertmanager: { rendered: (p) => p.chart === 'alertmanager', otherwise: k8s('alertmanager', 'alertmanager') },
  grafana: { rendered: (p) => p.chart === 'grafana', otherwise: k8s('grafana', 'grafana') },
  lokiGateway: { rendered: lokiComponent('gateway'), otherwise: k8s('loki', 'loki', 'gateway') },
  // the pod that runs the ruler: the single binary, or the ruler in Distributed mode
  lokiBackend: { rendered: lokiComponent('single-binary', 'ruler'), otherwise: k8s('loki', 'loki', 'single-binary') },
  lokiIngester: { rendered: lokiComponent('ingester'), otherwise: k8s('loki', 'loki', 'ingester') },
  lokiDistributor: { rendered: lokiComponent('distributor'), otherwise: k8s('loki', 'loki', 'distributor') },
  fluentBit: { rendered: (p) => p.chart === 'fluent-bit', otherwise: k8s('fluent-bit', 'fluent-bit') },
  jaeger: { rendered: (p) => p.owner === 'Deployment/jaeger', otherwise: k8s('jaeger', 'jaeger', 'all-in-one') },
  otelCollector: { rendered: (p) => p.chart === 'opentelemetry-collector', otherwise: fallback({ 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': 'otel-collector', component: 'standalone-collector' }) },
  datadogAgent: { rendered: (p) => p.owner === 'DaemonSet/datadog', otherwise: fallback({ app: 'datadog', 'app.kubernetes.io/name': 'datadog' }) },
  datadogClusterAgent: { rendered: (p) => p.owner === 'Deployment/datadog-cluster-agent', otherwise: fallback({ app: 'datadog-cluster-agent', 'app.kubernetes.io/name': 'datadog' }) },
  hookJob: { rendered: (p) => p.owner === 'Job/kube-prometheus-stack-admission-create', otherwise: fallback({ 'batch.kubernetes.io/job-name': 'kube-prometheus-stack-admission-create' }) },
  app: { otherwise: fallback({ app: 'api-gateway' }, 'mindweave-services') },
  ingressController: { otherwise: fallback({ 'app.kubernetes.io/name': 'ingress-nginx' }, 'ingress-nginx') },
};
type PodName = keyof typeof PODS;

/** The table's pods for one stack's render, and which of them came from it. */
function podsFor(releases: readonly RenderedRelease[]): { pods: Record<PodName, PolicyPod>; fromRender: PodName[] } {
  const all = podsOf(releases);
  const fromRender: PodName[] = [];
  const pods = Object.fromEntries(Object.entries(PODS).map(([name, { rendered: find, otherwise }]) => {
    const found = find ? all.find(find) : undefined;
    if (found) fromRender.push(name);
    return [name, found ? servedPod(found) : otherwise];
  })) as Record<PodName, PolicyPod>;
  return { pods, fromRender };
}

type Expectation = [target: PodName, source: PodName | 'outside', port: number, allowed: boolean, protocol?: 'UDP'];

/** Who must and must not reach each component (issue 10 item 5). */
function intendedReachability(env: { grafanaIngress: boolean; datadog: boolean }): Expectation[] {
  return [
    ['prometheus', 'grafana', 9090, true], ['prometheus', 'lokiBackend', 9090, true], ['prometheus', 'app', 9090, false], ['prometheus', 'ingressController', 9090, false],
    ['alertmanager', 'prometheus', 9093, true], ['alertmanager', 'lokiBackend', 9093, true], ['alertmanager', 'grafana', 9093, true],
    ['alertmanager', 'alertmanager', 9094, true], ['alertmanager', 'alertmanager', 9094, true, 'UDP'], ['alertmanager', 'fluentBit', 9093, false], ['alertmanager', 'app', 9093, false], ['alertmanager', 'prometheus', 9094, false],
    ['lokiGateway', 'fluentBit', 8080, true], ['lokiGateway', 'grafana', 8080, true], ['lokiGateway', 'app', 8080, false], ['lokiGateway', 'jaeger', 8080, false],
    ['lokiGateway', 'prometheus', 4040, true], ['lokiGateway', 'fluentBit', 4040, false],
    ['lokiIngester', 'lokiDistributor', 9095, true], ['lokiBackend', 'lokiGateway', 3100, true], ['lokiBackend', 'prometheus', 3100, true], ['lokiIngester', 'fluentBit', 3100, false], ['lokiBackend', 'app', 3100, false],
    ['jaeger', 'otelCollector', 4317, true], ['jaeger', 'otelCollector', 4318, true], ['jaeger', 'grafana', 16686, true], ['jaeger', 'app', 4317, false], ['jaeger', 'app', 16686, false], ['jaeger', 'fluentBit', 4317, false],
    ['otelCollector', 'app', 4317, true], ['otelCollector', 'app', 4318, true], ['otelCollector', 'prometheus', 8888, true], ['otelCollector', 'app', 8888, false],
    ['grafana', 'ingressController', 3000, true], ['grafana', 'app', 3000, !env.grafanaIngress], ['grafana', 'prometheus', 3000, true],
    ['fluentBit', 'prometheus', 2020, true], ['fluentBit', 'app', 2020, false],
    ['kubeStateMetrics', 'prometheus', 8080, true], ['kubeStateMetrics', 'grafana', 8080, false],
    ['operator', 'outside', 10250, true], ['operator', 'app', 8080, false],
    ['hookJob', 'prometheus', 8080, false], ['hookJob', 'outside', 443, false],
    ...(env.datadog
      ? ([['datadogClusterAgent', 'datadogAgent', 5005, true], ['datadogClusterAgent', 'app', 5005, false], ['datadogClusterAgent', 'outside', 8000, true], ['datadogAgent', 'app', 8126, true], ['datadogAgent', 'app', 5555, false]] as Expectation[])
      : []),
  ];
}

function reachabilityErrors(policies: readonly Obj[], pods: Record<PodName, PolicyPod>, expectations: readonly Expectation[]): string[] {
  return expectations
    .filter(([target, source, port, allowed, protocol]) => reachable(policies, pods[target], source === 'outside' ? 'outside the pod network' : pods[source], port, protocol ?? 'TCP') !== allowed)
    .map(([target, source, port, allowed, protocol]) => `${source} → ${target}:${port}${protocol ? `/${protocol}` : ''} should be ${allowed ? 'allowed' : 'denied'}`);
}

// ---- the checks, per environment -------------------------------------------------------------------

const releasesOf = (stack: string) => (rendered ?? []).filter((r) => r.stack === stack);
const envOf = (stack: (typeof stacks)[number]['stack']) => ({ grafanaIngress: stack.grafana?.ingress !== undefined, datadog: stack.datadog !== undefined });
const withHelm = rendered ? test : test.skip;

describe.each(stacks.map((s) => [s.stack.environment.name, s] as const))('NetworkPolicies in %s', (_name, { stack, json }) => {
  const policies = policiesOf(json);

  test('a default deny, and no rule opens a pod to everything on every port', () => {
    const deny = policies.find((p) => p.metadata.name === 'default-deny-ingress');
    expect(deny).toMatchObject({ metadata: { namespace: NS }, spec: { pod_selector: {}, policy_types: ['Ingress'] } });
    expect(deny?.spec.ingress ?? []).toEqual([]);
    for (const p of policies) for (const rule of p.spec.ingress ?? []) expect([p.metadata.name, (rule.from?.length ?? 0) > 0 || (rule.ports?.length ?? 0) > 0]).toEqual([p.metadata.name, true]);
  });

  withHelm('every policy selects a rendered pod (the components\' declared pod labels match the charts)', () => {
    expect(policiesSelectingNothing(policies, releasesOf(stack.node.id))).toEqual([]);
  });

  withHelm('every port a rendered Service exposes on a pod under the default deny is open to some peer — or a listed exception', () => {
    expect(closedServicePorts(policies, releasesOf(stack.node.id)).filter((e) => !listedClosed(e))).toEqual([]);
  });

  withHelm('each component is reachable by its intended peers only (labels from the render)', () => {
    const { pods } = podsFor(releasesOf(stack.node.id));
    expect(reachabilityErrors(policies, pods, intendedReachability(envOf(stack)))).toEqual([]);
  });

  withHelm('a host-network pod escapes NetworkPolicies: each one is a listed exception', () => {
    const hostNetwork = podsOf(releasesOf(stack.node.id)).filter((p) => p.spec.hostNetwork === true);
    for (const p of hostNetwork) {
      const listed = SAFE_DEFAULT_EXCEPTIONS.some((e) => e.chart === p.chart && e.checks.includes('networkPolicy') && (p.spec.containers as Obj[]).every((c) => e.containers.includes(c.name)));
      expect([p.owner, listed]).toEqual([p.owner, true]);
    }
    // node-exporter (host network; not rendered here, see not-rendered-subcharts.ts) is the listed one
    expect(SAFE_DEFAULT_EXCEPTIONS.some((e) => e.containers.includes('node-exporter') && e.checks.includes('networkPolicy'))).toBe(true);
  });
});

withHelm('the reachability table reads every pod the environments render from the render, and each closed-port exception is still needed', () => {
  const prod = podsFor(releasesOf('monitoring-prod'));
  const notRendered = releasesOf('monitoring-prod').flatMap((r) => r.notRendered);
  // in prod every component runs; only other namespaces' pods and a subchart ../shared lacks come from the table
  const elsewhere = ['app', 'ingressController', ...(notRendered.includes('kube-state-metrics') ? ['kubeStateMetrics'] : [])];
  expect(prod.fromRender).toEqual(Object.keys(PODS).filter((n) => !elsewhere.includes(n)));
  const closed = stacks.flatMap((s) => closedServicePorts(policiesOf(s.json), releasesOf(s.stack.node.id)));
  for (const c of CLOSED_SERVICE_PORTS) {
    expect(c.reason.length).toBeGreaterThan(40);
    for (const port of c.ports) expect([c.service, port, closed.some((e) => e.startsWith(`${c.service}:${port} → `))]).toEqual([c.service, port, true]);
  }
});

(rendered ? describe : describe.skip)('the checks catch mistakes (negative cases)', () => {
  const prod = stacks.find((s) => s.stack.environment.name === 'prod')!;
  const releases = releasesOf('monitoring-prod');
  const edited = (edit: (p: Record<string, Obj>) => void): Obj[] => {
    const json = structuredClone(prod.json);
    edit(json.resource.kubernetes_network_policy_v1);
    return policiesOf(json);
  };
  const named = (name: string) => (p: Record<string, Obj>) => Object.values(p).find((v) => v.metadata.name === name)!;
  const env = { grafanaIngress: true, datadog: true };

  test('a policy whose selector matches no rendered pod', () => {
    expect(policiesSelectingNothing(edited((p) => (named('grafana')(p).spec.pod_selector.match_labels['app.kubernetes.io/name'] = 'grafana-ui')), releases)).toEqual(['grafana']);
  });

  test('a Service port no policy opens, and a named targetPort no container has', () => {
    const noOtlp = edited((p) => named('otel-collector')(p).spec.ingress.shift());
    expect(closedServicePorts(noOtlp, releases).filter((e) => !listedClosed(e))).toEqual(['otel-collector:otlp → Deployment/otel-collector 4317/TCP', 'otel-collector:otlp-http → Deployment/otel-collector 4318/TCP']);
    const badPort = structuredClone(releases);
    const service = badPort.flatMap((r) => r.objects).find((o) => o.kind === 'Service' && o.metadata.name === 'grafana')!;
    service.spec.ports[0].targetPort = 'grafana-web';
    expect(closedServicePorts(policiesOf(prod.json), badPort).filter((e) => !listedClosed(e))).toEqual(['grafana:service → Deployment/grafana: no container port named grafana-web']);
  });

  test('a missing or too wide NetworkPolicy', () => {
    const { pods } = podsFor(releases);
    // Jaeger's policy removed: the default deny now also blocks the collector and Grafana
    const noJaeger = edited((p) => { for (const [id, v] of Object.entries(p)) if (v.metadata.name === 'jaeger') delete p[id]; });
    expect(reachabilityErrors(noJaeger, pods, intendedReachability(env))).toEqual(expect.arrayContaining(['otelCollector → jaeger:4317 should be allowed', 'grafana → jaeger:16686 should be allowed']));
    // Prometheus opened to every namespace
    const wide = edited((p) => (named('prometheus')(p).spec.ingress[0].from = [{ namespace_selector: {} }]));
    expect(reachabilityErrors(wide, pods, intendedReachability(env))).toEqual(['app → prometheus:9090 should be denied', 'ingressController → prometheus:9090 should be denied']);
  });
});
