import { parse } from 'yaml';
import type { RenderedRelease } from '../support/rendered-releases';

/*
 * What Prometheus would scrape in one rendered stack, read from the objects helm renders: the workloads
 * and their pods, the Services, and the scrape objects (ServiceMonitors, PodMonitors, Probes,
 * ScrapeConfigs, kube-prometheus-stack's additionalScrapeConfigs) with the `job` each produces. Shared
 * by test/prometheus/platform-render.test.ts, test/deploy/self-scrape.test.ts and
 * test/deploy/alert-jobs.test.ts. Limits: a ServiceMonitor that selects Services of an application
 * namespace no release renders (the watched services') produces jobs this reading cannot know; the
 * kube-state-metrics and node-exporter subcharts are not in ../shared/charts, so their jobs come
 * from {@link UNRENDERED_SUBCHART_JOBS}; the operator's Prometheus pods are modelled from its CR.
 */

type Obj = Record<string, any>;

/** A label selector as Kubernetes writes it. */
interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: string[] }>;
}

/** A workload's pods as its template describes them. */
export interface PodTemplate {
  /** `Deployment monitoring/loki`… */
  readonly workload: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly release: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Every container port (init containers left out), by name and number. */
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly containerPort: number; readonly container: string }>;
}

/** A Service, rendered or known to exist in every cluster. */
export interface ServiceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Undefined for a Service without selector (endpoints managed by someone else, e.g. the kubelet's). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly port: number; readonly targetPort?: number | string }>;
}

/** A scrape object and the `job` its targets get. */
export interface ScrapeJob {
  /** `ServiceMonitor monitoring/kube-prometheus-stack-apiserver`… */
  readonly source: string;
  readonly job: string;
  /** The workloads (or `Service <ns>/<name>` for Services without pods here) it scrapes. */
  readonly targets: readonly string[];
}

/** Everything of one stack that the checks read. */
export interface StackScrapes {
  readonly stack: string;
  readonly namespace: string;
  readonly pods: readonly PodTemplate[];
  readonly services: readonly ServiceInfo[];
  readonly jobs: readonly ScrapeJob[];
  /** Every rendered object of the stack, with the release it came from. */
  readonly objects: ReadonlyArray<{ readonly release: RenderedRelease; readonly object: Obj }>;
}

/**
 * Services every cluster has although no release renders them: the API server's `kubernetes` Service
 * and the kubelet Service the Prometheus operator maintains (`kubeletService`, without selector).
 */
function clusterServices(kpsRelease: string | undefined): ServiceInfo[] {
  const services: ServiceInfo[] = [
    { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' }, ports: [{ name: 'https', port: 443 }] },
  ];
  if (kpsRelease) {
    services.push({
      name: `${kpsRelease}-kubelet`,
      namespace: 'kube-system',
      labels: { 'app.kubernetes.io/name': 'kubelet', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'k8s-app': 'kubelet' },
      ports: [{ name: 'https-metrics', port: 10250 }, { name: 'http-metrics', port: 10255 }, { name: 'cadvisor', port: 4194 }],
    });
  }
  return services;
}

/**
 * Jobs of kube-prometheus-stack subcharts that ../shared/charts lacks (so their ServiceMonitors are not
 * rendered): the job their ServiceMonitor produces with the values of this project (the subcharts'
 * `jobLabel` on the Service, kps values `kube-state-metrics` / `prometheus-node-exporter`).
 */
const UNRENDERED_SUBCHART_JOBS: Readonly<Record<string, string>> = {
  'kube-state-metrics': 'kube-state-metrics',
  'prometheus-node-exporter': 'node-exporter',
};

/** Whether a label set matches a selector (matchLabels and matchExpressions). */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const has = expr.key in labels;
    const value = labels[expr.key];
    if (expr.operator === 'In' && !(has && (expr.values ?? []).includes(value))) return false;
    if (expr.operator === 'NotIn' && has && (expr.values ?? []).includes(value)) return false;
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Whether a map selector (a Service's `spec.selector`) matches. */
function mapSelects(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function namespacesOf(monitor: Obj, own: string): (ns: string) => boolean {
  const sel = monitor.spec?.namespaceSelector;
  if (sel?.any === true) return () => true;
  const names: string[] | undefined = sel?.matchNames;
  if (names && names.length > 0) return (ns) => names.includes(ns);
  return (ns) => ns === own;
}

/** A literal `job` a monitor endpoint's relabelings write, if any. */
/**
 * The `job` after an endpoint's relabelings, as Prometheus applies `replace` (with `$1`-style groups),
 * `keep` and `drop` over the target's labels; undefined when the target is dropped.
 */
function relabelledJob(relabelings: Obj[] | undefined, initialJob: string, labels: Record<string, string>): string | undefined {
  const current: Record<string, string> = { ...labels, job: initialJob };
  for (const r of relabelings ?? []) {
    const action = String(r.action ?? 'replace').toLowerCase();
    const source = ((r.sourceLabels ?? r.source_labels ?? []) as string[]).map((l) => current[l] ?? '').join(r.separator ?? ';');
    const match = new RegExp(`^(?:${r.regex ?? '(.*)'})$`).exec(source);
    if (action === 'drop' && match) return undefined;
    if (action === 'keep' && !match) return undefined;
    const target = r.targetLabel ?? r.target_label;
    if (action === 'replace' && match && target) {
      current[target] = String(r.replacement ?? '$1').replace(/\$\{?(\d+)\}?/g, (_, i) => match[Number(i)] ?? '');
    }
  }
  return current.job;
}

/** The container port a Service port points at, on a pod template: by name, or by number. */
export function targetPortOn(pod: PodTemplate, servicePort: ServiceInfo['ports'][number]): boolean {
  const target = servicePort.targetPort ?? servicePort.port;
  return pod.ports.some((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
}

function podTemplates(release: RenderedRelease, object: Obj): PodTemplate[] {
  const kind = object.kind as string;
  const namespace = object.metadata?.namespace ?? release.namespace;
  const name = object.metadata?.name as string;
  const workload = `${kind} ${namespace}/${name}`;
  if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) {
    const spec = object.spec?.template?.spec ?? {};
    const ports = (spec.containers ?? []).flatMap((c: Obj) => (c.ports ?? []).map((p: Obj) => ({ name: p.name, containerPort: p.containerPort, container: c.name })));
    return [{ workload, kind, name, namespace, release: release.name, labels: object.spec?.template?.metadata?.labels ?? {}, ports }];
  }
  if (kind === 'Prometheus' || kind === 'Alertmanager') {
    // The operator's StatefulSet, not rendered: its pod labels and the web port, as the operator writes them.
    const app = kind.toLowerCase();
    const labels = {
      ...(object.spec?.podMetadata?.labels ?? {}),
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      [app]: name,
      'operator.prometheus.io/name': name,
      ...(kind === 'Prometheus' ? { 'operator.prometheus.io/shard': '0' } : {}),
    };
    const port = kind === 'Prometheus' ? 9090 : 9093;
    return [{ workload, kind, name, namespace, release: release.name, labels, ports: [{ name: 'web', containerPort: port, container: app }, { name: 'reloader-web', containerPort: 8080, container: 'config-reloader' }] }];
  }
  return [];
}

/** The additionalScrapeConfigs of kube-prometheus-stack, from the Secret the chart renders them into. */
function additionalScrapeJobs(objects: readonly Obj[]): string[] {
  const jobs: string[] = [];
  for (const o of objects) {
    if (o.kind !== 'Secret') continue;
    for (const [key, value] of Object.entries({ ...(o.data ?? {}), ...(o.stringData ?? {}) })) {
      if (!/additional-scrape-configs\.yaml$/.test(key)) continue;
      const text = o.stringData?.[key] ?? Buffer.from(String(value), 'base64').toString('utf8');
      for (const config of (parse(text) ?? []) as Obj[]) if (config.job_name) jobs.push(config.job_name);
    }
  }
  return jobs;
}

/** Reads one stack's rendered releases. */
export function stackScrapes(stack: string, releases: readonly RenderedRelease[]): StackScrapes {
  const mine = releases.filter((r) => r.stack === stack);
  const objects = mine.flatMap((release) => release.objects.filter(Boolean).map((object) => ({ release, object })));
  const kps = mine.find((r) => r.chart === 'kube-prometheus-stack');
  const namespace = kps?.namespace ?? mine[0]?.namespace ?? 'monitoring';
  const pods = objects.flatMap(({ release, object }) => podTemplates(release, object));
  const services: ServiceInfo[] = [
    ...objects.filter(({ object }) => object.kind === 'Service').map(({ release, object }) => ({
      name: object.metadata.name,
      namespace: object.metadata?.namespace ?? release.namespace,
      labels: object.metadata?.labels ?? {},
      selector: object.spec?.selector,
      ports: (object.spec?.ports ?? []).map((p: Obj) => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
    })),
    ...clusterServices(kps?.name),
  ];
  const jobs: ScrapeJob[] = [];
  for (const { release, object } of objects) {
    const ns = object.metadata?.namespace ?? release.namespace;
    const source = `${object.kind} ${ns}/${object.metadata?.name}`;
    if (object.kind === 'ServiceMonitor') {
      const inNs = namespacesOf(object, ns);
      const matched = services.filter((s) => inNs(s.namespace) && selects(object.spec?.selector, s.labels));
      for (const endpoint of object.spec?.endpoints ?? []) {
        for (const service of matched) {
          const port = service.ports.find((p) => (endpoint.port !== undefined ? p.name === endpoint.port : endpoint.targetPort !== undefined));
          if (!port) continue;
          const jobLabel = object.spec?.jobLabel as string | undefined;
          const initial = jobLabel && service.labels[jobLabel] ? service.labels[jobLabel] : service.name;
          const job = relabelledJob(endpoint.relabelings, initial, {
            namespace: service.namespace, service: service.name,
            __meta_kubernetes_namespace: service.namespace, __meta_kubernetes_service_name: service.name,
          });
          if (job === undefined) continue;
          const backing = pods.filter((p) => p.namespace === service.namespace && mapSelects(service.selector, p.labels) && targetPortOn(p, port)).map((p) => p.workload);
          jobs.push({ source, job, targets: backing.length > 0 ? backing : [`Service ${service.namespace}/${service.name}`] });
        }
      }
    } else if (object.kind === 'PodMonitor') {
      const inNs = namespacesOf(object, ns);
      const matched = pods.filter((p) => inNs(p.namespace) && selects(object.spec?.selector, p.labels));
      for (const endpoint of object.spec?.podMetricsEndpoints ?? []) {
        const jobLabel = object.spec?.jobLabel as string | undefined;
        const withPort = matched.filter((p) => endpoint.port === undefined || p.ports.some((q) => q.name === endpoint.port));
        const byJob = new Map<string, string[]>();
        for (const p of withPort) {
          const initial = jobLabel && p.labels[jobLabel] ? p.labels[jobLabel] : `${ns}/${object.metadata.name}`;
          const job = relabelledJob(endpoint.relabelings, initial, { namespace: p.namespace, __meta_kubernetes_namespace: p.namespace });
          if (job === undefined) continue;
          byJob.set(job, [...(byJob.get(job) ?? []), p.workload]);
        }
        for (const [job, targets] of byJob) jobs.push({ source, job, targets });
      }
    } else if (object.kind === 'Probe') {
      jobs.push({ source, job: object.spec?.jobName ?? `probe/${ns}/${object.metadata.name}`, targets: [] });
    } else if (object.kind === 'ScrapeConfig') {
      jobs.push({ source, job: object.spec?.jobName ?? `scrapeConfig/${ns}/${object.metadata.name}`, targets: [] });
    }
  }
  for (const job of additionalScrapeJobs(objects.map((o) => o.object))) jobs.push({ source: 'additionalScrapeConfigs', job, targets: [] });
  for (const sub of kps?.notRendered ?? []) {
    const job = UNRENDERED_SUBCHART_JOBS[sub];
    if (job) jobs.push({ source: `kube-prometheus-stack subchart ${sub} (not rendered)`, job, targets: [] });
  }
  return { stack, namespace, pods, services, jobs, objects };
}

/** The set of jobs the scrapes produce, for matching selectors against. */
export function producedJobs(scrapes: StackScrapes): Set<string> {
  return new Set(scrapes.jobs.map((j) => j.job));
}

/** Whether a `job` matcher (`=` or `=~`, fully anchored) selects at least one produced job. */
export function matcherSelectsSomeJob(matcher: { op: string; value: string }, jobs: ReadonlySet<string>): boolean {
  if (matcher.op === '=') return jobs.has(matcher.value);
  if (matcher.op === '=~') {
    const re = new RegExp(`^(?:${matcher.value})$`);
    return [...jobs].some((job) => re.test(job));
  }
  return true;
}

/** The alerting rules of every PrometheusRule rendered in a stack. */
export function renderedAlerts(scrapes: StackScrapes): Array<{ rule: string; group: string; alert: string; expr: string }> {
  const out: Array<{ rule: string; group: string; alert: string; expr: string }> = [];
  for (const { release, object } of scrapes.objects) {
    if (object.kind !== 'PrometheusRule') continue;
    const rule = `${object.metadata?.namespace ?? release.namespace}/${object.metadata?.name}`;
    for (const group of object.spec?.groups ?? []) {
      for (const r of group.rules ?? []) if (r.alert) out.push({ rule, group: group.name, alert: r.alert, expr: String(r.expr) });
    }
  }
  return out;
}
