import { NetworkPolicySpec } from '../../lib/contracts/monitoring-component';
import { PeerRole } from '../../lib/contracts/network-peer';
import { selects, serviceSelects } from '../support/label-selectors';
import { PodTemplate, podTemplates } from '../support/pod-templates';
import { RenderedRelease } from '../support/rendered-releases';

/*
 * What the ServiceMonitors and PodMonitors of a rendered release make Prometheus scrape, computed as the
 * Prometheus operator does (prometheus-operator pkg/prometheus/promcfg.go): a ServiceMonitor selects the
 * Services of its namespace by label; each endpoint names a Service port; the targets are the pods the
 * Service selects, on the port's targetPort; the job is the Service name (or the `jobLabel` label's value),
 * then the endpoint's relabelings apply. A PodMonitor selects pods by label; the endpoint names a
 * container port; the job is `<namespace>/<PodMonitor name>`.
 */

type Obj = Record<string, any>;

/** One scrape target: a pod template on one container port, under one job. */
export interface ScrapeTarget {
  /** `ServiceMonitor/<name>` or `PodMonitor/<name>`. */
  readonly monitor: string;
  readonly job: string;
  /** The workload whose pods are scraped, e.g. `StatefulSet/loki`. */
  readonly owner: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** The container port scraped. */
  readonly port: number;
  readonly portName?: string;
}

/**
 * The value a relabeling chain leaves in `job`, or undefined when a `keep`/`drop` action drops the target
 * (replace, keep and drop are modelled: the actions these monitors use).
 */
function relabelJob(initial: string, relabelings: readonly Obj[] | undefined, labels: Record<string, string>): string | undefined {
  const current: Record<string, string> = { ...labels, job: initial };
  for (const r of relabelings ?? []) {
    const action = (r.action ?? 'replace').toLowerCase();
    if (!['replace', 'keep', 'drop'].includes(action)) throw new Error(`relabeling action ${r.action} is not modelled; extend relabelJob`);
    const source = ((r.sourceLabels ?? []) as string[]).map((l) => current[l] ?? '').join(r.separator ?? ';');
    const match = new RegExp(`^(?:${r.regex ?? '(.*)'})$`).exec(source);
    if (action === 'drop' && match) return undefined;
    if (action === 'keep' && !match) return undefined;
    if (action === 'replace' && match && r.targetLabel) current[r.targetLabel] = String(r.replacement ?? '$1').replace(/\$\{?(\d+)\}?/g, (_, i) => match[Number(i)] ?? '');
  }
  return current.job;
}

/** The container port of a pod for a Service's targetPort (a name or a number). */
function containerPort(pod: PodTemplate, targetPort: string | number): { port: number; name?: string } | undefined {
  const ports = ((pod.spec.containers ?? []) as Obj[]).flatMap((c) => (c.ports ?? []) as Obj[]);
  const found = ports.find((p) => (typeof targetPort === 'number' ? p.containerPort === targetPort : p.name === targetPort));
  return found ? { port: found.containerPort, name: found.name } : undefined;
}

/** Every target the monitors of `release` produce on its own pods. */
export function scrapeTargets(release: RenderedRelease): ScrapeTarget[] {
  const pods = podTemplates(release);
  const services = release.objects.filter((o) => o.kind === 'Service');
  const nsOf = (o: Obj) => o.metadata.namespace ?? release.namespace;
  const targets: ScrapeTarget[] = [];
  for (const monitor of release.objects.filter((o) => o.kind === 'ServiceMonitor')) {
    for (const svc of services.filter((s) => nsOf(s) === nsOf(monitor) && selects(monitor.spec.selector, s.metadata.labels ?? {}))) {
      const initial = monitor.spec.jobLabel ? svc.metadata.labels?.[monitor.spec.jobLabel] ?? svc.metadata.name : svc.metadata.name;
      for (const endpoint of monitor.spec.endpoints as Obj[]) {
        const servicePort = (svc.spec.ports as Obj[]).find((p) => p.name === endpoint.port);
        if (!servicePort) continue;
        for (const pod of pods.filter((p) => p.namespace === nsOf(svc) && serviceSelects(svc.spec.selector, p.labels))) {
          const port = containerPort(pod, servicePort.targetPort ?? servicePort.port);
          if (!port) continue;
          const job = relabelJob(initial, endpoint.relabelings, { namespace: nsOf(svc), service: svc.metadata.name, __meta_kubernetes_service_name: svc.metadata.name });
          if (job === undefined) continue;
          targets.push({ monitor: `ServiceMonitor/${monitor.metadata.name}`, job, owner: pod.owner, podLabels: pod.labels, port: port.port, portName: port.name });
        }
      }
    }
  }
  for (const monitor of release.objects.filter((o) => o.kind === 'PodMonitor')) {
    for (const pod of pods.filter((p) => p.namespace === nsOf(monitor) && selects(monitor.spec.selector, p.labels))) {
      for (const endpoint of monitor.spec.podMetricsEndpoints as Obj[]) {
        const port = containerPort(pod, endpoint.port);
        if (!port) continue;
        const job = relabelJob(`${nsOf(monitor)}/${monitor.metadata.name}`, endpoint.relabelings, { namespace: pod.namespace });
        if (job === undefined) continue;
        targets.push({ monitor: `PodMonitor/${monitor.metadata.name}`, job, owner: pod.owner, podLabels: pod.labels, port: port.port, portName: port.name });
      }
    }
  }
  return targets;
}

/** Whether one of a component's policies lets Prometheus reach `port` on pods with these labels. */
export function prometheusMayReach(policies: readonly NetworkPolicySpec[], podLabels: Readonly<Record<string, string>>, port: number): boolean {
  return policies
    .filter((p) => Object.entries(p.podLabels).every(([k, v]) => podLabels[k] === v))
    .filter((p) => !(p.exceptComponents ?? []).includes(podLabels['app.kubernetes.io/component']))
    .some((p) => p.ingress.some((rule) => (rule.from === 'anywhere' || rule.from.includes(PeerRole.PROMETHEUS)) && (rule.ports === undefined || rule.ports.some((q) => q.port === port))));
}
