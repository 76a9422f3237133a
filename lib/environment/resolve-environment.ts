import { toDuration } from '../core/duration';
import { DNS_LABEL, checkNumberInRange, checkOptionalList, checkOptionalStringMap, isObjectMap } from '../core/input-checks';
import { validateResources } from '../core/resources';
import { ValidationError, show, withPath } from '../core/validation-error';
import { DATADOG_BILLED_CHOICES, DatadogEnvironmentOptions } from '../datadog/datadog-environment';
import { JAEGER_DEFAULTS } from '../jaeger/jaeger-defaults';
import { LokiTenancy } from '../loki/tenancy';
import { LOKI_DEFAULTS } from '../loki/loki-defaults';
import { PROMETHEUS_DEFAULTS } from '../prometheus/prometheus-defaults';
import { resolveControlPlane } from '../prometheus/platform';
import {
  BackendConfig,
  ComponentSizing,
  ComponentToggles,
  DEFAULT_SIZING,
  EnvironmentConfig,
  ResolvedEnvironment,
  ResolvedSizing,
  SizingConfig,
} from './environment-config';
import { EnvironmentMonitor, EnvironmentProbe, EnvironmentService } from './component-options';
import { serviceMonitorName } from './service-scraping';
import { checkChartValuesConfig, checkNetworkPoliciesConfig } from './extensions-config';

const ENV_NAME = /^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/;
const COMPONENTS: ReadonlyArray<keyof ComponentToggles> = [
  'prometheus', 'alertmanager', 'grafana', 'loki', 'logShipper', 'jaeger', 'otelCollector', 'datadog',
];

/** Fills in every default of an environment and checks every value; errors name `environment "<name>"`. */
export function resolveEnvironment(config: EnvironmentConfig): ResolvedEnvironment {
  const where = `environment ${show(config.name)}`;
  if (typeof config.name !== 'string' || !ENV_NAME.test(config.name)) {
    throw new ValidationError(where, `name ${show(config.name)} is not allowed; use up to 32 lowercase letters, digits and '-', starting with a letter (e.g. "prod").`);
  }
  for (const key of ['clusterName', 'region'] as const) {
    if (typeof config[key] !== 'string' || config[key].trim() === '') {
      throw new ValidationError(where, `${key} ${show(config[key])} is empty; name the cluster and region (they become Prometheus external labels).`);
    }
  }
  const namespace = config.namespace ?? 'monitoring';
  if (!DNS_LABEL.test(namespace)) {
    throw new ValidationError(where, `namespace ${show(namespace)} is not a DNS-1123 label; use lowercase letters, digits and '-' (e.g. "monitoring").`);
  }

  // Prometheus's own defaults; Prometheus checks its scrape interval and metrics retention (resolvePrometheus).
  const scrapeInterval = toDuration(config.scrapeInterval ?? PROMETHEUS_DEFAULTS.scrapeInterval, `${where} scrapeInterval`);
  const retention = {
    metrics: toDuration(config.retention?.metrics ?? PROMETHEUS_DEFAULTS.retentionPeriod, `${where} retention.metrics`),
    logs: toDuration(config.retention?.logs ?? LOKI_DEFAULTS.retentionPeriod, `${where} retention.logs`),
    traces: toDuration(config.retention?.traces ?? JAEGER_DEFAULTS.retention, `${where} retention.traces`),
  };
  // Loki and Jaeger do not know the scrape interval: this environment-level check is theirs.
  for (const [signal, kept] of [['logs', retention.logs], ['traces', retention.traces]] as const) {
    if (kept.compareTo(scrapeInterval) <= 0) {
      throw new ValidationError(where, `retention.${signal} ${show(kept.toPrometheus())} is not longer than the scrape interval ${show(scrapeInterval.toPrometheus())}; keep data for at least a few intervals (the seeds keep metrics 15d, logs 30d, traces 7d).`);
    }
  }

  const traceSampling = checkNumberInRange(config.traceSampling ?? JAEGER_DEFAULTS.samplingProbability, where, 'traceSampling', { min: 0, max: 1, integer: false }, {
    requirement: 'is outside [0, 1]',
    hint: '; it is a fraction of traces kept (0.1 keeps 10 %)',
  });

  const components = {} as Record<keyof ComponentToggles, boolean>;
  for (const component of COMPONENTS) components[component] = config.components?.[component] ?? component !== 'datadog';
  // Alertmanager needs to know who to tell; without `alerting` it is off unless asked for (then an error below).
  components.alertmanager = config.components?.alertmanager ?? config.alerting !== undefined;
  for (const key of Object.keys(config.components ?? {})) {
    if (!COMPONENTS.includes(key as keyof ComponentToggles)) {
      throw new ValidationError(where, `components.${key} is not a component; use one of ${COMPONENTS.join(', ')}.`);
    }
  }

  const sizing = {} as Record<keyof SizingConfig, ResolvedSizing>;
  for (const component of Object.keys(DEFAULT_SIZING) as Array<keyof SizingConfig>) {
    sizing[component] = resolveSizing(config.sizing?.[component], DEFAULT_SIZING[component], `${where} sizing.${component}`);
  }
  for (const key of Object.keys(config.sizing ?? {})) {
    if (!(key in DEFAULT_SIZING)) {
      throw new ValidationError(where, `sizing.${key} is not a sized component; use one of ${Object.keys(DEFAULT_SIZING).join(', ')}.`);
    }
  }

  if (config.backend) validateBackend(config.backend, where);
  checkOptionalStringMap(config.labels, where, 'labels', '{ team: "platform" }');
  const services = checkOptionalList(config.services, where, 'services', '{ service: "checkout", namespace: "shop" }');
  services.forEach((service, index) => checkService(service, index, where));
  const probes = checkProbes(config.probes, components, where);
  const monitors = checkMonitors(config.monitors, services, components, where);
  checkOptionalList(config.slos, where, 'slos', 'new ServiceLevelObjective({...})');
  checkOptionalList(config.prometheus?.remoteWrite, where, 'prometheus.remoteWrite', 'RemoteWrite.mimir({...})');
  if (components.datadog) checkDatadogChoices(config.datadog, components, where);
  if (config.logTenant !== undefined) withPath(where, () => LokiTenancy.multiTenant(config.logTenant!));
  if (components.alertmanager && !config.alerting) {
    throw new ValidationError(where, `components.alertmanager is on but \`alerting\` is not set, so no alert would reach anyone; give the severity policy's teams and receivers (alerting: { teams: [...], lowPriority: Receiver.email(...) }) or switch Alertmanager off.`);
  }
  if (components.alertmanager && !components.prometheus) {
    throw new ValidationError(where, `components.alertmanager is on without Prometheus; switch Prometheus on or Alertmanager off.`);
  }

  return {
    name: config.name,
    stackName: `monitoring-${config.name}`,
    clusterName: config.clusterName,
    region: config.region,
    // Checked here (errors name the environment); Prometheus applies the preset.
    platform: resolveControlPlane(config.platform, undefined, where).platform,
    namespace,
    components,
    scrapeInterval,
    retention,
    traceSampling,
    sizing,
    backend: config.backend,
    kubeconfig: { path: config.kubeconfig?.path ?? '~/.kube/config', context: config.kubeconfig?.context ?? '' },
    labels: { ...(config.labels ?? {}) },
    prometheus: config.prometheus ?? {},
    rulePacks: config.rulePacks ?? {},
    alerting: config.alerting,
    slos: config.slos ?? [],
    datadog: config.datadog ?? {},
    traceStorage: config.traceStorage,
    logStorage: config.logStorage,
    logTenant: config.logTenant,
    grafana: config.grafana ?? {},
    services: config.services ?? [],
    alertmanager: config.alertmanager ?? {},
    loki: config.loki ?? {},
    logShipper: config.logShipper ?? {},
    jaeger: config.jaeger ?? {},
    otelCollector: config.otelCollector ?? {},
    probes,
    blackboxExporter: config.blackboxExporter ?? {},
    monitors,
    chartValues: checkChartValuesConfig(config.chartValues, where),
    networkPolicies: checkNetworkPoliciesConfig(config.networkPolicies, where),
  };
}

/** Refuses a list entry that is not an object: `<at> <value> is not <what>; write e.g. <example>.` */
function checkEntry(entry: unknown, at: string, what: string, example: string, where: string): void {
  if (!isObjectMap(entry)) throw new ValidationError(where, `${at} ${show(entry)} is not ${what}; write e.g. ${example}.`);
}

const SERVICE_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;
const SERVICE_EXAMPLE = '{ service: "checkout", namespace: "shop" }';

/**
 * A `services` entry, checked at run time: configs written in JavaScript or loaded from YAML reach
 * here without the TypeScript types (a missing namespace once crashed the dashboard builder).
 */
function checkService(entry: unknown, index: number, where: string): void {
  const at = `services[${index}]`;
  checkEntry(entry, at, 'a service', SERVICE_EXAMPLE, where);
  const { service, namespace, scrape } = entry as { service?: unknown; namespace?: unknown; scrape?: unknown };
  if (typeof service !== 'string' || !SERVICE_NAME.test(service)) {
    throw new ValidationError(where, `${at}.service ${show(service)} is not a service name; give the value of its metrics' \`service\` label, of letters, digits, '-', '_' and '.' (e.g. ${SERVICE_EXAMPLE}).`);
  }
  if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)) {
    throw new ValidationError(where, `${at}.namespace ${show(namespace)} (service ${show(service)}) is not a Kubernetes namespace name; give the namespace its pods run in, lowercase letters, digits and '-' (e.g. { service: ${show(service)}, namespace: "shop" }).`);
  }
  if (scrape !== undefined && scrape !== false && (scrape === null || typeof scrape !== 'object' || Array.isArray(scrape))) {
    throw new ValidationError(where, `${at}.scrape ${show(scrape)} (service ${show(service)}) is neither scrape options nor false; write e.g. scrape: { port: "http-metrics" }, or scrape: false when something else scrapes it.`);
  }
}

/**
 * The `probes` entries: each an object with a unique Probe name and at least one target, and Prometheus
 * on (it is what runs them). Targets, modules and intervals are checked by the blackbox exporter and the Probe.
 */
function checkProbes(value: EnvironmentConfig['probes'], components: Required<ComponentToggles>, where: string): readonly EnvironmentProbe[] {
  const probes = checkOptionalList(value, where, 'probes', PROBE_EXAMPLE);
  const names = new Set<string>();
  probes.forEach((probe, index) => {
    const at = `probes[${index}]`;
    checkEntry(probe, at, 'a probe', PROBE_EXAMPLE, where);
    if (typeof probe.name !== 'string' || !DNS_LABEL.test(probe.name)) {
      throw new ValidationError(where, `${at}.name ${show(probe.name)} cannot name the Probe; use lowercase letters, digits and '-' (e.g. ${PROBE_EXAMPLE}).`);
    }
    if (names.has(probe.name)) throw new ValidationError(where, `${at}.name ${show(probe.name)} is given twice; give each probe a name of its own (it is the Probe's name and its job label).`);
    names.add(probe.name);
    if (!Array.isArray(probe.targets) || probe.targets.length === 0) {
      throw new ValidationError(where, `${at}.targets ${show(probe.targets)} (probe ${show(probe.name)}) must list at least one URL or host:port, e.g. ["https://grafana.example.com"].`);
    }
    if (probe.service !== undefined && (typeof probe.service !== 'string' || !SERVICE_NAME.test(probe.service))) {
      throw new ValidationError(where, `${at}.service ${show(probe.service)} (probe ${show(probe.name)}) is not a service name; give the value of the \`service\` label its series should carry (e.g. "api-gateway").`);
    }
  });
  if (probes.length > 0 && !components.prometheus) {
    throw new ValidationError(where, `probes are given but components.prometheus is off, and Prometheus is what runs them (through the blackbox exporter); switch Prometheus on or remove the probes.`);
  }
  return probes;
}

const PROBE_EXAMPLE = '{ name: "public-endpoints", targets: ["https://grafana.example.com"] }';
const MONITOR_EXAMPLE = '{ kind: "PodMonitor", name: "worker", namespace: "shop", selector: { matchLabels: { app: "worker" } }, endpoints: [{ port: "metrics" }] }';

/**
 * The `monitors` entries: a known kind, a name unique per kind and not the ServiceMonitor name of a
 * scraped `services` entry (both would be the Helm release `<prometheus>-sm-<name>`), and Prometheus on.
 * Selector, endpoints and namespaces are checked by the ServiceMonitor/PodMonitor construct.
 */
function checkMonitors(
  value: EnvironmentConfig['monitors'],
  services: readonly EnvironmentService[],
  components: Required<ComponentToggles>,
  where: string,
): readonly EnvironmentMonitor[] {
  const monitors = checkOptionalList(value, where, 'monitors', MONITOR_EXAMPLE);
  const taken = new Map<string, string>(services.filter((s) => s.scrape !== false).map((s) => [`ServiceMonitor/${serviceMonitorName(s.service)}`, `the ServiceMonitor of services entry ${show(s.service)}`]));
  monitors.forEach((monitor, index) => {
    const at = `monitors[${index}]`;
    checkEntry(monitor, at, 'a monitor', MONITOR_EXAMPLE, where);
    if (monitor.kind !== 'ServiceMonitor' && monitor.kind !== 'PodMonitor') {
      throw new ValidationError(where, `${at}.kind ${show(monitor.kind)} is not "ServiceMonitor" or "PodMonitor"; probes go to \`probes\`, e.g. ${MONITOR_EXAMPLE}.`);
    }
    if (typeof monitor.name !== 'string' || !DNS_LABEL.test(monitor.name)) {
      throw new ValidationError(where, `${at}.name ${show(monitor.name)} cannot name the ${monitor.kind}; use lowercase letters, digits and '-'.`);
    }
    const key = `${monitor.kind}/${monitor.name}`;
    if (taken.has(key)) throw new ValidationError(where, `${at}.name ${show(monitor.name)} is already ${taken.get(key)}; give this ${monitor.kind} another name.`);
    taken.set(key, `the ${monitor.kind} of monitors[${index}]`);
  });
  if (monitors.length > 0 && !components.prometheus) {
    throw new ValidationError(where, `monitors are given but components.prometheus is off; switch Prometheus on or remove the monitors.`);
  }
  return monitors;
}

/**
 * The billed Datadog choices: each true or false (a JavaScript or YAML config may hold anything), and
 * only where the component that does the sending runs.
 */
function checkDatadogChoices(options: DatadogEnvironmentOptions | undefined, components: Required<ComponentToggles>, where: string): void {
  for (const choice of DATADOG_BILLED_CHOICES) {
    const value = options?.[choice];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new ValidationError(where, `datadog.${choice} ${show(value)} is not true or false; write datadog: { ${choice}: true } to pay for it on purpose, or leave it out (off).`);
    }
  }
  if (options?.logs === true && !(components.logShipper && components.loki)) {
    throw new ValidationError(where, `datadog.logs is on, but the log shipper that would send the logs does not run (components.logShipper ${components.logShipper}, components.loki ${components.loki}); switch both on, or leave datadog.logs off (pods can still opt in through the Datadog agent with ad.datadoghq.com/<container>.logs annotations).`);
  }
  if (options?.traces === true && !(components.otelCollector && components.jaeger)) {
    throw new ValidationError(where, `datadog.traces is on, but the OpenTelemetry collector that would export the traces does not run (components.otelCollector ${components.otelCollector}, components.jaeger ${components.jaeger}); switch both on, or leave datadog.traces off.`);
  }
}

/** Resolves several environments and refuses duplicate names (each becomes one stack). */
export function resolveEnvironments(configs: readonly EnvironmentConfig[]): ResolvedEnvironment[] {
  const seen = new Set<string>();
  return configs.map((config) => {
    if (seen.has(config.name)) {
      throw new ValidationError(`environment ${show(config.name)}`, `is defined twice; environment names must be unique because each becomes the stack "monitoring-${config.name}".`);
    }
    seen.add(config.name);
    return resolveEnvironment(config);
  });
}

function resolveSizing(given: ComponentSizing | undefined, defaults: ResolvedSizing, where: string): ResolvedSizing {
  const replicas = checkNumberInRange(given?.replicas ?? defaults.replicas, where, 'replicas', { min: 1 }, {
    hint: '; switch the component off in `components` instead of scaling it to 0',
  });
  const storageGiB = checkNumberInRange(given?.storageGiB ?? defaults.storageGiB, where, 'storageGiB', { min: 0, integer: false }, {
    requirement: 'must be zero (no persistent volume) or a positive size in GiB',
  });
  const resources = validateResources(given?.resources ?? defaults.resources, `${where} resources`);
  return { replicas, resources, storageGiB };
}

function validateBackend(backend: BackendConfig, where: string): void {
  if (backend.type !== 's3' && backend.type !== 'gcs') {
    throw new ValidationError(where, `backend type ${show((backend as { type: unknown }).type)} is not supported; use { type: 's3', … } or { type: 'gcs', … }, or leave the backend out for local state.`);
  }
  if (!backend.bucket || !/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(backend.bucket)) {
    throw new ValidationError(where, `backend bucket ${show(backend.bucket)} is not a valid bucket name; use 3-63 lowercase letters, digits, '.', '_' or '-'.`);
  }
  if (backend.type === 's3' && !backend.region) {
    throw new ValidationError(where, `the S3 backend needs a region (e.g. "eu-west-1").`);
  }
}

