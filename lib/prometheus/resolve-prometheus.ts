import { Duration, toDuration } from '../core/duration';
import { checkNumberInRange, checkOptionalList, checkReleaseName, checkReplicas } from '../core/input-checks';
import { INamespace, resolveNamespace } from '../core/namespace';
import { PodAntiAffinity } from '../core/pod-anti-affinity';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show, withPath } from '../core/validation-error';
import { validateLabelMap } from '../rules/label-names';
import { IAlertmanagerEndpoint } from './alertmanager-endpoint';
import { ResolvedInheritedRules, resolveInheritedRules } from './inherited/resolve-inherited-rules';
import { checkExternalUrl, renderKubeStateMetricsLabels } from './kube-state-metrics-labels';
import { ResolvedControlPlane, refuseRuleGroupsWithoutScrape, resolveControlPlane, ruleGroupsOffByPlatform } from './platform';
import { PROMETHEUS_DEFAULTS } from './prometheus-defaults';
import { PrometheusProps } from './prometheus-props';
import { RemoteWrite, RemoteWriteSummary } from './remote-write';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The operator's defaults for `replicaExternalLabelName` and `prometheusExternalLabelName`. */
const OPERATOR_REPLICA_LABEL = 'prometheus_replica';
const OPERATOR_PROMETHEUS_LABEL = 'prometheus';

/** {@link PrometheusProps} checked, with every default applied: what the construct and its values are built from. */
export interface ResolvedPrometheus {
  /** The namespace as given, which the releases wait for when this program creates it. */
  readonly namespace: INamespace;
  /** Helm release name, the prefix of every object's name. */
  readonly releaseName: string;
  /** The global scrape interval, longer than zero. */
  readonly scrapeInterval: Duration;
  /** The global rule evaluation interval, longer than zero. */
  readonly evaluationInterval: Duration;
  /** How long raw samples are kept; longer than the scrape interval. */
  readonly retentionPeriod: Duration;
  /** TSDB size cap in GiB, below `storageGiB` when there is a volume; undefined for no cap. */
  readonly retentionSizeGiB?: number;
  /** Persistent volume per replica in GiB; 0 means an emptyDir. */
  readonly storageGiB: number;
  /** StorageClass of the volume; undefined for the cluster's default. */
  readonly storageClassName?: string;
  /** Number of Prometheus replicas. */
  readonly replicas: number;
  /** Spreading of the replicas over nodes, decided (HARD with 2+ replicas, else SOFT, unless given). */
  readonly podAntiAffinity: PodAntiAffinity;
  /** Requests and limits of the Prometheus container. */
  readonly resources: ResourceRequirements;
  /** External labels, every name and value checked. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** The prometheus-operator RemoteWriteSpec of each remote_write target, checked and rendered once. */
  readonly remoteWrite: ReadonlyArray<Record<string, unknown>>;
  /** Each remote_write target for the review (kind, URL without credentials, tenant, HA). */
  readonly remoteWriteTargets: ReadonlyArray<RemoteWriteSummary>;
  /**
   * The external label that tells the replicas apart (the operator's `replicaExternalLabelName`, set
   * to each pod's name): the one the remote_write receivers deduplicate on, else the operator's default.
   */
  readonly replicaExternalLabelName: string;
  /** The external label the operator sets to `<namespace>/<name>` (`prometheusExternalLabelName`). */
  readonly prometheusExternalLabelName: string;
  /** Whether exemplars are kept. */
  readonly exemplarStorage: boolean;
  /** In-memory exemplar capacity. */
  readonly maxExemplars: number;
  /** Whether pods and services annotated `prometheus.io/scrape` are scraped. */
  readonly annotationDiscovery: boolean;
  /** Samples per scrape above which the scrape fails. */
  readonly sampleLimit: number;
  /** Labels per sample above which the scrape fails. */
  readonly labelLimit: number;
  /** The inherited rules checked against the chart's catalogue: whether the chart's Kubernetes rules are installed (`create`), their chart values and the effective alerts. */
  readonly inheritedRules: ResolvedInheritedRules;
  /** Recorded series that reach this Prometheus from elsewhere, which its rules may read. */
  readonly externallyRecordedSeries: readonly string[];
  /** Whether the chart's Kubernetes dashboards are installed as ConfigMaps. */
  readonly kubernetesDashboards: boolean;
  /** The platform and which control-plane scrapes are on (its preset, then `controlPlaneScrapes`). */
  readonly controlPlane: ResolvedControlPlane;
  /** The Alertmanager given in the props (the construct's `sendAlertsTo` may replace it later). */
  readonly alertmanager?: IAlertmanagerEndpoint;
  /** The URL users reach Prometheus at (alerts' `generatorURL`); undefined when not set. */
  readonly externalUrl?: string;
  /** kube-state-metrics' `--metric-labels-allowlist` entries (`pods=[team]`), sorted; empty for none. */
  readonly kubeStateMetricsLabels: readonly string[];
}

/** The one place Prometheus's props are checked and defaulted; `path` names the construct in errors. */
export function resolvePrometheus(props: PrometheusProps, path: string): ResolvedPrometheus {
  const namespace = resolveNamespace(props.namespace, path);
  const releaseName = checkReleaseName(props.releaseName ?? 'kube-prometheus-stack', path);
  const scrapeInterval = toDuration(props.scrapeInterval ?? PROMETHEUS_DEFAULTS.scrapeInterval, `${path} scrapeInterval`);
  const evaluationInterval = toDuration(props.evaluationInterval ?? scrapeInterval, `${path} evaluationInterval`);
  const retentionPeriod = toDuration(props.retentionPeriod ?? PROMETHEUS_DEFAULTS.retentionPeriod, `${path} retentionPeriod`);
  for (const [name, value] of [['scrapeInterval', scrapeInterval], ['evaluationInterval', evaluationInterval]] as const) {
    if (value.isZero()) throw new ValidationError(path, `${name} ${show(value.toPrometheus())} must be longer than zero; the seeds use "15s".`);
  }
  if (retentionPeriod.compareTo(scrapeInterval) <= 0) {
    throw new ValidationError(path, `retentionPeriod ${show(retentionPeriod.toPrometheus())} is not longer than the scrape interval ${show(scrapeInterval.toPrometheus())}; keep at least a few hours (the seeds keep 15d).`);
  }
  const replicas = checkReplicas(props.replicas ?? PROMETHEUS_DEFAULTS.replicas, path);
  // Sizes in GiB may be fractional (Number.MIN_VALUE: the smallest number above 0); a null storageGiB is refused, not defaulted.
  const retentionSizeGiB = props.retentionSizeGiB === undefined
    ? undefined
    : checkNumberInRange(props.retentionSizeGiB, path, 'retentionSizeGiB', { min: Number.MIN_VALUE, integer: false }, { requirement: 'must be a positive number' });
  const storageGiB = checkNumberInRange(props.storageGiB === undefined ? PROMETHEUS_DEFAULTS.storageGiB : props.storageGiB, path, 'storageGiB', { min: 0, integer: false }, {
    requirement: 'must be 0 (no persistent volume) or a positive size in GiB',
  });
  if (retentionSizeGiB !== undefined && storageGiB > 0 && retentionSizeGiB >= storageGiB) {
    throw new ValidationError(path, `retentionSizeGiB ${show(retentionSizeGiB)} must be below storageGiB ${show(storageGiB)}, or the volume fills before retention deletes anything; leave ~10 % headroom (e.g. 90 of 100).`);
  }
  const sampleLimit = checkNumberInRange(props.sampleLimit ?? 50000, path, 'sampleLimit', { min: 1 });
  const labelLimit = checkNumberInRange(props.labelLimit ?? 64, path, 'labelLimit', { min: 1 });
  const maxExemplars = checkNumberInRange(props.maxExemplars ?? 100000, path, 'maxExemplars', { min: 1 });
  const resources = validateResources(props.resources ?? PROMETHEUS_DEFAULTS.resources, `${path} resources`);
  const externalLabels = withPath(path, () => validateLabelMap(props.externalLabels, `${path} externalLabels`));
  for (const [label, value] of Object.entries(externalLabels)) {
    if (value === '') throw new ValidationError(path, `external label ${label} has an empty value; give it a value or leave it out.`);
  }
  const targets = checkOptionalList(props.remoteWrite, path, 'remoteWrite', 'RemoteWrite.mimir({...})');
  for (const [index, target] of targets.entries()) {
    if (!(target instanceof RemoteWrite)) {
      throw new ValidationError(path, `remoteWrite[${index}] ${show(target)} is not a RemoteWrite; create targets with RemoteWrite.mimir({...}), RemoteWrite.thanosReceive({...}) or RemoteWrite.generic({...}).`);
    }
  }
  const remoteWrite = targets.map((target) => target.render(path));
  const controlPlane = resolveControlPlane(props.platform, props.controlPlaneScrapes, path);
  const inheritedRules = resolveInheritedRules(props.inheritedRules, path, {
    enabled: props.kubernetesRules !== false,
    releaseName,
    groupsOffByPlatform: ruleGroupsOffByPlatform(controlPlane),
  });
  refuseRuleGroupsWithoutScrape((inheritedRules.defaultRules.rules ?? {}) as Record<string, unknown>, controlPlane);
  const replicaExternalLabelName = resolveReplicaLabel(targets, externalLabels, replicas, path);
  if (props.podAntiAffinity !== undefined && !Object.values(PodAntiAffinity).includes(props.podAntiAffinity)) {
    throw new ValidationError(path, `podAntiAffinity ${show(props.podAntiAffinity)} is not one of ${Object.values(PodAntiAffinity).join(', ')} (PodAntiAffinity.*).`);
  }
  return {
    namespace,
    releaseName,
    scrapeInterval,
    evaluationInterval,
    retentionPeriod,
    retentionSizeGiB,
    storageGiB,
    storageClassName: props.storageClassName,
    replicas,
    podAntiAffinity: props.podAntiAffinity ?? (replicas > 1 ? PodAntiAffinity.HARD : PodAntiAffinity.SOFT),
    resources,
    externalLabels,
    remoteWrite,
    remoteWriteTargets: targets.map((target) => target.summary()),
    replicaExternalLabelName,
    prometheusExternalLabelName: OPERATOR_PROMETHEUS_LABEL,
    exemplarStorage: props.exemplarStorage !== false,
    maxExemplars,
    annotationDiscovery: props.annotationDiscovery !== false,
    sampleLimit,
    labelLimit,
    inheritedRules,
    externallyRecordedSeries: checkOptionalList(props.externallyRecordedSeries, path, 'externallyRecordedSeries', '"app:log_errors:rate5m"').map((name, index) => {
      if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
        throw new ValidationError(path, `externallyRecordedSeries[${index}] ${show(name)} is not a metric name; write the recorded series' name, e.g. "app:log_errors:rate5m".`);
      }
      return name;
    }),
    kubernetesDashboards: props.kubernetesDashboards !== false,
    controlPlane,
    alertmanager: props.alertmanager,
    externalUrl: checkExternalUrl(props.externalUrl, path, 'https://prometheus.example.com'),
    kubeStateMetricsLabels: renderKubeStateMetricsLabels(props.kubeStateMetricsLabels, path),
  };
}

/**
 * The replica label the remote_write receivers deduplicate on (one for all: Prometheus has one set of
 * external labels), checking that the HA group label they need is among the external labels when there
 * are replicas to deduplicate.
 */
function resolveReplicaLabel(
  targets: readonly RemoteWrite[],
  externalLabels: Readonly<Record<string, string>>,
  replicas: number,
  path: string,
): string {
  const withHa = targets.filter((target) => target.ha !== undefined);
  const wanted = [...new Set(withHa.map((target) => target.ha!.replicaLabel))];
  if (wanted.length > 1) {
    const who = withHa.map((target) => `${target.kind} ${show(target.ha!.replicaLabel)}`).join(', ');
    throw new ValidationError(path, `remoteWrite targets deduplicate replicas on different replica labels (${who}), but Prometheus has one replica label (replicaExternalLabelName); configure the receivers alike, e.g. RemoteWrite.thanosReceive({ ..., replicaLabel: "__replica__" }) with --query.replica-label=__replica__ on the Thanos Querier.`);
  }
  if (replicas > 1) {
    for (const target of withHa) {
      const cluster = target.ha!.clusterLabel;
      if (cluster === undefined || cluster === OPERATOR_PROMETHEUS_LABEL || cluster in externalLabels) continue;
      throw new ValidationError(path, `remote_write ${target.kind} deduplicates the ${replicas} replicas on the external labels ${show(cluster)} and ${show(target.ha!.replicaLabel)}, but externalLabels has no ${show(cluster)}, so every series would be stored ${replicas} times; set externalLabels: { ${cluster}: "prod-eu-1" } (one value for all replicas: MonitoringStack uses the environment's clusterName), or use 1 replica.`);
    }
  }
  return wanted[0] ?? OPERATOR_REPLICA_LABEL;
}
