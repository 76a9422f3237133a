import { DurationLike } from '../core/duration';
import { NamespaceProp } from '../core/namespace';
import { PodAntiAffinity } from '../core/pod-anti-affinity';
import { ResourceRequirements } from '../core/resources';
import { IAlertmanagerEndpoint } from './alertmanager-endpoint';
import { InheritedRules } from './inherited/inherited-rules';
import type { ControlPlaneScrapes, Platform } from './platform';
import { RemoteWrite } from './remote-write';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Props of {@link Prometheus}. */
export interface PrometheusProps {
  /** Namespace to install into (usually the stack's `MonitoringNamespace`, so the releases wait for it). */
  readonly namespace: NamespaceProp;
  /**
   * Helm release name; also the prefix of every object's name (`<releaseName>-prometheus`…).
   * @default 'kube-prometheus-stack'
   */
  readonly releaseName?: string;
  /** How often targets are scraped (the global `scrape_interval`). @default PROMETHEUS_DEFAULTS.scrapeInterval (15s, seed 001 § 2.1) */
  readonly scrapeInterval?: DurationLike;
  /** How often rules are evaluated (the global `evaluation_interval`). @default the scrape interval */
  readonly evaluationInterval?: DurationLike;
  /**
   * Labels added to every series and alert leaving Prometheus (remote_write, Alertmanager):
   * typically `cluster`, `region` and `environment`.
   * @default {}
   */
  readonly externalLabels?: Record<string, string>;
  /** How long raw samples are kept. @default PROMETHEUS_DEFAULTS.retentionPeriod (15d, seed 001 § 1.1) */
  readonly retentionPeriod?: DurationLike;
  /** Size cap of the TSDB in GiB; the oldest blocks go first. @default no size cap */
  readonly retentionSizeGiB?: number;
  /** Persistent volume per replica, in GiB; 0 keeps data in an emptyDir (lost on restart). @default PROMETHEUS_DEFAULTS.storageGiB (50) */
  readonly storageGiB?: number;
  /** StorageClass of the volume. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Number of Prometheus replicas (each scrapes every target; no sharding). @default PROMETHEUS_DEFAULTS.replicas (1) */
  readonly replicas?: number;
  /** Spreading of replicas over nodes. @default PodAntiAffinity.HARD with 2+ replicas, else SOFT */
  readonly podAntiAffinity?: PodAntiAffinity;
  /** Requests and limits of the Prometheus container. @default PROMETHEUS_DEFAULTS.resources */
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
  /** The chart's Kubernetes alert and recording rules (kubernetes-mixin); false turns every inherited rule off. @default true */
  readonly kubernetesRules?: boolean;
  /**
   * Typed control of the alerts inherited from the chart's default rules: groups and alerts on or off,
   * severities, `for`, labels (every inherited alert gets `team: 'platform'`), thresholds. The
   * `alertmanager` group is off by default (see docs/prometheus.md "Inherited rules").
   * @default the chart's default rules, `alertmanager` group off, `team: 'platform'`
   */
  readonly inheritedRules?: InheritedRules;
  /**
   * Recorded series (`level:metric:operations`) that reach this Prometheus from elsewhere — federation,
   * remote write from another ruler, PrometheusRules of other tools, exporters whose metric names carry
   * colons — so that rules may read them. Loki registers its own recording rules itself (`recordingRulesTo`).
   * @default none
   */
  readonly externallyRecordedSeries?: readonly string[];
  /**
   * The chart's Kubernetes dashboards as ConfigMaps for a Grafana sidecar, although the chart's Grafana
   * stays off (Grafana is a construct of its own).
   * @default true
   */
  readonly kubernetesDashboards?: boolean;
  /**
   * The cluster's distribution: the control-plane scrapes it does not expose (on EKS, GKE and AKS the
   * controller manager, scheduler and etcd; see `PLATFORM_EXPOSURE`) are switched off with their rule
   * groups and dashboards, so that no alert waits for a target that cannot exist.
   * @default 'generic' (kube-prometheus-stack's defaults: every control-plane scrape on)
   */
  readonly platform?: Platform;
  /**
   * Switches of single control-plane scrapes over the platform's preset, e.g. `{ kubeProxy: false }`;
   * switching on one the platform hides is refused.
   * @default the platform's preset
   */
  readonly controlPlaneScrapes?: ControlPlaneScrapes;
  /** Where alerts go; can also be set later with {@link Prometheus.sendAlertsTo}. @default none */
  readonly alertmanager?: IAlertmanagerEndpoint;
  /**
   * The URL users reach Prometheus at (`prometheusSpec.externalUrl`, Prometheus's `--web.external-url`):
   * the "source" link of every alert it sends (`generatorURL`) points there, so notifications link to a
   * page users can open. An http(s) URL without credentials.
   * @default none (links point at the pod's in-cluster address, unusable outside the cluster)
   */
  readonly externalUrl?: string;
  /**
   * Kubernetes labels that kube-state-metrics exposes as `label_<name>` on `kube_<resource>_labels`, per
   * resource (its `--metric-labels-allowlist`, the kps subchart value `kube-state-metrics.metricLabelsAllowlist`),
   * e.g. `{ pods: ['team', 'app.kubernetes.io/name'] }`, so that an alert can select
   * `kube_pod_labels{label_team="payments"}`. Resources by their plural name; `['*']` for all labels
   * (expensive: every label becomes a series label).
   * @default none (kube-state-metrics exposes no Kubernetes labels)
   */
  readonly kubeStateMetricsLabels?: Readonly<Record<string, readonly string[]>>;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}
