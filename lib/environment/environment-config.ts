import { Duration, DurationLike } from '../core/duration';
import { ResourceRequirements } from '../core/resources';
import type { SizingDefaults } from '../core/sizing';
import { AlertmanagerConfig } from '../alertmanager/alertmanager-config';
import { SeverityPolicyProps } from '../alertmanager/severity-policy';
import type { DatadogEnvironmentOptions } from '../datadog/datadog-environment';
import { RemoteWrite } from '../prometheus/remote-write';
import type { JaegerStorage } from '../jaeger/jaeger-storage';
import type { LokiObjectStorage } from '../loki/object-storage';
import type { GrafanaDatabase } from '../grafana/grafana-database';
import type { GrafanaIngress } from '../grafana/grafana-props';
import { ServiceLevelObjective } from '../rules/slo/service-level-objective';
import { PROMETHEUS_DEFAULTS } from '../prometheus/prometheus-defaults';
import type { ControlPlaneScrapes, Platform } from '../prometheus/platform';
import type { InheritedRules } from '../prometheus/inherited/inherited-rules';
import { ALERTMANAGER_DEFAULTS } from '../alertmanager/alertmanager-defaults';
import { GRAFANA_DEFAULTS } from '../grafana/grafana-defaults';
import { LOKI_DEFAULTS } from '../loki/loki-defaults';
import { JAEGER_DEFAULTS } from '../jaeger/jaeger-defaults';
import { OTEL_COLLECTOR_DEFAULTS } from '../otel-collector/otel-collector-defaults';
import { RulePacksConfig } from './rule-packs-config';
import type { ChartValuesConfig, NetworkPoliciesConfig } from './extensions-config';
import type { GrafanaAuthSettings, GrafanaIniSections } from '../grafana/grafana-ini';
import type {
  AlertmanagerEnvironmentOptions, BlackboxExporterEnvironmentOptions, EnvironmentMonitor, EnvironmentProbe, EnvironmentService, JaegerEnvironmentOptions,
  LogShipperEnvironmentOptions, LokiEnvironmentOptions, OtelCollectorEnvironmentOptions,
} from './component-options';

/** Which components an environment runs. */
export interface ComponentToggles {
  /** Prometheus (kube-prometheus-stack) with the rule packs and SLO rules. @default true */
  readonly prometheus?: boolean;
  /**
   * Alertmanager, configured from `alerting`; needs Prometheus.
   * @default true when the environment sets `alerting`, false otherwise
   */
  readonly alertmanager?: boolean;
  /** Grafana with the datasources of the other components and the shipped dashboards. @default true */
  readonly grafana?: boolean;
  /** Loki for logs. @default true */
  readonly loki?: boolean;
  /** The Fluent Bit DaemonSet that ships container logs to Loki (and Datadog when it runs). @default true */
  readonly logShipper?: boolean;
  /** Jaeger for traces. @default true */
  readonly jaeger?: boolean;
  /** The OpenTelemetry collector gateway that samples traces and forwards them to Jaeger. @default true */
  readonly otelCollector?: boolean;
  /** Needs an existing Secret with the Datadog keys. @default false */
  readonly datadog?: boolean;
}

/** Replicas, resources and storage of one component. */
export interface ComponentSizing {
  /**
   * Number of replicas (at least 1; switch a component off in `components` instead of scaling it to 0).
   * @default per component, see {@link DEFAULT_SIZING}
   */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the component's main container.
   * @default per component, see {@link DEFAULT_SIZING}
   */
  readonly resources?: ResourceRequirements;
  /** Persistent volume size per replica, in GiB; 0 means no persistent storage. @default per component */
  readonly storageGiB?: number;
}

/** Sizing for each component that has some. */
export interface SizingConfig {
  /** Prometheus. @default DEFAULT_SIZING.prometheus */
  readonly prometheus?: ComponentSizing;
  /** Alertmanager. @default DEFAULT_SIZING.alertmanager */
  readonly alertmanager?: ComponentSizing;
  /** Grafana. @default DEFAULT_SIZING.grafana */
  readonly grafana?: ComponentSizing;
  /** Loki. @default DEFAULT_SIZING.loki */
  readonly loki?: ComponentSizing;
  /** Jaeger. @default DEFAULT_SIZING.jaeger */
  readonly jaeger?: ComponentSizing;
  /** The OpenTelemetry collector. @default DEFAULT_SIZING.otelCollector */
  readonly otelCollector?: ComponentSizing;
}

/** How long each signal is kept. */
export interface RetentionConfig {
  /** Raw metrics in Prometheus. @default 15d (seed 001 § 1.1) */
  readonly metrics?: DurationLike;
  /** Logs in Loki. @default 30d (seed 001 § 1.1) */
  readonly logs?: DurationLike;
  /** Traces in Jaeger's storage. @default 7d (seed 001 § 1.1) */
  readonly traces?: DurationLike;
}

/** Prometheus settings that differ per environment (sizing and retention come from `sizing` and `retention`). */
export interface PrometheusEnvironmentOptions {
  /** Targets that receive every sample (Mimir, Thanos Receive). @default none */
  readonly remoteWrite?: RemoteWrite[];
  /** TSDB size cap in GiB, below `sizing.prometheus.storageGiB`. @default no size cap */
  readonly retentionSizeGiB?: number;
  /** StorageClass of Prometheus's volumes. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /**
   * Switches of single control-plane scrapes over the `platform` preset, e.g. `{ kubeProxy: true }` on a
   * kubeadm cluster whose kube-proxy serves metrics on 0.0.0.0 (docs/prometheus.md "Platform presets").
   * @default the platform's preset
   */
  readonly controlPlaneScrapes?: ControlPlaneScrapes;
  /** The URL users reach Prometheus at: the "source" link of every alert. @default none (the pod's address) */
  readonly externalUrl?: string;
  /**
   * Kubernetes labels kube-state-metrics exposes as `label_<name>`, per resource, e.g. `{ pods: ['team'] }`
   * so that `kube_pod_labels{label_team="payments"}` exists.
   * @default none
   */
  readonly kubeStateMetricsLabels?: Readonly<Record<string, readonly string[]>>;
  /**
   * Typed control of the alerts inherited from kube-prometheus-stack's default rules (groups and alerts
   * on or off, severity, `for`, labels, thresholds); see docs/prometheus.md "Inherited rules".
   * @default the chart's default rules, `alertmanager` group off, every alert `team: 'platform'`
   */
  readonly inheritedRules?: InheritedRules;
}

/** Grafana settings that differ per environment (replicas and resources come from `sizing.grafana`). */
export interface GrafanaEnvironmentOptions {
  /** Existing Secret with keys `admin-user` and `admin-password`. @default 'grafana-admin' */
  readonly adminSecretName?: string;
  /** External database; required for more than one replica. @default SQLite on the volume */
  readonly database?: GrafanaDatabase;
  /** An Ingress in front of Grafana. @default no Ingress (reach Grafana with a port-forward) */
  readonly ingress?: GrafanaIngress;
  /** The business dashboard (seed 002 § 5.2). @default false */
  readonly businessDashboard?: boolean;
  /** Plugins to install, `id` or `id@version`. @default none */
  readonly plugins?: readonly string[];
  /** Anonymous access, sign-up and login form. @default no anonymous access, no sign-up, login form shown */
  readonly auth?: GrafanaAuthSettings;
  /** More `grafana.ini` (SSO…); credentials only as `$__file{…}`/`$__env{…}` expansions. @default {} */
  readonly extraIni?: GrafanaIniSections;
}

/** Terraform state in an S3 bucket. */
export interface S3BackendConfig {
  /** Selects the S3 backend. */
  readonly type: 's3';
  /** Name of the existing bucket. */
  readonly bucket: string;
  /** Region of the bucket, e.g. `eu-west-1`. */
  readonly region: string;
  /** Object key of the state file. @default `monitoring/<environment>/terraform.tfstate` */
  readonly key?: string;
  /** DynamoDB table for state locking. @default no locking table */
  readonly dynamodbTable?: string;
}

/** Terraform state in a GCS bucket. */
export interface GcsBackendConfig {
  /** Selects the GCS backend. */
  readonly type: 'gcs';
  /** Name of the existing bucket. */
  readonly bucket: string;
  /** Object prefix of the state (Terraform adds `<workspace>.tfstate`). @default `monitoring/<environment>` */
  readonly prefix?: string;
}

/** Where Terraform keeps the state. The default (no backend) is a local state file. */
export type BackendConfig = S3BackendConfig | GcsBackendConfig;

/** Defaults of the kubeconfig Terraform variables (`kubeconfig_path`, `kubeconfig_context`). */
export interface KubeconfigDefaults {
  /** Default of `kubeconfig_path`: the kubeconfig file of the cluster to deploy to. @default '~/.kube/config' */
  readonly path?: string;
  /** Default of `kubeconfig_context`: the context in that kubeconfig. @default '' (the kubeconfig's current context) */
  readonly context?: string;
}

/**
 * One environment (dev, staging, prod…): everything that differs between the stacks.
 * Only `name`, `clusterName` and `region` are required.
 */
export interface EnvironmentConfig {
  /** Short name; the stack is `monitoring-<name>`. Lowercase letters, digits and '-'. */
  readonly name: string;
  /** Cluster name; becomes Prometheus's `cluster` external label and Datadog's cluster name. */
  readonly clusterName: string;
  /** Cloud region; becomes Prometheus's `region` external label and a Datadog tag. */
  readonly region: string;
  /**
   * The cluster's Kubernetes distribution: Prometheus does not scrape, alert on or chart the control-plane
   * components it does not expose (on 'eks', 'gke' and 'aks' the controller manager, scheduler and
   * etcd; docs/prometheus.md "Platform presets").
   * @default 'generic' (every control-plane scrape of kube-prometheus-stack on)
   */
  readonly platform?: Platform;
  /** Namespace of the monitoring stack. @default 'monitoring' */
  readonly namespace?: string;
  /** Which components run. @default all components on except Datadog, and Alertmanager only with `alerting` */
  readonly components?: ComponentToggles;
  /** Prometheus scrape and rule evaluation interval. @default 15s (seed 001 § 2.1) */
  readonly scrapeInterval?: DurationLike;
  /** How long metrics, logs and traces are kept. @default metrics 15d, logs 30d, traces 7d */
  readonly retention?: RetentionConfig;
  /** Fraction of traces kept, within [0, 1]. @default 0.1 (seed 001 § 1.1) */
  readonly traceSampling?: number;
  /** Replicas, resources and storage per component. @default {@link DEFAULT_SIZING} for each component */
  readonly sizing?: SizingConfig;
  /** Where Terraform keeps this stack's state. @default local state */
  readonly backend?: BackendConfig;
  /**
   * Defaults of the kubeconfig Terraform variables (overridable with `--var` at deploy).
   * @default path '~/.kube/config', current context
   */
  readonly kubeconfig?: KubeconfigDefaults;
  /** Extra labels for the namespace and tags for the components (team, cost centre…). @default {} */
  readonly labels?: Record<string, string>;
  /**
   * Prometheus settings beyond sizing and retention: remote_write, size cap, StorageClass.
   * @default no remote_write, no size cap, default StorageClass
   */
  readonly prometheus?: PrometheusEnvironmentOptions;
  /** The seeds' rule packs, each on by default; `false` switches one off. @default all on */
  readonly rulePacks?: RulePacksConfig;
  /**
   * Who is told about alerts: the props of the seeds' severity policy (`SeverityPolicy`), or a
   * complete `AlertmanagerConfig`. Required when Alertmanager is on: there is no receiver that
   * could notify someone without the names of your Secrets.
   * @default none
   */
  readonly alerting?: SeverityPolicyProps | AlertmanagerConfig;
  /** Service level objectives; each gets recording rules, burn-rate alerts and a dashboard. @default none */
  readonly slos?: readonly ServiceLevelObjective[];
  /** The Datadog agent's Secret, site and Cluster Agent replicas, and the billed choices (`prometheusScrape`, `logs`, `traces`, each off unless set); `secretName` is required when `components.datadog` is on. @default none */
  readonly datadog?: DatadogEnvironmentOptions;
  /** Where Jaeger keeps traces; more than one Jaeger replica needs shared storage. @default JaegerStorage.memory() */
  readonly traceStorage?: JaegerStorage;
  /**
   * Object storage for logs. When given, Loki runs in Distributed mode on it; otherwise Monolithic on
   * a persistent volume of `sizing.loki.storageGiB`.
   * @default none (Monolithic)
   */
  readonly logStorage?: LokiObjectStorage;
  /**
   * Loki multi-tenancy: Loki runs with `auth_enabled: true`, and this stack's log shipper, Loki ruler
   * and Grafana datasource push and query as this tenant (`X-Scope-OrgID`). Up to 150 letters, digits
   * and `!-_.*'()`.
   * @default none: single-tenant Loki (tenant `fake`, no header)
   */
  readonly logTenant?: string;
  /**
   * Grafana settings beyond sizing: admin Secret, database, Ingress, business dashboard.
   * @default admin Secret 'grafana-admin', SQLite, no Ingress, no business dashboard
   */
  readonly grafana?: GrafanaEnvironmentOptions;
  /**
   * The services this environment watches: each gets a golden-signals dashboard (and a logs
   * dashboard when Loki runs) and, unless its `scrape` is false, a ServiceMonitor that sets `service`.
   * @default none
   */
  readonly services?: readonly EnvironmentService[];
  /** Alertmanager's external URL (links in notifications). @default none */
  readonly alertmanager?: AlertmanagerEnvironmentOptions;
  /** Loki's per-stream retention, limits and the team of its built-in rules. @default none, default limits, team 'platform' */
  readonly loki?: LokiEnvironmentOptions;
  /** Fluent Bit's app label. @default pod label 'app' */
  readonly logShipper?: LogShipperEnvironmentOptions;
  /** Jaeger's per-service head sampling and query Ingress. @default none */
  readonly jaeger?: JaegerEnvironmentOptions;
  /** The collector's tail sampling. @default none */
  readonly otelCollector?: OtelCollectorEnvironmentOptions;
  /**
   * Synthetic checks of endpoints (e.g. the public URLs, for `probe_success` and the certificate expiry
   * that CertificateExpiringSoon reads): a blackbox exporter runs when there is at least one. Needs Prometheus.
   * @default none
   */
  readonly probes?: readonly EnvironmentProbe[];
  /** The blackbox exporter's modules, replicas and resources (used when `probes` is not empty). @default http_2xx only, 1 replica */
  readonly blackboxExporter?: BlackboxExporterEnvironmentOptions;
  /**
   * ServiceMonitors and PodMonitors of your own, made with the stack's Prometheus (for what `services`
   * does not cover, e.g. pods without a Service). Needs Prometheus.
   * @default none
   */
  readonly monitors?: readonly EnvironmentMonitor[];
  /** Chart values per component for what no typed option covers yet (docs/extending.md). @default none */
  readonly chartValues?: ChartValuesConfig;
  /** Extra ingress for the stack's NetworkPolicies, by policy name (docs/extending.md). @default none */
  readonly networkPolicies?: NetworkPoliciesConfig;
}

/** A component's sizing with every default filled in: the shape of its own {@link SizingDefaults}. */
export type ResolvedSizing = SizingDefaults;

/** An environment with every default filled in and every value checked. */
export interface ResolvedEnvironment {
  /** The environment's short name, e.g. `prod`. */
  readonly name: string;
  /** The Terraform stack name, `monitoring-<name>`. */
  readonly stackName: string;
  /** Cluster name (Prometheus `cluster` external label, Datadog cluster name). */
  readonly clusterName: string;
  /** Cloud region (Prometheus `region` external label). */
  readonly region: string;
  /** The cluster's distribution, checked (`generic` unless set). */
  readonly platform: Platform;
  /** Namespace of the monitoring stack (default `monitoring`). */
  readonly namespace: string;
  /** Which components run, every toggle decided. */
  readonly components: Required<ComponentToggles>;
  /** Prometheus scrape and rule evaluation interval (default 15s). */
  readonly scrapeInterval: Duration;
  /** How long each signal is kept (defaults: metrics 15d, logs 30d, traces 7d). */
  readonly retention: { readonly metrics: Duration; readonly logs: Duration; readonly traces: Duration };
  /** Fraction of traces kept, within [0, 1] (default 0.1). */
  readonly traceSampling: number;
  /** Sizing of every sized component, {@link DEFAULT_SIZING} filled in. */
  readonly sizing: { readonly [K in keyof Required<SizingConfig>]: ResolvedSizing };
  /** Remote state backend; undefined for local state. */
  readonly backend?: BackendConfig;
  /** Defaults of the kubeconfig variables (path `~/.kube/config` and `''`, the current context, unless set). */
  readonly kubeconfig: Required<KubeconfigDefaults>;
  /** Extra namespace labels and component tags (a copy of the config's). */
  readonly labels: Readonly<Record<string, string>>;
  /** Prometheus options as given (`{}` when none). */
  readonly prometheus: PrometheusEnvironmentOptions;
  /** Rule pack switches as given (`{}`: all on). */
  readonly rulePacks: RulePacksConfig;
  /** Who is told about alerts; set whenever Alertmanager is on. */
  readonly alerting?: SeverityPolicyProps | AlertmanagerConfig;
  /** The environment's SLOs (empty when none). */
  readonly slos: readonly ServiceLevelObjective[];
  /** Datadog options as given (`{}` when none). */
  readonly datadog: DatadogEnvironmentOptions;
  /** Jaeger's trace storage; undefined for in-memory storage. */
  readonly traceStorage?: JaegerStorage;
  /** Loki's object storage; undefined for Monolithic mode on a volume. */
  readonly logStorage?: LokiObjectStorage;
  /** The Loki tenant when Loki is multi-tenant; undefined for single-tenant Loki. */
  readonly logTenant?: string;
  /** Grafana options as given (`{}` when none). */
  readonly grafana: GrafanaEnvironmentOptions;
  /** The watched services (empty when none). */
  readonly services: readonly EnvironmentService[];
  /** Alertmanager options as given (`{}` when none). */
  readonly alertmanager: AlertmanagerEnvironmentOptions;
  /** Loki options as given (`{}` when none). */
  readonly loki: LokiEnvironmentOptions;
  /** Fluent Bit options as given (`{}` when none). */
  readonly logShipper: LogShipperEnvironmentOptions;
  /** Jaeger options as given (`{}` when none). */
  readonly jaeger: JaegerEnvironmentOptions;
  /** Collector options as given (`{}` when none). */
  readonly otelCollector: OtelCollectorEnvironmentOptions;
  /** The probes (empty when none). */
  readonly probes: readonly EnvironmentProbe[];
  /** Blackbox exporter options as given (`{}` when none). */
  readonly blackboxExporter: BlackboxExporterEnvironmentOptions;
  /** Your own monitors (empty when none). */
  readonly monitors: readonly EnvironmentMonitor[];
  /** Chart values per component, checked (`{}` when none). */
  readonly chartValues: ChartValuesConfig;
  /** Extra NetworkPolicy ingress, checked (`{}` when none). */
  readonly networkPolicies: NetworkPoliciesConfig;
}

/**
 * Sizing used when the environment does not say: a small single-replica footprint. Built from the
 * components' own defaults (`PROMETHEUS_DEFAULTS` in lib/prometheus/prometheus-defaults.ts, …), which
 * are the one place each default is written.
 */
export const DEFAULT_SIZING: { readonly [K in keyof Required<SizingConfig>]: ResolvedSizing } = {
  prometheus: PROMETHEUS_DEFAULTS,
  alertmanager: ALERTMANAGER_DEFAULTS,
  grafana: GRAFANA_DEFAULTS,
  loki: LOKI_DEFAULTS,
  jaeger: JAEGER_DEFAULTS,
  otelCollector: OTEL_COLLECTOR_DEFAULTS,
};
