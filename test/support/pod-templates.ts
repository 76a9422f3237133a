import { RenderedRelease } from './rendered-releases';

/*
 * The pods the rendered objects of a release make: the pod template of every workload, and the pods
 * the Prometheus operator builds from a Prometheus or Alertmanager custom resource. For the latter the
 * operator's code is the source (prometheus-operator pkg/prometheus/server/statefulset.go and
 * pkg/alertmanager/statefulset.go, v0.93): pod labels are its selector labels plus the CR's
 * `podMetadata.labels`; containers are the ones it creates (with the config-reloader's resources from
 * the operator's `--config-reloader-*` flags), patched by the CR's `containers` / `initContainers` by
 * name. The operator's built-in securityContext defaults are NOT credited: the stack states them in the
 * CR (docs/security.md), and that is what is checked.
 */

type Obj = Record<string, any>;

/** A pod as some rendered object makes it. */
export interface PodTemplate {
  readonly stack: string;
  readonly release: string;
  readonly chart: string;
  /** Kind and name of the object that makes the pod, e.g. `Deployment/grafana`. */
  readonly owner: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Pods running at once (replicas per shard for the operator's Prometheus); undefined for DaemonSets, Jobs, CronJobs. */
  readonly replicas?: number;
  /** A Kubernetes PodSpec (containers, initContainers, securityContext, hostNetwork, hostPID…). */
  readonly spec: Obj;
}

const WORKLOADS: Record<string, (o: Obj) => Obj | undefined> = {
  Pod: (o) => ({ metadata: o.metadata, spec: o.spec }),
  Deployment: (o) => o.spec?.template,
  StatefulSet: (o) => o.spec?.template,
  DaemonSet: (o) => o.spec?.template,
  ReplicaSet: (o) => o.spec?.template,
  ReplicationController: (o) => o.spec?.template,
  Job: (o) => o.spec?.template,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template,
};
const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** Custom resources the operator turns into pods; a kind listed without a model fails loudly. */
const OPERATOR_KINDS = ['Prometheus', 'Alertmanager', 'PrometheusAgent', 'ThanosRuler'];

/** Every pod template of a rendered release. */
export function podTemplates(release: RenderedRelease): PodTemplate[] {
  const base = { stack: release.stack, release: release.id, chart: release.chart };
  return release.objects.flatMap((o): PodTemplate[] => {
    const template = WORKLOADS[o.kind]?.(o);
    if (template) {
      return [{
        ...base,
        owner: `${o.kind}/${o.metadata.name}`,
        namespace: o.metadata.namespace ?? release.namespace,
        labels: template.metadata?.labels ?? {},
        replicas: REPLICATED.includes(o.kind) ? o.spec.replicas ?? 1 : undefined,
        spec: template.spec ?? {},
      }];
    }
    if (OPERATOR_KINDS.includes(o.kind) && String(o.apiVersion).startsWith('monitoring.coreos.com/')) return operatorPods(release, o).map((p) => ({ ...base, ...p }));
    return [];
  });
}

/** The flags of the operator Deployment of the release, `--name=value`. */
function operatorFlags(release: RenderedRelease): Record<string, string> {
  const operator = release.objects.find((o) => o.kind === 'Deployment' && o.spec?.template?.spec?.containers?.some((c: Obj) => (c.args ?? []).some((a: string) => a.startsWith('--prometheus-config-reloader='))));
  const args: string[] = operator?.spec.template.spec.containers.flatMap((c: Obj) => c.args ?? []) ?? [];
  return Object.fromEntries(args.map((a) => /^--([^=]+)=(.*)$/.exec(a)).filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1], m[2]]));
}

/** The config-reloader's requests and limits, as the operator's flags set them (absent flags: none). */
function reloaderResources(flags: Record<string, string>): Obj {
  const pick = (kind: 'request' | 'limit') => Object.fromEntries((['cpu', 'memory'] as const).filter((r) => flags[`config-reloader-${r}-${kind}`]).map((r) => [r, flags[`config-reloader-${r}-${kind}`]]));
  return { requests: pick('request'), limits: pick('limit') };
}

/** Operator-built containers patched by the CR's entries of the same name (extra CR entries are added whole). */
function patched(built: Obj[], fromCr: Obj[] | undefined): Obj[] {
  const out = built.map((c) => {
    const patch = (fromCr ?? []).find((p) => p.name === c.name) ?? {};
    return { ...c, ...patch, securityContext: patch.securityContext ?? {} };
  });
  return [...out, ...(fromCr ?? []).filter((p) => !built.some((c) => c.name === p.name))];
}

function operatorPods(release: RenderedRelease, cr: Obj): Array<Omit<PodTemplate, 'stack' | 'release' | 'chart'>> {
  const name: string = cr.metadata.name;
  const spec = cr.spec ?? {};
  const reloader = { resources: reloaderResources(operatorFlags(release)) };
  const podSpec = (containers: Obj[], initContainers: Obj[]) => ({
    securityContext: spec.securityContext ?? {},
    hostNetwork: spec.hostNetwork ?? false,
    containers: patched(containers, spec.containers),
    initContainers: patched(initContainers, spec.initContainers),
  });
  const common = { namespace: cr.metadata.namespace ?? release.namespace, replicas: spec.replicas ?? 1 };
  const metadataLabels = spec.podMetadata?.labels ?? {};
  if (cr.kind === 'Prometheus') {
    const shards = Math.max(1, spec.shards ?? 1);
    return Array.from({ length: shards }, (_, shard) => ({
      ...common,
      owner: `Prometheus/${name}${shards > 1 ? ` shard ${shard}` : ''}`,
      labels: {
        ...metadataLabels,
        'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': name,
        prometheus: name, 'operator.prometheus.io/shard': String(shard), 'operator.prometheus.io/name': name,
      },
      spec: podSpec(
        [
          { name: 'prometheus', ports: spec.listenLocal ? [] : [{ name: spec.portName ?? 'web', containerPort: 9090, protocol: 'TCP' }], resources: spec.resources ?? {} },
          { name: 'config-reloader', ports: [{ name: 'reloader-web', containerPort: 8080, protocol: 'TCP' }], ...reloader },
        ],
        [{ name: 'init-config-reloader', ...reloader }],
      ),
    }));
  }
  if (cr.kind === 'Alertmanager') {
    return [{
      ...common,
      owner: `Alertmanager/${name}`,
      labels: { ...metadataLabels, 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': name, alertmanager: name },
      spec: podSpec(
        [
          {
            name: 'alertmanager',
            ports: [{ name: spec.portName ?? 'web', containerPort: 9093, protocol: 'TCP' }, { name: 'mesh-tcp', containerPort: 9094, protocol: 'TCP' }, { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' }],
            resources: spec.resources ?? {},
          },
          { name: 'config-reloader', ports: [{ name: 'reloader-web', containerPort: 8080, protocol: 'TCP' }], ...reloader },
        ],
        [{ name: 'init-config-reloader', ...reloader }],
      ),
    }];
  }
  throw new Error(`${release.stack} ${release.id}: the operator makes pods from ${cr.kind} ${name}, which pod-templates.ts does not model; add it.`);
}
