import { parse } from 'yaml';
import { Charts, HelmChartRef, unescapeTerraformTemplate } from '../../lib';
import { SAFE_DEFAULT_EXCEPTIONS, SafeDefaultCheck } from '../../lib/security/safe-defaults-exceptions';
import { chartDefaults } from '../support/chart-values';
import { buildExampleApp, resourcesOfType, synthJson } from '../support/synth';

/*
 * Safe defaults in every environment (issue 10 item 5, docs/security.md). Helm cannot run here, so
 * the walker knows, per chart, which values feed which container. THE MAPPING (value path → container):
 *
 * | chart | container | pod securityContext | container securityContext | resources | rendered when |
 * |---|---|---|---|---|---|
 * | kube-prometheus-stack | prometheus | prometheus.prometheusSpec.securityContext | prometheus.prometheusSpec.containers[name=prometheus].securityContext | prometheus.prometheusSpec.resources | prometheus.enabled |
 * | kube-prometheus-stack | config-reloader | 〃 | …containers[name=config-reloader].securityContext | prometheusOperator.prometheusConfigReloader.resources | prometheus.enabled |
 * | kube-prometheus-stack | init-config-reloader | 〃 | …initContainers[name=init-config-reloader].securityContext | 〃 | prometheus.enabled |
 * | kube-prometheus-stack | prometheus-operator | prometheusOperator.securityContext | prometheusOperator.containerSecurityContext | prometheusOperator.resources | prometheusOperator.enabled |
 * | kube-prometheus-stack | create, patch (webhook cert jobs) | prometheusOperator.admissionWebhooks.patch.securityContext | …admissionWebhooks.createSecretJob / patchWebhookJob .securityContext | …admissionWebhooks.patch.resources | admissionWebhooks.enabled and patch.enabled |
 * | kube-prometheus-stack | webhook (deployment) | …admissionWebhooks.deployment.securityContext | …deployment.containerSecurityContext | …deployment.resources | admissionWebhooks.deployment.enabled |
 * | kube-prometheus-stack | busybox, kubectl (CRD upgrade job) | crds.upgradeJob.podSecurityContext | crds.upgradeJob.containerSecurityContext | crds.upgradeJob.resources | crds.upgradeJob.enabled |
 * | kube-prometheus-stack | kube-state-metrics | kube-state-metrics.securityContext | kube-state-metrics.containerSecurityContext | kube-state-metrics.resources | kubeStateMetrics.enabled |
 * | kube-prometheus-stack | node-exporter | prometheus-node-exporter.securityContext | prometheus-node-exporter.containerSecurityContext | prometheus-node-exporter.resources | nodeExporter.enabled |
 * | alertmanager | alertmanager | podSecurityContext | securityContext | resources | always |
 * | alertmanager | configmap-reload | podSecurityContext | configmapReload.securityContext | configmapReload.resources | configmapReload.enabled |
 * | grafana | grafana | securityContext | containerSecurityContext | resources | always |
 * | grafana | grafana-sc-<kind> | securityContext | sidecar.securityContext | sidecar.resources | sidecar.<kind>.enabled |
 * | grafana | init-chown-data | securityContext | initChownData.securityContext | initChownData.resources | initChownData.enabled and persistence.enabled |
 * | grafana | download-dashboards | securityContext | downloadDashboards.securityContext | downloadDashboards.resources | dashboards set |
 * | loki | loki (each of singleBinary, distributor, querier, …) | loki.podSecurityContext | loki.containerSecurityContext | <component>.resources | <component>.replicas > 0 |
 * | loki | loki-sc-rules | loki.podSecurityContext | sidecar.securityContext | sidecar.resources | sidecar.rules.enabled |
 * | loki | nginx (gateway) | gateway.podSecurityContext | gateway.containerSecurityContext | gateway.resources | gateway.enabled |
 * | loki | memcached (chunks / results cache) | memcached.podSecurityContext | memcached.containerSecurityContext | chunksCache / resultsCache .resources | <cache>.enabled |
 * | loki | exporter (chunks / results cache) | memcached.podSecurityContext | memcachedExporter.containerSecurityContext | memcachedExporter.resources | <cache>.enabled and memcachedExporter.enabled |
 * | fluent-bit | fluent-bit | podSecurityContext | securityContext | resources | always |
 * | fluent-bit | reloader | podSecurityContext | hotReload.securityContext | hotReload.resources | hotReload.enabled |
 * | jaeger | jaeger | jaeger.podSecurityContext | jaeger.securityContext | jaeger.resources | jaeger.enabled |
 * | jaeger | es-index-cleaner, es-rollover, es-lookback, spark | <job>.podSecurityContext | <job>.securityContext | <job>.resources | <job>.enabled |
 * | opentelemetry-collector | opentelemetry-collector | podSecurityContext | securityContext | resources | always |
 * | datadog | cluster-agent | clusterAgent.securityContext | clusterAgent.containers.clusterAgent.securityContext | clusterAgent.resources | clusterAgent.enabled |
 * | datadog | init-volume (cluster agent) | clusterAgent.securityContext | clusterAgent.containers.initContainers.securityContext | clusterAgent.containers.initContainers.resources | clusterAgent.enabled |
 * | datadog | agent, trace-agent, process-agent, system-probe, security-agent | datadog.securityContext | agents.containers.<c>.securityContext | agents.containers.<c>.resources | feature on (see table) |
 * | datadog | init-volume, init-config (node agent) | datadog.securityContext | agents.containers.initContainers.securityContext | agents.containers.initContainers.resources | always |
 *
 * Values are Helm-merged over the pinned chart's values.yaml (../shared/charts) before the walk, so a
 * chart default counts exactly as Helm would apply it. Workloads the table does not map must be off
 * (OFF_SWITCHES). The manifests chart delivers only non-pod objects (checked too).
 */

type Values = Record<string, any>;

interface ContainerMapping {
  readonly container: string;
  readonly when: (v: Values) => boolean;
  readonly pod: string;
  readonly securityContext: string;
  readonly resources: string;
  /** The chart puts this pod in the host's network/PID namespaces unless told otherwise. */
  readonly hostNamespaces?: (v: Values) => boolean;
}

const on = (path: string) => (v: Values) => get(v, path) === true;
const always = () => true;

const LOKI_COMPONENTS = [
  'singleBinary', 'read', 'write', 'backend', 'distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway',
  'ingester', 'compactor', 'ruler', 'bloomGateway', 'bloomPlanner', 'bloomBuilder', 'patternIngester', 'overridesExporter',
];

const MAPPINGS: Record<string, readonly ContainerMapping[]> = {
  'kube-prometheus-stack': [
    ...[['prometheus', 'containers', 'prometheus.prometheusSpec.resources'], ['config-reloader', 'containers', 'prometheusOperator.prometheusConfigReloader.resources'], ['init-config-reloader', 'initContainers', 'prometheusOperator.prometheusConfigReloader.resources']].map(([container, list, resources]) => ({
      container, when: on('prometheus.enabled'), pod: 'prometheus.prometheusSpec.securityContext',
      securityContext: `prometheus.prometheusSpec.${list}[name=${container}].securityContext`, resources,
    })),
    { container: 'prometheus-operator', when: on('prometheusOperator.enabled'), pod: 'prometheusOperator.securityContext', securityContext: 'prometheusOperator.containerSecurityContext', resources: 'prometheusOperator.resources' },
    ...(['createSecretJob', 'patchWebhookJob'] as const).map((job) => ({
      container: job === 'createSecretJob' ? 'create' : 'patch',
      when: (v: Values) => get(v, 'prometheusOperator.admissionWebhooks.enabled') === true && get(v, 'prometheusOperator.admissionWebhooks.patch.enabled') === true,
      pod: 'prometheusOperator.admissionWebhooks.patch.securityContext', securityContext: `prometheusOperator.admissionWebhooks.${job}.securityContext`, resources: 'prometheusOperator.admissionWebhooks.patch.resources',
    })),
    { container: 'webhook', when: on('prometheusOperator.admissionWebhooks.deployment.enabled'), pod: 'prometheusOperator.admissionWebhooks.deployment.securityContext', securityContext: 'prometheusOperator.admissionWebhooks.deployment.containerSecurityContext', resources: 'prometheusOperator.admissionWebhooks.deployment.resources' },
    ...['busybox', 'kubectl'].map((container) => ({ container, when: on('crds.upgradeJob.enabled'), pod: 'crds.upgradeJob.podSecurityContext', securityContext: 'crds.upgradeJob.containerSecurityContext', resources: 'crds.upgradeJob.resources' })),
    { container: 'kube-state-metrics', when: on('kubeStateMetrics.enabled'), pod: 'kube-state-metrics.securityContext', securityContext: 'kube-state-metrics.containerSecurityContext', resources: 'kube-state-metrics.resources' },
    {
      container: 'node-exporter', when: on('nodeExporter.enabled'), pod: 'prometheus-node-exporter.securityContext', securityContext: 'prometheus-node-exporter.containerSecurityContext', resources: 'prometheus-node-exporter.resources',
      // prometheus-node-exporter 4.56.1 defaults hostNetwork and hostPID to true.
      hostNamespaces: (v) => get(v, 'prometheus-node-exporter.hostNetwork') !== false || get(v, 'prometheus-node-exporter.hostPID') !== false,
    },
  ],
  alertmanager: [
    { container: 'alertmanager', when: always, pod: 'podSecurityContext', securityContext: 'securityContext', resources: 'resources' },
    { container: 'configmap-reload', when: on('configmapReload.enabled'), pod: 'podSecurityContext', securityContext: 'configmapReload.securityContext', resources: 'configmapReload.resources' },
  ],
  grafana: [
    { container: 'grafana', when: always, pod: 'securityContext', securityContext: 'containerSecurityContext', resources: 'resources' },
    ...['alerts', 'dashboards', 'datasources', 'plugins', 'notifiers'].map((kind) => ({ container: `grafana-sc-${kind}`, when: on(`sidecar.${kind}.enabled`), pod: 'securityContext', securityContext: 'sidecar.securityContext', resources: 'sidecar.resources' })),
    { container: 'init-chown-data', when: (v: Values) => get(v, 'initChownData.enabled') === true && get(v, 'persistence.enabled') === true, pod: 'securityContext', securityContext: 'initChownData.securityContext', resources: 'initChownData.resources' },
    { container: 'download-dashboards', when: (v: Values) => Object.keys(get(v, 'dashboards') ?? {}).length > 0, pod: 'securityContext', securityContext: 'downloadDashboards.securityContext', resources: 'downloadDashboards.resources' },
  ],
  loki: [
    ...LOKI_COMPONENTS.map((component) => ({ container: `loki (${component})`, when: (v: Values) => (get(v, `${component}.replicas`) ?? 0) > 0, pod: 'loki.podSecurityContext', securityContext: 'loki.containerSecurityContext', resources: `${component}.resources` })),
    { container: 'loki-sc-rules', when: on('sidecar.rules.enabled'), pod: 'loki.podSecurityContext', securityContext: 'sidecar.securityContext', resources: 'sidecar.resources' },
    { container: 'nginx (gateway)', when: on('gateway.enabled'), pod: 'gateway.podSecurityContext', securityContext: 'gateway.containerSecurityContext', resources: 'gateway.resources' },
    ...['chunksCache', 'resultsCache'].flatMap((cache) => [
      { container: `memcached (${cache})`, when: on(`${cache}.enabled`), pod: 'memcached.podSecurityContext', securityContext: 'memcached.containerSecurityContext', resources: `${cache}.resources` },
      { container: `exporter (${cache})`, when: (v: Values) => get(v, `${cache}.enabled`) === true && get(v, 'memcachedExporter.enabled') === true, pod: 'memcached.podSecurityContext', securityContext: 'memcachedExporter.containerSecurityContext', resources: 'memcachedExporter.resources' },
    ]),
  ],
  'fluent-bit': [
    { container: 'fluent-bit', when: always, pod: 'podSecurityContext', securityContext: 'securityContext', resources: 'resources' },
    { container: 'reloader', when: on('hotReload.enabled'), pod: 'podSecurityContext', securityContext: 'hotReload.securityContext', resources: 'hotReload.resources' },
  ],
  jaeger: [
    { container: 'jaeger', when: on('jaeger.enabled'), pod: 'jaeger.podSecurityContext', securityContext: 'jaeger.securityContext', resources: 'jaeger.resources' },
    ...[['esIndexCleaner', 'es-index-cleaner'], ['esRollover', 'es-rollover'], ['esLookback', 'es-lookback'], ['spark', 'spark']].map(([key, container]) => ({
      container, when: on(`${key}.enabled`), pod: `${key}.podSecurityContext`, securityContext: `${key}.securityContext`, resources: `${key}.resources`,
    })),
  ],
  'opentelemetry-collector': [
    { container: 'opentelemetry-collector', when: always, pod: 'podSecurityContext', securityContext: 'securityContext', resources: 'resources' },
  ],
  datadog: [
    { container: 'cluster-agent', when: on('clusterAgent.enabled'), pod: 'clusterAgent.securityContext', securityContext: 'clusterAgent.containers.clusterAgent.securityContext', resources: 'clusterAgent.resources' },
    { container: 'init-volume (cluster agent)', when: on('clusterAgent.enabled'), pod: 'clusterAgent.securityContext', securityContext: 'clusterAgent.containers.initContainers.securityContext', resources: 'clusterAgent.containers.initContainers.resources' },
    ...([
      ['agent', 'agent', always],
      ['trace-agent', 'traceAgent', (v: Values) => [get(v, 'datadog.apm.socketEnabled'), get(v, 'datadog.apm.portEnabled'), get(v, 'datadog.apm.enabled')].includes(true)],
      ['process-agent', 'processAgent', on('datadog.processAgent.enabled')],
      ['system-probe', 'systemProbe', (v: Values) => [get(v, 'datadog.networkMonitoring.enabled'), get(v, 'datadog.serviceMonitoring.enabled'), get(v, 'datadog.securityAgent.runtime.enabled')].includes(true)],
      ['security-agent', 'securityAgent', (v: Values) => [get(v, 'datadog.securityAgent.compliance.enabled'), get(v, 'datadog.securityAgent.runtime.enabled')].includes(true)],
      ['init-volume', 'initContainers', always],
      ['init-config', 'initContainers', always],
    ] as Array<[string, string, (v: Values) => boolean]>).map(([container, key, when]) => ({
      container, when, pod: 'datadog.securityContext', securityContext: `agents.containers.${key}.securityContext`, resources: `agents.containers.${key}.resources`,
    })),
  ],
};

/** Workloads the mapping does not cover: each must stay off (value at the path must be false / 0). */
const OFF_SWITCHES: Record<string, readonly string[]> = {
  'kube-prometheus-stack': ['alertmanager.enabled', 'grafana.enabled', 'thanosRuler.enabled', 'windowsMonitoring.enabled', 'prometheus-node-exporter.kubeRBACProxy.enabled'],
  alertmanager: ['testFramework.enabled'],
  grafana: ['testFramework.enabled', 'imageRenderer.enabled'],
  loki: ['lokiCanary.enabled', 'test.enabled', 'minio.enabled', 'rollout_operator.enabled'],
  'fluent-bit': ['testFramework.enabled'],
  jaeger: ['hotrod.enabled'],
  'opentelemetry-collector': [],
  datadog: ['clusterChecksRunner.enabled', 'datadog.kubeStateMetricsEnabled', 'datadog.operator.enabled', 'otelAgentGateway.enabled', 'datadog.otelCollector.enabled', 'datadog.privateActionRunner.enabled', 'datadog.dataPlane.enabled', 'datadog.hostProfiler.enabled'],
};

const CHARTS: Record<string, HelmChartRef> = Object.fromEntries(Object.values(Charts).map((chart) => [chart.chart, chart]));
const POD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController'];

// ---- helpers -------------------------------------------------------------------------------------

/** Reads `a.b[name=x].c` from values. */
function get(values: unknown, path: string): any {
  let node: any = values;
  for (const segment of path.split('.')) {
    const match = /^(.+)\[name=(.+)\]$/.exec(segment);
    if (node === undefined || node === null) return undefined;
    if (match) {
      const list = node[match[1]];
      node = Array.isArray(list) ? list.find((item) => item?.name === match[2]) : undefined;
    } else {
      node = node[segment];
    }
  }
  return node;
}

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's coalescing of user values over chart defaults: maps merge, everything else replaces; null deletes. */
function helmMerge(defaults: unknown, ours: unknown): unknown {
  if (!isMap(defaults) || !isMap(ours)) return ours === undefined ? defaults : ours;
  const out: Values = { ...defaults };
  for (const [key, value] of Object.entries(ours)) {
    if (value === null) delete out[key];
    else out[key] = helmMerge(defaults[key], value);
  }
  return out;
}

interface Violation {
  readonly chart: string;
  readonly container: string;
  readonly check: SafeDefaultCheck;
  readonly detail: string;
}

const key = (v: { chart: string; container: string; check: string }) => `${v.chart} / ${v.container} / ${v.check}`;

/** Every departure from the safe defaults of one chart's (merged) values. */
function containerViolations(chart: string, values: Values): Violation[] {
  const mappings = MAPPINGS[chart];
  if (!mappings) throw new Error(`chart ${chart} has no container mapping in this test; add its rows to MAPPINGS.`);
  const out: Violation[] = [];
  for (const m of mappings.filter((mapping) => mapping.when(values))) {
    const pod: Values = get(values, m.pod) ?? {};
    const sc: Values = get(values, m.securityContext) ?? {};
    const res: Values = get(values, m.resources) ?? {};
    const fail = (check: SafeDefaultCheck, detail: string) => out.push({ chart, container: m.container.replace(/ \(.*\)$/, ''), check, detail: `${m.container}: ${detail}` });
    const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    const runAsUser = sc.runAsUser ?? pod.runAsUser;
    if (runAsNonRoot !== true || runAsUser === 0) fail('runAsNonRoot', `runAsNonRoot ${runAsNonRoot}, runAsUser ${runAsUser}`);
    if (sc.allowPrivilegeEscalation !== false || sc.privileged === true) fail('allowPrivilegeEscalation', `allowPrivilegeEscalation ${sc.allowPrivilegeEscalation}, privileged ${sc.privileged}`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL') || (sc.capabilities?.add ?? []).length > 0) fail('capabilities', `capabilities ${JSON.stringify(sc.capabilities)}`);
    if (sc.readOnlyRootFilesystem !== true) fail('readOnlyRootFilesystem', `readOnlyRootFilesystem ${sc.readOnlyRootFilesystem}`);
    if ((sc.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') fail('seccomp', `seccompProfile ${JSON.stringify(sc.seccompProfile ?? pod.seccompProfile)}`);
    const missing = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].filter((p) => !get(res, p));
    if (missing.length > 0) fail('resources', `resources lack ${missing.join(', ')}`);
    if (m.hostNamespaces?.(values)) fail('hostNamespaces', 'hostNetwork / hostPID');
  }
  for (const path of OFF_SWITCHES[chart] ?? []) {
    const value = get(values, path);
    if (value !== undefined && value !== false && value !== 0) out.push({ chart, container: path, check: 'resources', detail: `${path} is on, but this test maps no containers for it` });
  }
  return out;
}

interface Release {
  readonly id: string;
  readonly chart: string;
  /** Our values merged over the chart's defaults. */
  readonly values: Values;
  /** Our values only. */
  readonly ours: Values;
}

function releasesOf(json: Values): Release[] {
  return Object.entries(resourcesOfType(json, 'helm_release')).map(([id, release]) => {
    const ours = (parse(unescapeTerraformTemplate(release.values[0])) ?? {}) as Values;
    const ref = CHARTS[release.chart];
    const defaults = ref ? chartDefaults(ref) : undefined;
    return { id, chart: ref ? release.chart : 'manifests', ours, values: helmMerge(defaults ?? {}, ours) as Values };
  });
}

/** Departures of pod-bearing kubernetes_* resources (the stack has none; a future one is checked here). */
function kubernetesObjectViolations(json: Values): Violation[] {
  const out: Violation[] = [];
  for (const [type, resources] of Object.entries<Values>(json.resource ?? {})) {
    if (!/^kubernetes_(pod|deployment|daemon_?set|stateful_set|replication_controller|job|cron_job)/.test(type)) continue;
    for (const [id, resource] of Object.entries<Values>(resources)) {
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

/** Violations not covered by the one allowlist. */
function unlisted(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => !SAFE_DEFAULT_EXCEPTIONS.some((e) => e.chart === v.chart && e.containers.includes(v.container) && e.checks.includes(v.check)));
}

// ---- NetworkPolicy evaluation (networking.k8s.io/v1 semantics over the synthesized objects) ------

interface Pod { readonly namespace: string; readonly labels: Record<string, string> }
type Source = Pod | 'outside the pod network';

function selects(selector: Values | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const matchLabels = selector.match_labels ?? {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return (selector.match_expressions ?? []).every((e: Values) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In': return value !== undefined && e.values.includes(value);
      case 'NotIn': return value === undefined || !e.values.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: throw new Error(`unknown operator ${e.operator}`);
    }
  });
}

function policiesOf(json: Values): Values[] {
  return Object.values(resourcesOfType(json, 'kubernetes_network_policy_v1'));
}

/** Whether `source` may open a connection to `target` on `port`. */
function reachable(policies: readonly Values[], target: Pod, source: Source, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  const selecting = policies.filter((p) => p.metadata.namespace === target.namespace && (p.spec.policy_types ?? ['Ingress']).includes('Ingress') && selects(p.spec.pod_selector, target.labels));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec.ingress ?? []).some((rule: Values) => {
    const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((rp: Values) => rp.port === String(port) && (rp.protocol ?? 'TCP') === protocol);
    if (!portOk) return false;
    if (!rule.from || rule.from.length === 0) return true;
    return rule.from.some((peer: Values) => {
      if (source === 'outside the pod network') return false;
      if (peer.ip_block) return false;
      const nsLabels = { 'kubernetes.io/metadata.name': source.namespace };
      const nsOk = peer.namespace_selector ? selects(peer.namespace_selector, nsLabels) : source.namespace === p.metadata.namespace;
      return nsOk && (peer.pod_selector ? selects(peer.pod_selector, source.labels) : true);
    });
  }));
}

// The pods the charts render, with their labels as the charts set them (plus labels the selectors must ignore).
const NS = 'monitoring';
const pod = (labels: Record<string, string>, namespace = NS): Pod => ({ namespace, labels: { 'helm.sh/chart': 'x', ...labels } });
const k8s = (name: string, instance: string, component?: string) => pod({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance, ...(component ? { 'app.kubernetes.io/component': component } : {}) });
const PODS = {
  prometheus: pod({ 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'kube-prometheus-stack-prometheus', prometheus: 'kube-prometheus-stack-prometheus', 'operator.prometheus.io/name': 'kube-prometheus-stack-prometheus' }),
  operator: pod({ app: 'kube-prometheus-stack-operator', release: 'kube-prometheus-stack', 'app.kubernetes.io/component': 'prometheus-operator' }),
  kubeStateMetrics: k8s('kube-state-metrics', 'kube-prometheus-stack'),
  alertmanager: k8s('alertmanager', 'alertmanager'),
  grafana: k8s('grafana', 'grafana'),
  lokiGateway: k8s('loki', 'loki', 'gateway'),
  lokiBackend: k8s('loki', 'loki', 'single-binary'),
  lokiIngester: k8s('loki', 'loki', 'ingester'),
  lokiDistributor: k8s('loki', 'loki', 'distributor'),
  fluentBit: k8s('fluent-bit', 'fluent-bit'),
  jaeger: k8s('jaeger', 'jaeger', 'all-in-one'),
  otelCollector: pod({ 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': 'otel-collector', component: 'standalone-collector' }),
  datadogAgent: pod({ app: 'datadog', 'app.kubernetes.io/name': 'datadog' }),
  datadogClusterAgent: pod({ app: 'datadog-cluster-agent', 'app.kubernetes.io/name': 'datadog' }),
  hookJob: pod({ 'batch.kubernetes.io/job-name': 'kube-prometheus-stack-admission-create' }),
  app: pod({ app: 'api-gateway' }, 'mindweave-services'),
  ingressController: pod({ 'app.kubernetes.io/name': 'ingress-nginx' }, 'ingress-nginx'),
};

type Expectation = [target: keyof typeof PODS, source: keyof typeof PODS | 'outside', port: number, allowed: boolean, protocol?: 'UDP'];

/** Who must and must not reach each component (issue 10 item 5). */
function intendedReachability(env: { grafanaIngress: boolean; datadog: boolean }): Expectation[] {
  return [
    ['prometheus', 'grafana', 9090, true], ['prometheus', 'lokiBackend', 9090, true], ['prometheus', 'app', 9090, false], ['prometheus', 'ingressController', 9090, false],
    ['alertmanager', 'prometheus', 9093, true], ['alertmanager', 'lokiBackend', 9093, true], ['alertmanager', 'grafana', 9093, true],
    ['alertmanager', 'alertmanager', 9094, true], ['alertmanager', 'alertmanager', 9094, true, 'UDP'], ['alertmanager', 'fluentBit', 9093, false], ['alertmanager', 'app', 9093, false], ['alertmanager', 'prometheus', 9094, false],
    ['lokiGateway', 'fluentBit', 8080, true], ['lokiGateway', 'grafana', 8080, true], ['lokiGateway', 'app', 8080, false], ['lokiGateway', 'jaeger', 8080, false],
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

function reachabilityErrors(json: Values, expectations: readonly Expectation[]): string[] {
  const policies = policiesOf(json);
  return expectations
    .filter(([target, source, port, allowed, protocol]) => reachable(policies, PODS[target], source === 'outside' ? 'outside the pod network' : PODS[source], port, protocol ?? 'TCP') !== allowed)
    .map(([target, source, port, allowed, protocol]) => `${source} → ${target}:${port}${protocol ? `/${protocol}` : ''} should be ${allowed ? 'allowed' : 'denied'}`);
}

// ---- PodDisruptionBudgets ---------------------------------------------------------------------------

/** Replicated workloads (replicas > 1) of the stack without a PodDisruptionBudget, from values or objects. */
function pdbViolations(json: Values, releases: readonly Release[]): string[] {
  const budgets = Object.values(resourcesOfType(json, 'kubernetes_pod_disruption_budget_v1'));
  const objectFor = (target: Pod) => budgets.some((b) => b.metadata.namespace === target.namespace && selects(b.spec.selector, target.labels) && (b.spec.max_unavailable || b.spec.min_available));
  const budgetSet = (pdb: Values | undefined) => pdb !== undefined && (pdb.maxUnavailable !== undefined && pdb.maxUnavailable !== null || pdb.minAvailable !== undefined && pdb.minAvailable !== null);
  const out: string[] = [];
  for (const { chart, values: v } of releases) {
    const need = (what: string, replicas: number | undefined, ok: boolean) => {
      if ((replicas ?? 1) > 1 && !ok) out.push(`${chart} ${what} runs ${replicas} replicas without a PodDisruptionBudget`);
    };
    if (chart === 'kube-prometheus-stack') need('prometheus', get(v, 'prometheus.prometheusSpec.replicas'), get(v, 'prometheus.podDisruptionBudget.enabled') === true && budgetSet(get(v, 'prometheus.podDisruptionBudget')));
    if (chart === 'alertmanager') need('alertmanager', get(v, 'replicaCount'), budgetSet(get(v, 'podDisruptionBudget')));
    if (chart === 'grafana') need('grafana', get(v, 'replicas'), budgetSet(get(v, 'podDisruptionBudget')));
    if (chart === 'loki') {
      for (const component of [...LOKI_COMPONENTS, 'gateway']) {
        need(component, get(v, `${component}.replicas`), get(v, `${component}.podDisruptionBudget.enabled`) === true && budgetSet(get(v, `${component}.podDisruptionBudget`)));
      }
    }
    if (chart === 'jaeger') need('jaeger', get(v, 'jaeger.replicas'), objectFor(PODS.jaeger));
    if (chart === 'opentelemetry-collector') need('collector', get(v, 'replicaCount'), objectFor(PODS.otelCollector) || (get(v, 'podDisruptionBudget.enabled') === true && budgetSet(get(v, 'podDisruptionBudget'))));
    if (chart === 'datadog') need('cluster agent', get(v, 'clusterAgent.replicas'), get(v, 'clusterAgent.pdb.create') === true);
  }
  return out;
}

// ---- the walk, per environment ------------------------------------------------------------------------

const { stacks } = buildExampleApp();
const synthesized = stacks.map((stack) => {
  const json = synthJson(stack);
  return { stack, json, releases: releasesOf(json) };
});
const sharedChartsPresent = chartDefaults(Charts.grafana) !== undefined;

describe.each(synthesized.map((s) => [s.stack.environment.name, s] as const))('safe defaults in %s', (_name, { stack, json, releases }) => {
  test('every container of every chart: non-root, no escalation, no capabilities, read-only root, RuntimeDefault seccomp, requests and limits — or a listed exception', () => {
    const violations = releases.filter((r) => r.chart !== 'manifests').flatMap((r) => containerViolations(r.chart, r.values));
    expect(unlisted(violations).map((v) => `${key(v)}: ${v.detail}`)).toEqual([]);
    // the walk saw every chart release of the stack
    expect(releases.filter((r) => r.chart !== 'manifests').length).toBe(stack.environment.components.datadog ? 8 : 7);
  });

  test('the manifests releases deliver no workloads, and no kubernetes_* resource runs a pod unchecked', () => {
    for (const release of releases.filter((r) => r.chart === 'manifests')) {
      const kinds = (release.ours.manifests as Values[]).map((m) => m.kind);
      expect([release.id, kinds.filter((kind) => POD_KINDS.includes(kind))]).toEqual([release.id, []]);
    }
    expect(unlisted(kubernetesObjectViolations(json))).toEqual([]);
  });

  test('NetworkPolicies: a default deny, and each component reachable by its intended peers only', () => {
    const policies = policiesOf(json);
    const deny = policies.find((p) => p.metadata.name === 'default-deny-ingress');
    expect(deny).toMatchObject({ metadata: { namespace: NS }, spec: { pod_selector: {}, policy_types: ['Ingress'] } });
    expect(deny?.spec.ingress ?? []).toEqual([]);
    // every rule names its peers or is limited to ports: no rule opens a pod to everything on every port
    for (const p of policies) for (const rule of p.spec.ingress ?? []) expect([p.metadata.name, (rule.from?.length ?? 0) > 0 || (rule.ports?.length ?? 0) > 0]).toEqual([p.metadata.name, true]);
    const env = { grafanaIngress: stack.grafana?.ingress !== undefined, datadog: stack.datadog !== undefined };
    expect(reachabilityErrors(json, intendedReachability(env))).toEqual([]);
    // node-exporter is the one component without a policy (host network): it is the listed exception
    expect(SAFE_DEFAULT_EXCEPTIONS.some((e) => e.containers.includes('node-exporter') && e.checks.includes('networkPolicy'))).toBe(true);
  });

  test('PodDisruptionBudgets for every replicated component', () => {
    expect(pdbViolations(json, releases)).toEqual([]);
  });
});

test('prod runs every replicated component with more than one replica, so the budget check is not vacuous', () => {
  const prod = synthesized.find((s) => s.stack.environment.name === 'prod')!;
  const values = (chart: string) => prod.releases.find((r) => r.chart === chart)!.values;
  expect(get(values('kube-prometheus-stack'), 'prometheus.prometheusSpec.replicas')).toBeGreaterThan(1);
  expect(get(values('alertmanager'), 'replicaCount')).toBeGreaterThan(1);
  expect(get(values('grafana'), 'replicas')).toBeGreaterThan(1);
  for (const c of ['gateway', 'distributor', 'querier', 'queryFrontend', 'ingester']) expect([c, get(values('loki'), `${c}.replicas`) > 1]).toEqual([c, true]);
  expect(get(values('jaeger'), 'jaeger.replicas')).toBeGreaterThan(1);
  expect(get(values('opentelemetry-collector'), 'replicaCount')).toBeGreaterThan(1);
  expect(get(values('datadog'), 'clusterAgent.replicas')).toBeGreaterThan(1);
  expect(Object.values(resourcesOfType(prod.json, 'kubernetes_pod_disruption_budget_v1')).map((b: any) => b.metadata.name).sort()).toEqual(['jaeger', 'otel-collector']);
});

test('every listed exception is still needed somewhere (no stale entries)', () => {
  const all = synthesized.flatMap((s) => s.releases.filter((r) => r.chart !== 'manifests').flatMap((r) => containerViolations(r.chart, r.values)));
  const used = new Set(all.map(key));
  for (const e of SAFE_DEFAULT_EXCEPTIONS) {
    expect(e.reason.length).toBeGreaterThan(40);
    for (const container of e.containers) {
      for (const check of e.checks.filter((c) => c !== 'networkPolicy')) {
        expect([key({ chart: e.chart, container, check }), used.has(key({ chart: e.chart, container, check }))]).toEqual([key({ chart: e.chart, container, check }), true]);
      }
    }
  }
});

describe('the walker catches violations (negative cases)', () => {
  const prod = synthesized.find((s) => s.stack.environment.name === 'prod')!;
  const release = (chart: string) => prod.releases.find((r) => r.chart === chart)!;
  const merged = (chart: string, edit: (ours: Values) => void): Values => {
    const ours = structuredClone(release(chart).ours);
    edit(ours);
    return helmMerge(sharedChartsPresent ? chartDefaults(CHARTS[chart]) : {}, ours) as Values;
  };

  test('a removed securityContext falls back to the chart default, which lacks readOnlyRootFilesystem', () => {
    const values = merged('grafana', (v) => delete v.sidecar.securityContext);
    expect(unlisted(containerViolations('grafana', values)).map(key)).toContain('grafana / grafana-sc-dashboards / readOnlyRootFilesystem');
  });

  test('a container without resources (kube-state-metrics), a root Prometheus, an escalating operator', () => {
    const values = merged('kube-prometheus-stack', (v) => {
      delete v['kube-state-metrics'].resources;
      v.prometheus.prometheusSpec.securityContext = { ...v.prometheus.prometheusSpec.securityContext, runAsUser: 0 };
      v.prometheusOperator.containerSecurityContext = { ...v.prometheusOperator.containerSecurityContext, allowPrivilegeEscalation: true };
    });
    const found = unlisted(containerViolations('kube-prometheus-stack', values)).map(key);
    expect(found).toEqual(expect.arrayContaining([
      'kube-prometheus-stack / kube-state-metrics / resources',
      'kube-prometheus-stack / prometheus / runAsNonRoot',
      'kube-prometheus-stack / prometheus-operator / allowPrivilegeEscalation',
    ]));
  });

  test('an added capability, a chart workload the mapping does not cover, an unlisted host namespace', () => {
    const otel = merged('opentelemetry-collector', (v) => (v.securityContext = { ...v.securityContext, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }));
    expect(unlisted(containerViolations('opentelemetry-collector', otel)).map(key)).toEqual(['opentelemetry-collector / opentelemetry-collector / capabilities']);
    const loki = merged('loki', (v) => (v.lokiCanary = { enabled: true }));
    expect(containerViolations('loki', loki).map((x) => x.detail)).toContain('lokiCanary.enabled is on, but this test maps no containers for it');
    const viaException = containerViolations('kube-prometheus-stack', release('kube-prometheus-stack').values).filter((v) => v.check === 'hostNamespaces');
    expect(viaException.map(key)).toEqual(['kube-prometheus-stack / node-exporter / hostNamespaces']);
    expect(unlisted(viaException)).toEqual([]);
  });

  test('a pod-bearing kubernetes_* object without a securityContext', () => {
    const fake = { resource: { kubernetes_deployment_v1: { x: { spec: { template: { spec: { container: [{ name: 'app', resources: { requests: {}, limits: {} } }] } } } } } } };
    expect(kubernetesObjectViolations(fake).map((v) => v.check)).toEqual(['runAsNonRoot', 'allowPrivilegeEscalation', 'capabilities', 'readOnlyRootFilesystem', 'seccomp']);
  });

  test('a component with 2 replicas and no PodDisruptionBudget', () => {
    const without = (chart: string, edit: (ours: Values) => void) => prod.releases.map((r) => (r.chart === chart ? { ...r, values: merged(chart, edit) } : r));
    expect(pdbViolations(prod.json, without('grafana', (v) => delete v.podDisruptionBudget))).toEqual(['grafana grafana runs 2 replicas without a PodDisruptionBudget']);
    expect(pdbViolations(prod.json, without('loki', (v) => (v.querier.podDisruptionBudget = { enabled: false })))).toEqual(['loki querier runs 3 replicas without a PodDisruptionBudget']);
    const noObjects = { ...prod.json, resource: { ...prod.json.resource, kubernetes_pod_disruption_budget_v1: {} } };
    expect(pdbViolations(noObjects, prod.releases)).toEqual(['jaeger jaeger runs 2 replicas without a PodDisruptionBudget', 'opentelemetry-collector collector runs 2 replicas without a PodDisruptionBudget']);
  });

  test('a missing or too wide NetworkPolicy', () => {
    const policies = (json: Values) => json.resource.kubernetes_network_policy_v1 as Record<string, Values>;
    const edited = (edit: (p: Record<string, Values>) => void): Values => {
      const json = structuredClone(prod.json);
      edit(policies(json));
      return json;
    };
    const env = { grafanaIngress: true, datadog: true };
    // Jaeger's policy removed: the default deny now also blocks the collector and Grafana
    const noJaeger = edited((p) => { for (const [id, v] of Object.entries(p)) if (v.metadata.name === 'jaeger') delete p[id]; });
    expect(reachabilityErrors(noJaeger, intendedReachability(env))).toEqual(expect.arrayContaining(['otelCollector → jaeger:4317 should be allowed', 'grafana → jaeger:16686 should be allowed']));
    // Prometheus opened to every namespace
    const wide = edited((p) => { for (const v of Object.values(p)) if (v.metadata.name === 'prometheus') v.spec.ingress[0].from = [{ namespace_selector: {} }]; });
    expect(reachabilityErrors(wide, intendedReachability(env))).toEqual(['app → prometheus:9090 should be denied', 'ingressController → prometheus:9090 should be denied']);
  });
});
