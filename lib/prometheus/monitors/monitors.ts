import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Duration, DurationLike } from '../../core/duration';
import { ManifestsRelease } from '../../core/manifests-release';
import { NamespaceProp, resolveNamespace } from '../../core/namespace';
import { ValidationError, show } from '../../core/validation-error';
import { isValidLabelName } from '../../rules/label-names';
import { reviewScrapeObject } from './scrape-objects-review';
import {
  LabelSelector, MonitorNamespaceSelector, RelabelConfig, checkHostPort, checkIntervals, checkLabelSelector,
  checkNamespaceSelector, checkPath, checkPortName, checkRelabelings, checkScheme,
} from './scrape-checks';

/**
 * The Prometheus that scrapes a monitor: `Prometheus` is one. Its release installs the operator's CRDs
 * (the monitor's release waits for it), its release name is the monitor's `release` label, and its scrape
 * interval is the one an endpoint without `interval` gets (its `scrapeTimeout` must not exceed it).
 */
export interface IScrapingPrometheus {
  /** The kube-prometheus-stack Helm release. */
  readonly release: ITerraformDependable;
  /** The kube-prometheus-stack release name. */
  readonly releaseName: string;
  /** The global scrape interval. */
  readonly scrapeInterval: Duration;
}

/** What every scrape object takes. */
export interface MonitorBaseProps {
  /** The Prometheus that scrapes it. */
  readonly prometheus: IScrapingPrometheus;
  /** The namespace of the object (usually the application's; the MonitoringNamespace or an existing name). */
  readonly namespace: NamespaceProp;
  /** The object's name (a DNS-1123 label). @default the construct id */
  readonly name?: string;
}

/** One endpoint of a {@link ServiceMonitor} or {@link PodMonitor}. */
export interface ScrapeEndpoint {
  /** The port's name in the Service (ServiceMonitor) or the container (PodMonitor), e.g. `http-metrics`. */
  readonly port: string;
  /** The HTTP path of the metrics. @default "/metrics" */
  readonly path?: string;
  /** The scrape's scheme. @default "http" */
  readonly scheme?: 'http' | 'https';
  /** How often to scrape (a Prometheus duration). @default the Prometheus scrape interval */
  readonly interval?: DurationLike;
  /** At most the interval. @default Prometheus's (10s, or the interval when shorter) */
  readonly scrapeTimeout?: DurationLike;
  /** Relabelings of the target, before the scrape. @default none */
  readonly relabelings?: ReadonlyArray<RelabelConfig>;
  /** Relabelings of the scraped samples. @default none */
  readonly metricRelabelings?: ReadonlyArray<RelabelConfig>;
}

/** Props of {@link ServiceMonitor} and {@link PodMonitor}. */
export interface MonitorProps extends MonitorBaseProps {
  /** The Services (ServiceMonitor) or Pods (PodMonitor) to scrape, by label; must not be empty. */
  readonly selector: LabelSelector;
  /** The namespaces to look in. @default the monitor's own namespace */
  readonly namespaceSelector?: MonitorNamespaceSelector;
  /** At least one endpoint. */
  readonly endpoints: ReadonlyArray<ScrapeEndpoint>;
}

/** Props of {@link Probe}. */
export interface ProbeProps extends MonitorBaseProps {
  /** The prober (a blackbox exporter) as `host:port`, e.g. `blackbox-exporter.monitoring.svc:9115`. */
  readonly proberAddress: string;
  /** The prober's module, e.g. `http_2xx`. */
  readonly module: string;
  /** The URLs or host:ports to probe (at least one). */
  readonly targets: ReadonlyArray<string>;
  /** Labels added to every probed target, e.g. `{ service: 'checkout' }`. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** How often to probe (a Prometheus duration). @default the Prometheus scrape interval */
  readonly interval?: DurationLike;
  /** At most the interval. @default Prometheus's */
  readonly scrapeTimeout?: DurationLike;
  /** Relabelings of the probe's samples. @default none */
  readonly metricRelabelings?: ReadonlyArray<RelabelConfig>;
}

/** Props of {@link ScrapeConfig}: static targets outside Kubernetes discovery. */
export interface ScrapeConfigProps extends MonitorBaseProps {
  /** Groups of `host:port` targets with their labels. */
  readonly staticConfigs: ReadonlyArray<{ readonly targets: ReadonlyArray<string>; readonly labels?: Readonly<Record<string, string>> }>;
  /** The HTTP path of the metrics. @default "/metrics" */
  readonly metricsPath?: string;
  /** The scrape's scheme. @default "http" */
  readonly scheme?: 'http' | 'https';
  /** How often to scrape (a Prometheus duration). @default the Prometheus scrape interval */
  readonly scrapeInterval?: DurationLike;
  /** At most the interval. @default Prometheus's */
  readonly scrapeTimeout?: DurationLike;
  /** Relabelings of the targets, before the scrape. @default none */
  readonly relabelings?: ReadonlyArray<RelabelConfig>;
  /** Relabelings of the scraped samples. @default none */
  readonly metricRelabelings?: ReadonlyArray<RelabelConfig>;
}

const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Common {
  readonly name: string;
  readonly namespace: ReturnType<typeof resolveNamespace>;
  readonly releaseName: string;
  readonly metadata: Record<string, unknown>;
}

function common(scope: Construct, id: string, props: MonitorBaseProps, short: string): Common {
  const where = `${scope.node.path}/${id}`;
  const prometheus = props?.prometheus;
  if (!prometheus || typeof prometheus.releaseName !== 'string' || !(prometheus.scrapeInterval instanceof Duration)) {
    throw new ValidationError(where, `prometheus ${show(prometheus === undefined ? undefined : '[object]')} is not a Prometheus; pass the stack's Prometheus construct (its release installs the CRDs).`);
  }
  const namespace = resolveNamespace(props.namespace, where);
  const name = props.name ?? id;
  const releaseName = `${prometheus.releaseName}-${short}-${name}`;
  if (typeof name !== 'string' || !OBJECT_NAME.test(name) || releaseName.length > 53) {
    throw new ValidationError(
      where,
      `name ${show(name)} cannot name the object and its Helm release ${show(releaseName)}; use lowercase letters, digits and '-', and keep the release name within Helm's 53 characters (pass a shorter \`name\`).`,
    );
  }
  return {
    name,
    namespace,
    releaseName,
    metadata: {
      name,
      namespace: namespace.namespaceName,
      // Any label is selected (kube-prometheus-stack runs with *SelectorNilUsesHelmValues=false); the
      // release label keeps the object selected if the chart's release-label selector is turned back on.
      labels: { release: prometheus.releaseName, 'app.kubernetes.io/part-of': 'monitoring' },
    },
  };
}

/** `maxPortNameLength`: 63 for a ServiceMonitor (Service port names are DNS-1123 labels), 15 for a PodMonitor (container port names). */
function endpoint(e: ScrapeEndpoint, index: number, where: string, defaultInterval: Duration, maxPortNameLength = 15): Record<string, unknown> {
  const at = `endpoints[${index}]`;
  if (e === null || typeof e !== 'object') throw new ValidationError(where, `${at} ${show(e)} is not an endpoint; write e.g. { port: "http-metrics" }.`);
  const relabelings = checkRelabelings(e.relabelings, where, `${at}.relabelings`);
  const metricRelabelings = checkRelabelings(e.metricRelabelings, where, `${at}.metricRelabelings`);
  return {
    port: checkPortName(e.port, where, `${at}.port`, maxPortNameLength),
    path: checkPath(e.path ?? '/metrics', where, `${at}.path`),
    scheme: checkScheme(e.scheme ?? 'http', where),
    ...checkIntervals(e.interval, e.scrapeTimeout, defaultInterval, where, { interval: `${at}.interval`, timeout: `${at}.scrapeTimeout` }),
    ...(relabelings.length > 0 ? { relabelings } : {}),
    ...(metricRelabelings.length > 0 ? { metricRelabelings } : {}),
  };
}

function monitorSpec(props: MonitorProps, where: string, endpointsKey: string): Record<string, unknown> {
  if (!Array.isArray(props.endpoints) || props.endpoints.length === 0) {
    throw new ValidationError(where, `endpoints ${show(props.endpoints)} must list at least one endpoint, e.g. endpoints: [{ port: "http-metrics" }].`);
  }
  const namespaceSelector = checkNamespaceSelector(props.namespaceSelector, where);
  return {
    selector: checkLabelSelector(props.selector, where),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    [endpointsKey]: props.endpoints.map((e, i) => endpoint(e, i, where, props.prometheus.scrapeInterval, endpointsKey === 'endpoints' ? 63 : 15)),
  };
}

function labelsMap(labels: unknown, where: string, prop: string): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) throw new ValidationError(where, `${prop} ${show(labels)} is not a map of label names to values; write e.g. ${prop}: { service: "checkout" }.`);
  for (const [key, value] of Object.entries(labels)) {
    if (!isValidLabelName(key)) throw new ValidationError(where, `${prop} key ${show(key)} is not a Prometheus label name; use letters, digits and '_' (e.g. "service").`);
    if (typeof value !== 'string') throw new ValidationError(where, `${prop}.${key} ${show(value)} is not a string; quote it.`);
  }
  return { ...(labels as Record<string, string>) };
}

function nonEmptyList<T>(value: ReadonlyArray<T> | undefined, where: string, prop: string, example: string): ReadonlyArray<T> {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(where, `${prop} ${show(value)} must list at least one entry, e.g. ${prop}: [${example}].`);
  return value;
}

/**
 * A ServiceMonitor (monitoring.coreos.com/v1) in its own small Helm release `<prometheus release>-sm-<name>`,
 * installed after the kube-prometheus-stack release (which installs the CRD) and the namespace. The operator
 * sets `namespace`, `service`, `pod`, `container`, `endpoint` and `job` on every target.
 */
export class ServiceMonitor extends ManifestsRelease {
  /** The ServiceMonitor object as delivered. */
  public readonly manifest: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: MonitorProps) {
    const c = common(scope, id, props, 'sm');
    const manifest = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: c.metadata, spec: monitorSpec(props, `${scope.node.path}/${id}`, 'endpoints') };
    super(scope, id, { releaseName: c.releaseName, namespace: c.namespace, manifests: () => [manifest], dependsOn: [props.prometheus.release], valuesAsJson: true });
    this.manifest = manifest;
    reviewScrapeObject(this, manifest);
  }
}

/**
 * A PodMonitor (monitoring.coreos.com/v1): pods scraped directly by a named container port. Pods have no
 * Service: add `Relabelings.serviceFromPodLabel(...)` for the `service` label the seed packs use.
 */
export class PodMonitor extends ManifestsRelease {
  /** The PodMonitor object as delivered. */
  public readonly manifest: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: MonitorProps) {
    const c = common(scope, id, props, 'pm');
    const manifest = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: c.metadata, spec: monitorSpec(props, `${scope.node.path}/${id}`, 'podMetricsEndpoints') };
    super(scope, id, { releaseName: c.releaseName, namespace: c.namespace, manifests: () => [manifest], dependsOn: [props.prometheus.release], valuesAsJson: true });
    this.manifest = manifest;
    reviewScrapeObject(this, manifest);
  }
}

/** A Probe (monitoring.coreos.com/v1): static targets checked through a prober such as the blackbox exporter. */
export class Probe extends ManifestsRelease {
  /** The Probe object as delivered. */
  public readonly manifest: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ProbeProps) {
    const c = common(scope, id, props, 'probe');
    const where = `${scope.node.path}/${id}`;
    const prober = checkHostPort(props.proberAddress, where, 'proberAddress');
    if (typeof props.module !== 'string' || !/^[A-Za-z0-9_-]+$/.test(props.module)) {
      throw new ValidationError(where, `module ${show(props.module)} is not a prober module name; name a module of the prober's configuration, e.g. "http_2xx".`);
    }
    const targets = nonEmptyList(props.targets, where, 'targets', '"https://shop.example.com/healthz"');
    targets.forEach((target, i) => {
      if (typeof target !== 'string' || target.length === 0 || /\s/.test(target)) throw new ValidationError(where, `targets[${i}] ${show(target)} is not a URL or host:port; write e.g. "https://shop.example.com/healthz".`);
    });
    const labels = labelsMap(props.labels, where, 'labels');
    const metricRelabelings = checkRelabelings(props.metricRelabelings, where, 'metricRelabelings');
    const manifest = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Probe',
      metadata: c.metadata,
      spec: {
        jobName: c.name,
        prober: { url: prober },
        module: props.module,
        ...checkIntervals(props.interval, props.scrapeTimeout, props.prometheus.scrapeInterval, where),
        targets: { staticConfig: { static: [...targets], ...(labels ? { labels } : {}) } },
        ...(metricRelabelings.length > 0 ? { metricRelabelings } : {}),
      },
    };
    super(scope, id, { releaseName: c.releaseName, namespace: c.namespace, manifests: () => [manifest], dependsOn: [props.prometheus.release], valuesAsJson: true });
    this.manifest = manifest;
    reviewScrapeObject(this, manifest);
  }
}

/** A ScrapeConfig (monitoring.coreos.com/v1alpha1) of static `host:port` targets. */
export class ScrapeConfig extends ManifestsRelease {
  /** The ScrapeConfig object as delivered. */
  public readonly manifest: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ScrapeConfigProps) {
    const c = common(scope, id, props, 'sc');
    const where = `${scope.node.path}/${id}`;
    const groups = nonEmptyList(props.staticConfigs, where, 'staticConfigs', '{ targets: ["db.example.com:9187"] }');
    const staticConfigs = groups.map((group, i) => {
      const targets = nonEmptyList(group?.targets, where, `staticConfigs[${i}].targets`, '"db.example.com:9187"');
      const labels = labelsMap(group.labels, where, `staticConfigs[${i}].labels`);
      return { targets: targets.map((t, j) => checkHostPort(t, where, `staticConfigs[${i}].targets[${j}]`)), ...(labels ? { labels } : {}) };
    });
    const intervals = checkIntervals(props.scrapeInterval, props.scrapeTimeout, props.prometheus.scrapeInterval, where, { interval: 'scrapeInterval', timeout: 'scrapeTimeout' });
    const relabelings = checkRelabelings(props.relabelings, where, 'relabelings');
    const metricRelabelings = checkRelabelings(props.metricRelabelings, where, 'metricRelabelings');
    const manifest = {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'ScrapeConfig',
      metadata: c.metadata,
      spec: {
        staticConfigs,
        metricsPath: checkPath(props.metricsPath ?? '/metrics', where, 'metricsPath'),
        scheme: checkScheme(props.scheme ?? 'http', where),
        ...(intervals.interval ? { scrapeInterval: intervals.interval } : {}),
        ...(intervals.scrapeTimeout ? { scrapeTimeout: intervals.scrapeTimeout } : {}),
        ...(relabelings.length > 0 ? { relabelings } : {}),
        ...(metricRelabelings.length > 0 ? { metricRelabelings } : {}),
      },
    };
    super(scope, id, { releaseName: c.releaseName, namespace: c.namespace, manifests: () => [manifest], dependsOn: [props.prometheus.release], valuesAsJson: true });
    this.manifest = manifest;
    reviewScrapeObject(this, manifest);
  }
}
