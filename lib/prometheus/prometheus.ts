import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { DisruptionBudgetSpec, IMonitoringComponent, NetworkPolicySpec, PeerIdentity } from '../contracts/monitoring-component';
import { NetworkPeer, PeerRole, PodLabels, recommendedPodLabels, tcpPorts } from '../contracts/network-peer';
import { INamespace, NamespaceProp, resolveNamespace } from '../core/namespace';
import { createChartRelease } from '../core/chart-release';
import { checkOptionalList, checkReleaseName } from '../core/input-checks';
import { Charts } from '../core/charts';
import { Duration, DurationLike, toDuration } from '../core/duration';
import { ResourceRequirements, validateResources } from '../core/resources';
import { ValidationError, show, withPath } from '../core/validation-error';
import { PodAntiAffinity } from '../core/pod-anti-affinity';
import { PROMETHEUS_DEFAULTS } from './prometheus-defaults';
import { DatasourceType, GrafanaDatasourceDescriptor, IGrafanaDatasource } from '../core/grafana-datasource';
import { ReviewArtifacts } from '../review/review-artifacts';
import { AlertRule } from '../rules/alert-rule';
import { validateLabelMap } from '../rules/label-names';
import { RuleGroup } from '../rules/rule-group';
import { IRulePack } from '../rules/rule-pack';
import { checkUniqueGroupNames } from '../rules/unique-group-names';
import { IAlertmanagerEndpoint } from './alertmanager-endpoint';
import { annotationScrapeConfigs } from './annotation-scrape-configs';
import { PrometheusRuleRelease } from './prometheus-rules';
import { renderRulesSummary } from './rules-summary';
import { RemoteWrite } from './remote-write';
import { COMPONENT_RESOURCES } from '../core/component-resources';
import { HARDENED_CONTAINER, hardenedContainerWith, nonRootPod } from '../core/security-context';

const PROMETHEUS_PORT = 9090;
/** The operator's config-reloader sidecar (its metrics and reload endpoint). */
const CONFIG_RELOADER_PORT = 8080;

// Defined in core (Alertmanager uses it too); re-exported here, where it was first published.
export { PodAntiAffinity };

/** Props of {@link Prometheus}. */
export interface PrometheusProps {
  /** Namespace to install into (usually `MonitoringNamespace.namespaceName`). */
  readonly namespace: NamespaceProp;
  /**
   * Helm release name; also the prefix of every object's name (`<releaseName>-prometheus`…).
   * @default 'kube-prometheus-stack'
   */
  readonly releaseName?: string;
  /** How often targets are scraped (the global `scrape_interval`). @default 15s (seed 001 § 2.1) */
  readonly scrapeInterval?: DurationLike;
  /** How often rules are evaluated (the global `evaluation_interval`). @default the scrape interval */
  readonly evaluationInterval?: DurationLike;
  /**
   * Labels added to every series and alert leaving Prometheus (remote_write, Alertmanager):
   * typically `cluster`, `region` and `environment`.
   * @default {}
   */
  readonly externalLabels?: Record<string, string>;
  /** How long raw samples are kept. @default 15d (seed 001 § 1.1) */
  readonly retentionPeriod?: DurationLike;
  /** Size cap of the TSDB in GiB; the oldest blocks go first. @default no size cap */
  readonly retentionSizeGiB?: number;
  /** Persistent volume per replica, in GiB; 0 keeps data in an emptyDir (lost on restart). @default 50 */
  readonly storageGiB?: number;
  /** StorageClass of the volume. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Number of Prometheus replicas (each scrapes every target; no sharding). @default 1 */
  readonly replicas?: number;
  /** Spreading of replicas over nodes. @default PodAntiAffinity.HARD with 2+ replicas, else SOFT */
  readonly podAntiAffinity?: PodAntiAffinity;
  /** Requests and limits of the Prometheus container. @default DEFAULT_SIZING.prometheus.resources */
  readonly resources?: ResourceRequirements;
  /** Targets that receive every sample (Mimir, Thanos Receive). @default none */
  readonly remoteWrite?: RemoteWrite[];
  /**
   * Keep exemplars (trace ids attached to samples) so that Grafana can link metrics to traces.
   * @default true
   */
  readonly exemplarStorage?: boolean;
  /** In-memory exemplar capacity. @default 100000 */
  readonly maxExemplars?: number;
  /**
   * Scrape pods and services annotated `prometheus.io/scrape: "true"` (with `prometheus.io/port`,
   * `/path`, `/scheme`). ServiceMonitors and PodMonitors from every namespace are discovered either way.
   * @default true
   */
  readonly annotationDiscovery?: boolean;
  /** Samples per scrape above which the scrape fails (cardinality guard). @default 50000 */
  readonly sampleLimit?: number;
  /** Labels per sample above which the scrape fails (cardinality guard). @default 64 */
  readonly labelLimit?: number;
  /** The chart's Kubernetes alert and recording rules (kubernetes-mixin). @default true */
  readonly kubernetesRules?: boolean;
  /**
   * The chart's Kubernetes dashboards as ConfigMaps for a Grafana sidecar, although the chart's Grafana
   * stays off (Grafana is a construct of its own).
   * @default true
   */
  readonly kubernetesDashboards?: boolean;
  /** Where alerts go; can also be set later with {@link Prometheus.sendAlertsTo}. @default none */
  readonly alertmanager?: IAlertmanagerEndpoint;
}


/**
 * Prometheus on kube-prometheus-stack: the operator (with its CRDs and their upgrade job),
 * node-exporter, kube-state-metrics and one Prometheus. Rules are added as typed groups and packs, and
 * each pack is delivered as its own PrometheusRule in a small Helm release (see README design notes).
 */
export class Prometheus extends Construct implements IGrafanaDatasource, IMonitoringComponent {
  /** In-cluster URL of the Prometheus API, for datasources and peers. */
  public readonly prometheusUrl: string;
  /** Service name of Prometheus. */
  public readonly serviceName: string;
  /** Namespace Prometheus and the operator run in. */
  public readonly namespace: string;
  /** The namespace as given, which the releases wait for when this program creates it. */
  private readonly namespaceRef: INamespace;
  /** Helm release name, the prefix of object names (the `releaseName` prop, default `kube-prometheus-stack`). */
  public readonly releaseName: string;
  /** Number of Prometheus replicas. */
  public readonly replicas: number;
  /** How long raw samples are kept (default 15d). */
  public readonly retentionPeriod: Duration;
  /** How often targets are scraped (default 15s). */
  public readonly scrapeInterval: Duration;
  /** How often rules are evaluated (default: the scrape interval). */
  public readonly evaluationInterval: Duration;
  /** Labels added to every series and alert leaving Prometheus (empty when none). */
  public readonly externalLabels: Readonly<Record<string, string>>;
  /** The kube-prometheus-stack release (operator, CRDs, exporters, Prometheus). */
  public readonly release: Release;

  private readonly props: PrometheusProps;
  private readonly resources: ResourceRequirements;
  private readonly packs: IRulePack[] = [];
  // Names of the packs and groups added so far, so that each addRules checks duplicates in O(1).
  private readonly packNames = new Set<string>();
  private readonly groupNames = new Set<string>();
  private alertmanager?: IAlertmanagerEndpoint;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    this.namespaceRef = resolveNamespace(props.namespace, path);
    this.namespace = this.namespaceRef.namespaceName;
    this.releaseName = checkReleaseName(props.releaseName ?? 'kube-prometheus-stack', path);
    this.scrapeInterval = toDuration(props.scrapeInterval ?? '15s', `${path} scrapeInterval`);
    this.evaluationInterval = toDuration(props.evaluationInterval ?? this.scrapeInterval, `${path} evaluationInterval`);
    this.retentionPeriod = toDuration(props.retentionPeriod ?? '15d', `${path} retentionPeriod`);
    for (const [name, value] of [['scrapeInterval', this.scrapeInterval], ['evaluationInterval', this.evaluationInterval]] as const) {
      if (value.isZero()) throw new ValidationError(path, `${name} ${show(value.toPrometheus())} must be longer than zero; the seeds use "15s".`);
    }
    if (this.retentionPeriod.compareTo(this.scrapeInterval) <= 0) {
      throw new ValidationError(path, `retentionPeriod ${show(this.retentionPeriod.toPrometheus())} is not longer than the scrape interval ${show(this.scrapeInterval.toPrometheus())}; keep at least a few hours (the seeds keep 15d).`);
    }
    this.replicas = props.replicas ?? PROMETHEUS_DEFAULTS.replicas;
    positiveInteger(path, 'replicas', this.replicas, 1);
    if (props.retentionSizeGiB !== undefined) positiveNumber(path, 'retentionSizeGiB', props.retentionSizeGiB);
    if (props.storageGiB !== undefined && !(props.storageGiB === 0 || (props.storageGiB > 0 && Number.isFinite(props.storageGiB)))) {
      throw new ValidationError(path, `storageGiB ${show(props.storageGiB)} must be 0 (no persistent volume) or a positive size in GiB.`);
    }
    if (props.retentionSizeGiB !== undefined && (props.storageGiB ?? PROMETHEUS_DEFAULTS.storageGiB) > 0 && props.retentionSizeGiB >= (props.storageGiB ?? PROMETHEUS_DEFAULTS.storageGiB)) {
      throw new ValidationError(path, `retentionSizeGiB ${show(props.retentionSizeGiB)} must be below storageGiB ${show(props.storageGiB ?? PROMETHEUS_DEFAULTS.storageGiB)}, or the volume fills before retention deletes anything; leave ~10 % headroom (e.g. 90 of 100).`);
    }
    positiveInteger(path, 'sampleLimit', props.sampleLimit ?? 50000, 1);
    positiveInteger(path, 'labelLimit', props.labelLimit ?? 64, 1);
    positiveInteger(path, 'maxExemplars', props.maxExemplars ?? 100000, 1);
    this.resources = validateResources(props.resources ?? PROMETHEUS_DEFAULTS.resources, `${path} resources`);
    this.externalLabels = withPath(path, () => validateLabelMap(props.externalLabels, `${path} externalLabels`));
    for (const [label, value] of Object.entries(this.externalLabels)) {
      if (value === '') throw new ValidationError(path, `external label ${label} has an empty value; give it a value or leave it out.`);
    }
    for (const target of checkOptionalList(props.remoteWrite, path, 'remoteWrite', 'RemoteWrite.mimir({...})')) target.render(path);
    if (props.podAntiAffinity !== undefined && !Object.values(PodAntiAffinity).includes(props.podAntiAffinity)) {
      throw new ValidationError(path, `podAntiAffinity ${show(props.podAntiAffinity)} is not one of ${Object.values(PodAntiAffinity).join(', ')} (PodAntiAffinity.*).`);
    }
    this.alertmanager = props.alertmanager;

    this.serviceName = `${this.releaseName}-prometheus`;
    this.prometheusUrl = `http://${this.serviceName}.${this.namespace}.svc:${PROMETHEUS_PORT}`;

    this.release = createChartRelease(this, 'release', {
      chart: Charts.kubePrometheusStack,
      releaseName: this.releaseName,
      namespace: this.namespaceRef,
      values: () => this.chartValues(),
      // CRDs, the upgrade job and a StatefulSet with a fresh volume take a while on a new cluster.
      timeoutSeconds: 900,
    });

    const review = ReviewArtifacts.of(this);
    review.addComponent(() => ({
      component: 'Prometheus',
      constructPath: path,
      namespace: this.namespace,
      chart: Charts.kubePrometheusStack,
      replicas: this.replicas,
      retention: this.retentionPeriod.toPrometheus() + (props.retentionSizeGiB ? ` or ${props.retentionSizeGiB}GiB` : ''),
      storage: this.storageGiB > 0 ? `${this.storageGiB}Gi` : 'emptyDir',
      resources: this.resources,
    }));
    review.addSummarySection({ title: 'Prometheus rules', order: 20, render: () => renderRulesSummary(this.packs) });
  }

  /** Persistent volume size per replica, GiB (0: emptyDir). */
  public get storageGiB(): number {
    return this.props.storageGiB ?? PROMETHEUS_DEFAULTS.storageGiB;
  }

  /** Adds a rule pack; its groups become one PrometheusRule and one review file `rules/<pack>.yaml`. */
  public addRules(pack: IRulePack): this {
    withPath(this.node.path, () => {
      if (this.packNames.has(pack.name)) {
        throw new ValidationError(this.node.path, `rule pack ${show(pack.name)} is added twice; give the second one another \`name\`.`);
      }
      checkUniqueGroupNames(pack.ruleGroups, `${this.node.path} rule packs`, this.groupNames);
    });
    new PrometheusRuleRelease(this, `rules-${pack.name}`, {
      namespace: this.namespaceRef,
      releaseName: this.releaseName,
      pack,
      dependsOn: [this.release],
    });
    this.packs.push(pack);
    this.packNames.add(pack.name);
    for (const group of pack.ruleGroups) this.groupNames.add(group.name);
    ReviewArtifacts.of(this).addFile(`rules/${pack.name}.yaml`, () => PrometheusRuleRelease.ruleFile(pack), this.node.path);
    return this;
  }

  /** Adds one rule group, delivered and reviewed like a pack named after the group. */
  public addRuleGroup(group: RuleGroup): this {
    return this.addRules({ name: group.name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase(), ruleGroups: [group] });
  }

  /** Sends alerts to an Alertmanager (the typed reference of the Alertmanager construct). */
  public sendAlertsTo(alertmanager: IAlertmanagerEndpoint): this {
    this.alertmanager = alertmanager;
    return this;
  }

  /** Grafana datasource with the fixed uid `prometheus`; exemplars link to traces when Grafana knows a Jaeger. */
  public grafanaDatasource(): GrafanaDatasourceDescriptor {
    return { type: DatasourceType.PROMETHEUS, name: 'Prometheus', uid: 'prometheus', url: this.prometheusUrl, jsonData: { timeInterval: this.scrapeInterval.toPrometheus() } };
  }

  /** Every alert rule added so far, for routing coverage checks. */
  public alertRules(): AlertRule[] {
    return this.packs.flatMap((pack) => pack.ruleGroups.flatMap((group) => [...group.alertRules]));
  }

  /** The rule packs added so far. */
  public rulePacks(): readonly IRulePack[] {
    return [...this.packs];
  }

  /** As a client: Prometheus scrapes the other components and sends alerts to Alertmanager. */
  public peerIdentities(): readonly PeerIdentity[] {
    return [{ role: PeerRole.PROMETHEUS, description: 'Prometheus', podLabels: this.prometheusPodLabels }];
  }

  /** The API and config-reloader for every pod of the namespace; the operator's webhook for the API server; kube-state-metrics for Prometheus. */
  public networkPolicies(): readonly NetworkPolicySpec[] {
    return [
      // Grafana, Loki's ruler remote write and any pod of the namespace query the API.
      { name: 'prometheus', podLabels: this.prometheusPodLabels, ingress: [{ from: [NetworkPeer.sameNamespace()], ports: tcpPorts(PROMETHEUS_PORT, CONFIG_RELOADER_PORT) }] },
      // The admission webhook is called by the API server, which is not a pod: any source, that port only.
      { name: 'prometheus-operator', podLabels: { app: 'kube-prometheus-stack-operator', release: this.releaseName }, ingress: [{ from: 'anywhere', ports: tcpPorts(10250) }] },
      { name: 'kube-state-metrics', podLabels: recommendedPodLabels('kube-state-metrics', this.releaseName), ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(8080, 8081) }] },
    ];
  }

  /** None: the chart's own budget covers Prometheus (values). */
  public disruptionBudgets(): readonly DisruptionBudgetSpec[] {
    return [];
  }

  /** The labels the operator puts on the Prometheus pods of the Prometheus object `<release>-prometheus`. */
  private get prometheusPodLabels(): PodLabels {
    return { 'app.kubernetes.io/name': 'prometheus', prometheus: `${this.releaseName}-prometheus` };
  }

  /** kube-prometheus-stack values. Every key exists in the pinned chart (checked by the tests). */
  public chartValues(): Record<string, unknown> {
    const props = this.props;
    const replicas = this.replicas;
    const spec: Record<string, unknown> = {
      scrapeInterval: this.scrapeInterval.toPrometheus(),
      evaluationInterval: this.evaluationInterval.toPrometheus(),
      externalLabels: this.externalLabels,
      retention: this.retentionPeriod.toPrometheus(),
      retentionSize: props.retentionSizeGiB ? `${props.retentionSizeGiB}GiB` : '',
      replicas,
      podAntiAffinity: props.podAntiAffinity ?? (replicas > 1 ? PodAntiAffinity.HARD : PodAntiAffinity.SOFT),
      resources: this.resources,
      // Select every ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule in every
      // namespace, not only those with this release's `release` label (the chart's default trap).
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      probeSelectorNilUsesHelmValues: false,
      scrapeConfigSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      serviceMonitorNamespaceSelector: {},
      podMonitorNamespaceSelector: {},
      ruleNamespaceSelector: {},
      enforcedSampleLimit: props.sampleLimit ?? 50000,
      enforcedLabelLimit: props.labelLimit ?? 64,
      enforcedLabelNameLengthLimit: 128,
      enforcedLabelValueLengthLimit: 2048,
      remoteWrite: (props.remoteWrite ?? []).map((target) => target.render(this.node.path)),
      additionalScrapeConfigs:
        props.annotationDiscovery === false
          ? []
          : annotationScrapeConfigs({ sampleLimit: props.sampleLimit ?? 50000, labelLimit: props.labelLimit ?? 64 }),
      alertingEndpoints: this.alertmanager
        ? [{ namespace: this.alertmanager.namespace, name: this.alertmanager.serviceName, port: this.alertmanager.portName, apiVersion: 'v2' }]
        : [],
      storageSpec:
        this.storageGiB > 0
          ? {
              volumeClaimTemplate: {
                spec: {
                  ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: `${this.storageGiB}Gi` } },
                },
              },
            }
          : {},
    };
    // Safe defaults (docs/security.md): the operator's containers, set explicitly rather than trusted to the operator.
    spec.securityContext = nonRootPod(1000, { gid: 2000 });
    spec.containers = ['prometheus', 'config-reloader'].map((name) => ({ name, securityContext: HARDENED_CONTAINER }));
    spec.initContainers = [{ name: 'init-config-reloader', securityContext: HARDENED_CONTAINER }];
    if (props.exemplarStorage !== false) {
      spec.enableFeatures = ['exemplar-storage'];
      spec.exemplars = { maxSize: props.maxExemplars ?? 100000 };
    }
    // Keys below a non-empty chart default take only the keys the chart lists there; seccomp then comes from the pod.
    const containerSecurityContext = hardenedContainerWith('allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities');
    const jobPod = { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } };
    return {
      fullnameOverride: this.releaseName,
      // CRDs install with the chart and are upgraded by the chart's pre-upgrade job on later versions.
      crds: {
        enabled: true,
        upgradeJob: {
          enabled: true,
          forceConflicts: true,
          resources: COMPONENT_RESOURCES.hookJob,
          containerSecurityContext,
          podSecurityContext: jobPod,
        },
      },
      defaultRules: { create: props.kubernetesRules !== false },
      alertmanager: { enabled: false },
      grafana: {
        enabled: false,
        forceDeployDashboards: props.kubernetesDashboards !== false,
        defaultDashboardsEnabled: props.kubernetesDashboards !== false,
      },
      prometheusOperator: {
        resources: COMPONENT_RESOURCES.prometheusOperator,
        securityContext: jobPod,
        containerSecurityContext,
        prometheusConfigReloader: { resources: COMPONENT_RESOURCES.configReloader },
        admissionWebhooks: {
          patch: { resources: COMPONENT_RESOURCES.hookJob, securityContext: { runAsGroup: 2000, runAsNonRoot: true, runAsUser: 2000, seccompProfile: { type: 'RuntimeDefault' } } },
          createSecretJob: { securityContext: containerSecurityContext },
          patchWebhookJob: { securityContext: containerSecurityContext },
        },
      },
      nodeExporter: { enabled: true },
      // Subchart values (kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1): keys of their own values.yaml.
      // node-exporter keeps hostNetwork/hostPID (see the exceptions in lib/security/safe-defaults-exceptions.ts).
      'prometheus-node-exporter': {
        resources: COMPONENT_RESOURCES.nodeExporter,
        securityContext: nonRootPod(65534),
        containerSecurityContext: { ...HARDENED_CONTAINER },
      },
      kubeStateMetrics: { enabled: true },
      'kube-state-metrics': {
        resources: COMPONENT_RESOURCES.kubeStateMetrics,
        securityContext: { enabled: true, ...nonRootPod(65534) },
        containerSecurityContext: { ...HARDENED_CONTAINER },
      },
      prometheus: {
        enabled: true,
        // One replica may be evicted at a time; with one replica a PDB would block every node drain.
        podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: replicas - 1 } : { enabled: false },
        prometheusSpec: spec,
      },
    };
  }
}

function positiveInteger(path: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(path, `${name} ${show(value)} must be a whole number of at least ${min}.`);
  }
}

function positiveNumber(path: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(path, `${name} ${show(value)} must be a positive number.`);
  }
}
